"""Run a plan: every fetch node once its dependencies are merged, independent nodes concurrently.

All subgraph answers are merged into one JSON tree keyed by response keys; the shaper
(``shape.py``) then cuts the client's answer out of it. An entity fetch gathers the objects at its
path, writes one representation per distinct object (key fields plus required fields), sends one
``_entities`` call and merges each answer back into every object it stands for.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import orjson

from clc_gateway.planning.ir import Field, Selection, unalias
from clc_gateway.planning.plan import FetchNode, Plan
from clc_gateway.supergraph.model import Supergraph

from .client import SubgraphClient, SubgraphError

__all__ = ["run_plan"]

Path = list[str | int]


class _Missing(Exception):
    pass


def _objects_at(data: Any, path: tuple[str, ...]) -> list[tuple[dict[str, Any], Path]]:
    found: list[tuple[Any, Path]] = [(data, [])]
    for key in path:
        nxt: list[tuple[Any, Path]] = []
        for value, p in found:
            for obj, op in _flatten(value, p):
                if key in obj and obj[key] is not None:
                    nxt.append((obj[key], [*op, key]))
        found = nxt
    return [pair for value, p in found for pair in _flatten(value, p)]


def _flatten(value: Any, path: Path) -> list[tuple[dict[str, Any], Path]]:
    if isinstance(value, dict):
        return [(value, path)]
    if isinstance(value, list):
        return [pair for i, v in enumerate(value) for pair in _flatten(v, [*path, i])]
    return []


def _extract(sg: Supergraph, obj: dict[str, Any], sels: list[Selection]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for s in sels:
        if isinstance(s, Field):
            if s.name == "__typename":
                continue
            if s.key not in obj:
                raise _Missing(s.key)
            out[s.name] = _extract_value(sg, obj[s.key], s.selections)
        elif s.type_condition is None or sg.applies(s.type_condition, obj.get("__typename", "")):
            out.update(_extract(sg, obj, s.selections))
    return out


def _extract_value(sg: Supergraph, value: Any, sels: list[Selection] | None) -> Any:
    if sels is None or value is None:
        return value
    if isinstance(value, list):
        return [_extract_value(sg, v, sels) for v in value]
    inner = _extract(sg, value, sels)
    if "__typename" in value:
        return {"__typename": value["__typename"], **inner}
    return inner


def merge(sg: Supergraph, target: dict[str, Any], source: dict[str, Any]) -> None:
    for k, v in source.items():
        cur = target.get(k)
        if k == "__typename" and cur is not None and not sg.is_abstract(cur):
            continue  # an @interfaceObject subgraph answers with the interface's name
        if isinstance(cur, dict) and isinstance(v, dict):
            merge(sg, cur, v)
        elif isinstance(cur, list) and isinstance(v, list) and len(cur) == len(v):
            for i, (a, b) in enumerate(zip(cur, v, strict=True)):
                if isinstance(a, dict) and isinstance(b, dict):
                    merge(sg, a, b)
                else:
                    cur[i] = b
        else:
            target[k] = v


def _response_keys(sels: list[Selection]) -> list[str]:
    keys: list[str] = []
    for s in sels:
        if isinstance(s, Field):
            if s.name != "__typename":
                keys.append(s.original or s.key)
        else:
            keys.extend(k for k in _response_keys(s.selections) if k not in keys)
    return keys


class _Run:
    def __init__(
        self,
        sg: Supergraph,
        client: SubgraphClient,
        variables: dict[str, Any],
        headers: dict[str, str],
    ) -> None:
        self.sg = sg
        self.client = client
        self.url_of: Callable[[str], str] = sg.graphs.__getitem__
        self.variables = variables
        self.headers = headers
        self.data: dict[str, Any] = {}
        self.errors: list[dict[str, Any]] = []
        self.reported: list[str] = []
        """Consistency tokens the subgraphs answered (``extensions.consistencyToken``)."""

    def _vars(self, node: FetchNode) -> dict[str, Any]:
        return {v: self.variables[v] for v in node.variables if v in self.variables}

    async def _post(
        self, node: FetchNode, variables: dict[str, Any], at: Path | None = None
    ) -> dict[str, Any] | None:
        """The subgraph's answer, or None with an error recorded: at the root fields the fetch
        was to deliver, or at ``at`` (the first field of the first object an entity fetch was
        for: the clients' null will bubble from there)."""
        try:
            answer = await self.client.post(
                self.url_of(node.graph),
                node.query,
                variables,
                self.headers,
                dedupe=node.operation == "query",
            )
            self._token_of(answer)
            return answer
        except SubgraphError as exc:
            message = f"{self.sg.graph_names.get(node.graph, node.graph)}: {exc}"
            if node.entity or node.path:
                self.errors.append({"message": message, "path": at or list(node.path) or None})
            else:
                # a root fetch: each root field it was to deliver failed, at its own path
                keys = _response_keys(node.selections)
                self.errors.extend({"message": message, "path": [k]} for k in keys)
                if not keys:
                    self.errors.append({"message": message, "path": None})
            return None

    def _token_of(self, answer: dict[str, Any]) -> None:
        extensions = answer.get("extensions")
        if isinstance(extensions, dict):
            token = extensions.get("consistencyToken")
            if isinstance(token, str):
                self.reported.append(token)

    async def root(self, node: FetchNode) -> None:
        resp = await self._post(node, self._vars(node))
        if resp is None:
            return
        for e in resp.get("errors") or ():
            self.errors.append(e)
        if isinstance(resp.get("data"), dict):
            if node.aliased:
                unalias(resp["data"], node.selections)
            merge(self.sg, self.data, resp["data"])

    async def entities(self, node: FetchNode) -> None:
        reps: list[dict[str, Any]] = []
        index: dict[bytes, int] = {}
        targets: list[list[tuple[dict[str, Any], Path]]] = []
        for obj, path in _objects_at(self.data, node.path):
            rep_type = node.rep_types.get(obj.get("__typename", ""))
            if rep_type is None:
                continue
            try:
                rep = {"__typename": rep_type, **_extract(self.sg, obj, node.rep_fields[rep_type])}
            except _Missing:
                continue
            if any(v is None for v in rep.values()):
                continue
            k = orjson.dumps(rep, option=orjson.OPT_SORT_KEYS)
            i = index.get(k)
            if i is None:
                i = index[k] = len(reps)
                reps.append(rep)
                targets.append([])
            targets[i].append((obj, path))
        if not reps:
            return
        first = _response_keys(node.selections)
        at = [*targets[0][0][1], *first[:1]]
        resp = await self._post(node, {"representations": reps, **self._vars(node)}, at)
        if resp is None:
            return
        for e in resp.get("errors") or ():
            p = e.get("path")
            if (
                isinstance(p, list)
                and len(p) >= 2
                and p[0] == "_entities"
                and isinstance(p[1], int)
                and p[1] < len(targets)
            ):
                e = {**e, "path": [*targets[p[1]][0][1], *p[2:]]}
            elif p is not None:
                e = {k: v for k, v in e.items() if k != "path"}
            self.errors.append(e)
        data = resp.get("data")
        results = data.get("_entities") if isinstance(data, dict) else None
        if not isinstance(results, list):
            return
        if node.aliased:
            unalias(results, node.selections)
        for i, result in enumerate(results[: len(targets)]):
            if isinstance(result, dict):
                for obj, _ in targets[i]:
                    merge(self.sg, obj, result)


async def run_plan(
    sg: Supergraph,
    plan: Plan,
    client: SubgraphClient,
    variables: dict[str, Any],
    headers: dict[str, str],
    url_of: Callable[[str], str] | None = None,
    reported: list[str] | None = None,
    seed: dict[str, Any] | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """``url_of``: where to call a subgraph this time (replicas); default its supergraph URL.
    ``reported`` collects the consistency tokens the subgraphs answered (their writes).
    ``seed``: the root fetches' data is already there (a subscription's event): run the rest."""
    run = _Run(sg, client, variables, headers)
    if reported is not None:
        run.reported = reported
    if seed is not None:
        run.data = seed
    if url_of is not None:
        run.url_of = url_of
    tasks: dict[int, asyncio.Task[None]] = {}

    async def one(node: FetchNode) -> None:
        if node.deps:
            await asyncio.gather(*(tasks[d] for d in node.deps))
        if seed is not None and not node.entity:
            return
        await (run.entities(node) if node.entity else run.root(node))

    for node in plan.nodes:  # dependencies always have smaller ids
        tasks[node.id] = asyncio.ensure_future(one(node))
    if tasks:
        await asyncio.gather(*tasks.values())
    return run.data, run.errors

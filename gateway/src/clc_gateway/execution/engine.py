"""One request end to end: parse, validate against the API schema, plan (cached), run, shape.

Plans are cached per (document hash, operation name): the plan depends only on the document, never
on variable values, because ``@skip``/``@include`` are carried into the plan and evaluated later.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import OrderedDict
from collections.abc import AsyncIterator
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLError,
    OperationDefinitionNode,
    SelectionSetNode,
    execute_sync,
    parse,
    validate,
)
from graphql.execution.values import get_variable_values

from clc_gateway.planning.ir import from_ast
from clc_gateway.planning.limits import limit_errors
from clc_gateway.planning.plan import Plan
from clc_gateway.planning.planner import Planner
from clc_gateway.supergraph.model import Supergraph

from . import consistency
from .client import SubgraphClient, request_stats
from .run import run_plan
from .shape import shape
from .subscribe import events_of

__all__ = ["Engine"]


def _introspection_only(doc: DocumentNode, op: OperationDefinitionNode) -> DocumentNode:
    """The operation cut down to its ``__schema``/``__type`` root fields, for graphql-core."""
    fields = tuple(
        s
        for s in op.selection_set.selections
        if isinstance(s, FieldNode) and s.name.value in ("__schema", "__type")
    )
    only = OperationDefinitionNode(
        operation=op.operation,
        variable_definitions=op.variable_definitions,
        directives=(),
        selection_set=SelectionSetNode(selections=fields),
    )
    frags = tuple(d for d in doc.definitions if isinstance(d, FragmentDefinitionNode))
    return DocumentNode(definitions=(only, *frags))


_WRONG_DOOR = {
    False: "subscriptions are served over WebSocket (graphql-transport-ws) or SSE"
    " (Accept: text/event-stream), not as a plain POST",
    True: "only a subscription runs here",
}


def _err(message: str) -> dict[str, Any]:
    return {"errors": [{"message": message}]}


class _Loaded:
    """One supergraph with its planner and plan cache: swapped as a unit on reload, so a request
    never plans against one supergraph and runs against another."""

    def __init__(self, sg: Supergraph, replicas: dict[str, list[str]]) -> None:
        self.sg = sg
        self.planner = Planner(sg)
        self.plans: OrderedDict[tuple[str, str | None], tuple[DocumentNode, Plan]] = OrderedDict()
        # replicas are named by subgraph name; a subgraph without any uses its supergraph URL
        self.urls = {g: replicas.get(sg.graph_names[g]) or [url] for g, url in sg.graphs.items()}
        self._turns = {g: itertools.cycle(urls) for g, urls in self.urls.items()}

    def url(self, graph: str) -> str:
        """Round robin over the subgraph's replicas."""
        return next(self._turns[graph])


class Engine:
    def __init__(
        self,
        sg: Supergraph,
        client: SubgraphClient,
        *,
        plan_cache_size: int = 1000,
        replicas: dict[str, list[str]] | None = None,
        max_depth: int = 0,
        max_aliases: int = 0,
        max_cost: int = 0,
    ) -> None:
        self.client = client
        self._limits = {"max_depth": max_depth, "max_aliases": max_aliases, "max_cost": max_cost}
        self._replicas = replicas or {}
        self._loaded = _Loaded(sg, self._replicas)
        self._size = plan_cache_size
        self.plans_built = 0
        """Plan cache misses (each built a plan); ``plan_hits`` the hits. Read by the metrics."""
        self.plan_hits = 0

    @property
    def sg(self) -> Supergraph:
        return self._loaded.sg

    @property
    def subgraph_urls(self) -> dict[str, list[str]]:
        """Subgraph name -> every URL the gateway calls it at."""
        loaded = self._loaded
        return {loaded.sg.graph_names[g]: urls for g, urls in loaded.urls.items()}

    def replace_supergraph(self, sg: Supergraph) -> None:
        self._loaded = _Loaded(sg, self._replicas)

    def prepare(
        self,
        query: str,
        operation_name: str | None,
        loaded: _Loaded | None = None,
        *,
        subscription: bool = False,
    ) -> tuple[DocumentNode, Plan] | dict[str, Any]:
        """The cached (document, plan) for a request, or an error response. ``subscription``:
        only a subscription may run (over WebSocket or SSE); otherwise anything else."""
        state = loaded or self._loaded
        key = (hashlib.sha256(query.encode()).hexdigest(), operation_name)
        hit = state.plans.get(key)
        if hit is not None:
            state.plans.move_to_end(key)
            self.plan_hits += 1
            if (hit[1].operation.operation.value == "subscription") != subscription:
                return _err(_WRONG_DOOR[subscription])
            return hit
        try:
            doc = parse(query)
        except GraphQLError as exc:
            return {"errors": [exc.formatted]}
        errors = validate(state.sg.api_schema, doc)
        if errors:
            return {"errors": [e.formatted for e in errors]}
        ops = [d for d in doc.definitions if isinstance(d, OperationDefinitionNode)]
        op = next(
            (
                o
                for o in ops
                if operation_name is None or (o.name and o.name.value == operation_name)
            ),
            None,
        )
        if op is None or (operation_name is None and len(ops) > 1):
            return _err("the operation to run is unknown: send operationName")
        if (op.operation.value == "subscription") != subscription:
            return _err(_WRONG_DOOR[subscription])
        frags = {d.name.value: d for d in doc.definitions if isinstance(d, FragmentDefinitionNode)}
        selections = from_ast(op.selection_set, frags) or []
        exceeded = limit_errors(selections, **self._limits)
        if exceeded:
            code = {"code": "QUERY_TOO_COMPLEX"}
            return {"errors": [{"message": m, "extensions": code} for m in exceeded]}
        plan = state.planner.plan(op, selections)
        self.plans_built += 1
        state.plans[key] = (doc, plan)
        if len(state.plans) > self._size:
            state.plans.popitem(last=False)
        return doc, plan

    async def execute(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        operation_name: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        state = self._loaded
        sg = state.sg
        prepared = self.prepare(query, operation_name, state)
        if isinstance(prepared, dict):
            return prepared
        doc, plan = prepared
        stats = request_stats.get()
        if stats is not None and plan.operation.name is not None:
            stats.operation = plan.operation.name.value
        if plan.errors:
            # a field no subgraph can deliver here: refuse the operation rather than guess
            return {"data": None, "errors": [{"message": m} for m in plan.errors]}
        coerced = get_variable_values(
            sg.api_schema, plan.operation.variable_definitions or (), variables or {}
        )
        if isinstance(coerced, list):
            return {"errors": [e.formatted for e in coerced]}
        try:
            given = consistency.given(headers or {}, plan.selections, variables or {})
        except consistency.BadToken as bad:
            return consistency.refusal(bad)
        headers = consistency.forwarded(headers or {}, given)
        reported: list[str] = []
        # subgraphs get the client's variables as sent (their definitions carry the defaults)
        data, errors = await run_plan(
            sg, plan, self.client, variables or {}, headers, state.url, reported
        )
        if plan.introspection:
            intro = execute_sync(
                sg.api_schema,
                _introspection_only(doc, plan.operation),
                variable_values=variables,
            )
            for k, v in (intro.data or {}).items():
                if k not in data and v is not None:
                    data[k] = v
        shaped = shape(sg, plan.root_type, plan.selections, data, coerced.coerced, errors)
        result: dict[str, Any] = {"data": shaped}
        if errors:
            result["errors"] = errors
        token = consistency.answered(given, reported)
        if token is not None:
            if reported and plan.operation.operation.value == "mutation":
                consistency.show_in_payloads(shaped, plan.selections, token)
            result["extensions"] = {"consistencyToken": token}
        return result

    def subscribe(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        operation_name: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> AsyncIterator[dict[str, Any]] | dict[str, Any]:
        """A subscription's results (``execution/subscribe.py``), or an error response if it
        may not start (invalid, over the limits, not a subscription, not plannable)."""
        state = self._loaded
        sg = state.sg
        prepared = self.prepare(query, operation_name, state, subscription=True)
        if isinstance(prepared, dict):
            return prepared
        _, plan = prepared
        if plan.errors:
            return {"data": None, "errors": [{"message": m} for m in plan.errors]}
        if sum(1 for n in plan.nodes if not n.entity) != 1:
            return _err("a subscription selects exactly one root field")
        coerced = get_variable_values(
            sg.api_schema, plan.operation.variable_definitions or (), variables or {}
        )
        if isinstance(coerced, list):
            return {"errors": [e.formatted for e in coerced]}
        return events_of(
            sg, plan, self.client, variables or {}, coerced.coerced, headers or {}, state.url
        )

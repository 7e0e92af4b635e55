"""Cut the client's answer out of the merged subgraph data, by the operation and the API schema.

This is where the response takes its shape: response keys in the order asked, fragments applied by
``__typename``, ``@skip``/``@include`` evaluated, ``__typename`` answered with the client-visible
type, enum values outside the API schema refused, and null propagation per the GraphQL spec: a
null (or missing) value in a non-null position makes the nearest nullable ancestor null, with an
error at the field's path (unless an error inside the same object already explains it; a list stops
at its first such item, as graphql-js does). Nothing is re-executed.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    DirectiveNode,
    GraphQLEnumType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    is_abstract_type,
    is_leaf_type,
)

from clc_gateway.planning.ir import Field, Selection
from clc_gateway.supergraph.model import Supergraph

__all__ = ["shape"]

_BUBBLE = object()


def included(directives: tuple[DirectiveNode, ...], variables: dict[str, Any]) -> bool:
    for d in directives:
        arg = next((a for a in d.arguments or () if a.name.value == "if"), None)
        if arg is None:
            continue
        v = arg.value
        cond = variables.get(v.name.value) if v.kind == "variable" else getattr(v, "value", False)  # type: ignore[attr-defined]
        if d.name.value == "skip" and cond is True:
            return False
        if d.name.value == "include" and cond is not True:
            return False
    return True


class _Shaper:
    def __init__(
        self, sg: Supergraph, variables: dict[str, Any], errors: list[dict[str, Any]]
    ) -> None:
        self.sg = sg
        self.schema: GraphQLSchema = sg.api_schema
        self.variables = variables
        self.errors = errors
        self.error_paths = {tuple(e.get("path") or ()) for e in errors}

    def _explained(self, path: list[Any]) -> bool:
        """A null here is already explained by an error at this path or elsewhere inside the
        same object (an entity that came back null with the subgraph's error on one field)."""
        parent = tuple(path[:-1])
        return any(len(p) >= len(path) and p[: len(parent)] == parent for p in self.error_paths)

    def fields(self, sels: list[Selection], typename: str, out: dict[str, list[Field]]) -> None:
        for s in sels:
            if not included(s.directives, self.variables):
                continue
            if isinstance(s, Field):
                out.setdefault(s.key, []).append(s)
            elif self.sg.applies(s.type_condition, typename):
                self.fields(s.selections, typename, out)

    def obj(
        self,
        type_: GraphQLObjectType,
        value: dict[str, Any],
        sels: list[Selection],
        path: list[Any],
    ) -> Any:
        typename = type_.name
        grouped: dict[str, list[Field]] = {}
        self.fields(sels, typename, grouped)
        result: dict[str, Any] = {}
        for key, fs in grouped.items():
            f = fs[0]
            if f.name == "__typename":
                result[key] = typename
                continue
            if f.name in ("__schema", "__type"):
                result[key] = value.get(key)  # answered by graphql-core from the API schema
                continue
            fdef = type_.fields.get(f.name)
            if fdef is None:
                result[key] = None
                continue
            sub: list[Selection] = [s for x in fs for s in (x.selections or ())]
            v = self.value(fdef.type, value.get(key), sub, [*path, key])
            if v is _BUBBLE:
                return _BUBBLE
            result[key] = v
        return result

    def value(self, t: GraphQLOutputType, v: Any, sels: list[Selection], path: list[Any]) -> Any:
        """The completed value; ``_BUBBLE`` only for a non-null position that must be null."""
        if isinstance(t, GraphQLNonNull):
            r = self.inner(t.of_type, v, sels, path)
            if r is None:
                if not self._explained(path):
                    self.errors.append(
                        {"message": "Cannot return null for non-nullable field", "path": path}
                    )
                    self.error_paths.add(tuple(path))
                return _BUBBLE
            return r
        r = self.inner(t, v, sels, path)
        return None if r is _BUBBLE else r

    def inner(self, t: GraphQLOutputType, v: Any, sels: list[Selection], path: list[Any]) -> Any:
        if v is None:
            return None
        if isinstance(t, GraphQLList):
            if not isinstance(v, list):
                return None
            items = []
            for i, x in enumerate(v):
                item = self.value(t.of_type, x, sels, [*path, i])
                if item is _BUBBLE:
                    # the list is null anyway: its later items add no errors (as graphql-js)
                    return _BUBBLE
                items.append(item)
            return items
        if is_leaf_type(t):
            if isinstance(t, GraphQLEnumType) and v not in t.values:
                self.errors.append({"message": f"Enum value not allowed: {v!r}", "path": path})
                self.error_paths.add(tuple(path))
                return None
            return v
        if not isinstance(v, dict):
            return None
        rt = t
        if is_abstract_type(t):
            name = v.get("__typename")
            found = self.schema.get_type(name) if isinstance(name, str) else None
            if isinstance(found, GraphQLObjectType):
                rt = found
            elif name != t.name:
                # a type hidden from clients (@inaccessible) or unknown: not representable here
                return None
        return self.obj(rt, v, sels, path)  # type: ignore[arg-type]


def shape(
    sg: Supergraph,
    root: str,
    sels: list[Selection],
    data: dict[str, Any],
    variables: dict[str, Any],
    errors: list[dict[str, Any]],
) -> dict[str, Any] | None:
    root_type = sg.api_schema.get_type(root)
    assert isinstance(root_type, GraphQLObjectType)
    r = _Shaper(sg, variables, errors).obj(root_type, data, sels, [])
    return None if r is _BUBBLE else r

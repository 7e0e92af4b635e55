"""Load a supergraph SDL: the ``join__*`` metadata and the API schema clients see.

The API schema is the supergraph minus federation machinery (``join__``/``link__`` types and
directives) and minus everything marked ``@inaccessible``. It is built from the same parsed document
with those parts cut out, so descriptions and ``@deprecated`` survive.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    BooleanValueNode,
    DirectiveDefinitionNode,
    DirectiveNode,
    DocumentNode,
    EnumTypeDefinitionNode,
    InputObjectTypeDefinitionNode,
    InterfaceTypeDefinitionNode,
    ListTypeNode,
    NonNullTypeNode,
    ObjectTypeDefinitionNode,
    ScalarTypeDefinitionNode,
    SchemaDefinitionNode,
    StringValueNode,
    TypeNode,
    UnionTypeDefinitionNode,
    build_ast_schema,
    parse,
    print_ast,
)

from .model import FieldInfo, FieldInGraph, Key, Supergraph, TypeInfo, TypeInGraph

__all__ = ["load_supergraph"]

_KEPT_DIRECTIVES = {"deprecated", "specifiedBy", "oneOf"}
_KINDS: dict[type, str] = {
    ObjectTypeDefinitionNode: "object",
    InterfaceTypeDefinitionNode: "interface",
    UnionTypeDefinitionNode: "union",
    EnumTypeDefinitionNode: "enum",
    InputObjectTypeDefinitionNode: "input",
    ScalarTypeDefinitionNode: "scalar",
}


def _named(t: TypeNode) -> str:
    while isinstance(t, NonNullTypeNode | ListTypeNode):
        t = t.type
    return t.name.value  # type: ignore[attr-defined, no-any-return]


def _args(d: DirectiveNode) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for a in d.arguments or ():
        v = a.value
        if isinstance(v, StringValueNode | BooleanValueNode):
            out[a.name.value] = v.value
        else:
            out[a.name.value] = getattr(v, "value", None)
    return out


def _has(node: Any, name: str) -> bool:
    return any(d.name.value == name for d in getattr(node, "directives", None) or ())


def _graphs(doc: DocumentNode) -> tuple[dict[str, str], dict[str, str]]:
    urls: dict[str, str] = {}
    names: dict[str, str] = {}
    for d in doc.definitions:
        if isinstance(d, EnumTypeDefinitionNode) and d.name.value == "join__Graph":
            for v in d.values or ():
                for dr in v.directives or ():
                    if dr.name.value == "join__graph":
                        a = _args(dr)
                        urls[v.name.value] = a["url"]
                        names[v.name.value] = a["name"]
    return urls, names


def _type_info(d: Any, kind: str) -> TypeInfo:
    info = TypeInfo(name=d.name.value, kind=kind)
    for dr in d.directives or ():
        a = _args(dr)
        if dr.name.value == "join__type":
            tig = info.graphs.setdefault(a["graph"], TypeInGraph())
            if a.get("key"):
                tig.keys.append(Key(a["key"], a.get("resolvable", True) is not False))
            tig.interface_object = tig.interface_object or bool(a.get("isInterfaceObject"))
            tig.extension = tig.extension or bool(a.get("extension"))
        elif dr.name.value == "join__implements":
            info.implements.setdefault(a["graph"], set()).add(a["interface"])
        elif dr.name.value == "join__unionMember":
            info.union_members.setdefault(a["graph"], set()).add(a["member"])
    info.interfaces = [i.name.value for i in getattr(d, "interfaces", None) or ()]
    for f in getattr(d, "fields", None) or ():
        fi = FieldInfo(name=f.name.value, type_name=_named(f.type), type_str=print_ast(f.type))
        for dr in f.directives or ():
            if dr.name.value != "join__field":
                continue
            fi.joined = True
            a = _args(dr)
            if a.get("graph") is None:
                continue
            fi.graphs[a["graph"]] = FieldInGraph(
                requires=a.get("requires"),
                provides=a.get("provides"),
                external=bool(a.get("external")),
                used_overridden=bool(a.get("usedOverridden")),
                override=a.get("override"),
                type=a.get("type"),
            )
        info.fields[fi.name] = fi
    if kind == "union" and not info.union_members:
        # a union defined the same way everywhere has no per-graph members; all graphs see all
        members = {m.name.value for m in d.types or ()}
        for g in info.graphs:
            info.union_members[g] = set(members)
    return info


def _set(node: Any, attr: str, value: Any) -> None:
    object.__setattr__(node, attr, value)  # graphql-core AST nodes are frozen


def _strip(node: Any, inaccessible_types: set[str]) -> Any:
    """Cut federation directives and inaccessible members out of one type definition."""
    _set(
        node,
        "directives",
        tuple(d for d in node.directives or () if d.name.value in _KEPT_DIRECTIVES),
    )
    if hasattr(node, "interfaces") and node.interfaces:
        _set(
            node,
            "interfaces",
            tuple(i for i in node.interfaces if i.name.value not in inaccessible_types),
        )
    if isinstance(node, UnionTypeDefinitionNode):
        _set(
            node,
            "types",
            tuple(t for t in node.types or () if t.name.value not in inaccessible_types),
        )
    if isinstance(node, EnumTypeDefinitionNode):
        _set(node, "values", tuple(v for v in node.values or () if not _has(v, "inaccessible")))
        for v in node.values or ():
            _set(
                v,
                "directives",
                tuple(d for d in v.directives or () if d.name.value in _KEPT_DIRECTIVES),
            )
    fields = getattr(node, "fields", None)
    if fields is not None:
        kept = []
        for f in fields:
            if _has(f, "inaccessible") or _named(f.type) in inaccessible_types:
                continue
            _set(
                f,
                "directives",
                tuple(d for d in f.directives or () if d.name.value in _KEPT_DIRECTIVES),
            )
            if getattr(f, "arguments", None):
                _set(
                    f,
                    "arguments",
                    tuple(
                        a
                        for a in f.arguments
                        if not _has(a, "inaccessible") and _named(a.type) not in inaccessible_types
                    ),
                )
                for a in f.arguments:
                    _set(
                        a,
                        "directives",
                        tuple(d for d in a.directives or () if d.name.value in _KEPT_DIRECTIVES),
                    )
            kept.append(f)
        _set(node, "fields", tuple(kept))
    return node


def _api_document(sdl: str) -> DocumentNode:
    doc = parse(sdl)
    inaccessible = {
        d.name.value  # type: ignore[attr-defined]
        for d in doc.definitions
        if type(d) in _KINDS and _has(d, "inaccessible")
    }
    defs: list[Any] = []
    for d in doc.definitions:
        if isinstance(d, DirectiveDefinitionNode):
            continue
        if isinstance(d, SchemaDefinitionNode):
            _set(d, "directives", ())
            defs.append(d)
            continue
        name = getattr(getattr(d, "name", None), "value", "")
        if name.startswith(("join__", "link__")) or name in inaccessible:
            continue
        defs.append(_strip(d, inaccessible))
    _set(doc, "definitions", tuple(defs))
    return doc


def load_supergraph(sdl: str) -> Supergraph:
    doc = parse(sdl)
    urls, names = _graphs(doc)
    types: dict[str, TypeInfo] = {}
    query, mutation, subscription = "Query", None, None
    for d in doc.definitions:
        kind = _KINDS.get(type(d))
        if kind is not None and not d.name.value.startswith(("join__", "link__")):  # type: ignore[attr-defined]
            types[d.name.value] = _type_info(d, kind)  # type: ignore[attr-defined]
        if isinstance(d, SchemaDefinitionNode):
            for op in d.operation_types:
                if op.operation.value == "query":
                    query = op.type.name.value
                elif op.operation.value == "mutation":
                    mutation = op.type.name.value
                elif op.operation.value == "subscription":
                    subscription = op.type.name.value
    if mutation is None and "Mutation" in types:
        mutation = "Mutation"
    if subscription is None and "Subscription" in types:
        subscription = "Subscription"
    possible: dict[str, set[str]] = {}
    for t in types.values():
        if t.kind == "union":
            possible.setdefault(t.name, set())
            for d in doc.definitions:
                if isinstance(d, UnionTypeDefinitionNode) and d.name.value == t.name:
                    possible[t.name].update(m.name.value for m in d.types or ())
    for t in types.values():
        if t.kind == "object":
            for i in t.interfaces:
                possible.setdefault(i, set()).add(t.name)
    for t in types.values():
        if t.kind == "interface":
            possible.setdefault(t.name, set())
    api = build_ast_schema(_api_document(sdl), assume_valid_sdl=True)
    return Supergraph(
        graphs=urls,
        graph_names=names,
        types=types,
        api_schema=api,
        query_type=query,
        mutation_type=mutation,
        subscription_type=subscription,
        possible=possible,
    )

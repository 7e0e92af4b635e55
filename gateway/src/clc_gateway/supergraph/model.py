"""What the router knows about a supergraph: per type and field, which subgraph resolves what.

Built once from the supergraph SDL's ``join__*`` directives (see ``load.py``); read-only afterwards,
so one instance is shared by every request and every cached plan.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import GraphQLSchema


@dataclass(frozen=True)
class Key:
    fields: str
    resolvable: bool


@dataclass
class TypeInGraph:
    keys: list[Key] = field(default_factory=list)
    interface_object: bool = False
    extension: bool = False


@dataclass
class FieldInGraph:
    requires: str | None = None
    provides: str | None = None
    external: bool = False
    used_overridden: bool = False
    override: str | None = None
    type: str | None = None


@dataclass
class FieldInfo:
    name: str
    type_name: str
    """The named (unwrapped) return type in the supergraph."""
    type_str: str = ""
    """The full return type in the supergraph, e.g. ``[User!]!``."""
    graphs: dict[str, FieldInGraph] = field(default_factory=dict)
    joined: bool = False
    """True when the field carries any ``@join__field``; then only those graphs resolve it."""


@dataclass
class TypeInfo:
    name: str
    kind: str
    """object | interface | union | enum | input | scalar"""
    graphs: dict[str, TypeInGraph] = field(default_factory=dict)
    fields: dict[str, FieldInfo] = field(default_factory=dict)
    implements: dict[str, set[str]] = field(default_factory=dict)
    """graph -> interfaces this object/interface implements in that graph"""
    union_members: dict[str, set[str]] = field(default_factory=dict)
    """graph -> member types of this union in that graph"""
    interfaces: list[str] = field(default_factory=list)
    """interfaces implemented in the supergraph"""


@dataclass
class Supergraph:
    graphs: dict[str, str]
    """graph id (``join__Graph`` value) -> subgraph URL"""
    graph_names: dict[str, str]
    types: dict[str, TypeInfo]
    api_schema: GraphQLSchema
    query_type: str = "Query"
    mutation_type: str | None = None
    subscription_type: str | None = None
    possible: dict[str, set[str]] = field(default_factory=dict)
    """abstract type -> object types that may stand for it (supergraph-wide)"""

    def type_in(self, type_name: str, graph: str) -> TypeInGraph | None:
        info = self.types.get(type_name)
        return info.graphs.get(graph) if info else None

    def is_abstract(self, type_name: str) -> bool:
        info = self.types.get(type_name)
        return info is not None and info.kind in ("interface", "union")

    def is_interface_object(self, type_name: str, graph: str) -> bool:
        tig = self.type_in(type_name, graph)
        return tig is not None and tig.interface_object

    def possible_in_graph(self, abstract: str, graph: str) -> list[str]:
        """The object types a subgraph may return where it declares ``abstract``."""
        info = self.types[abstract]
        if info.kind == "union":
            return sorted(info.union_members.get(graph, set()))
        out = []
        for name in sorted(self.possible.get(abstract, ())):
            obj = self.types[name]
            if abstract in obj.implements.get(graph, set()) and graph in obj.graphs:
                out.append(name)
        return out

    def applies(self, condition: str | None, typename: str) -> bool:
        """Does a fragment on ``condition`` apply to an object whose ``__typename`` is given?"""
        if condition is None or condition == typename:
            return True
        return typename in self.possible.get(condition, ())

    def resolving_graphs(self, type_name: str, field_name: str) -> dict[str, FieldInGraph]:
        """Subgraphs that resolve ``type.field`` themselves (not external, not overridden)."""
        info = self.types[type_name]
        fi = info.fields.get(field_name)
        if fi is None:
            return {}
        if not fi.joined:
            return {g: FieldInGraph() for g in info.graphs}
        return {
            g: fg
            for g, fg in fi.graphs.items()
            if not fg.external and not fg.used_overridden and g in info.graphs
        }

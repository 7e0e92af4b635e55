"""A query plan: fetch nodes forming a dependency graph, plus the operation to shape the answer.

A node is either a root fetch (the operation's root fields owned by one subgraph) or an entity
fetch: one ``_entities`` call for every object found at ``path`` in the data gathered so far,
whatever the list nesting, so a level costs one request per subgraph, never one per item. A node
runs once all nodes in ``deps`` have merged their data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import OperationDefinitionNode

from .ir import Fragment, Selection


@dataclass
class FetchNode:
    id: int
    graph: str
    path: tuple[str, ...]
    entity: bool
    operation: str = "query"
    selections: list[Selection] = field(default_factory=list)
    rep_types: dict[str, str] = field(default_factory=dict)
    """typename found in the data -> typename sent in the representation"""
    rep_fields: dict[str, list[Selection]] = field(default_factory=dict)
    """representation typename -> the key and required fields it carries"""
    deps: set[int] = field(default_factory=set)
    query: str = ""
    aliased: bool = False
    variables: tuple[str, ...] = ()

    def fragment(self, type_name: str) -> Fragment:
        for s in self.selections:
            if isinstance(s, Fragment) and s.type_condition == type_name:
                return s
        frag = Fragment(type_name)
        self.selections.append(frag)
        return frag


@dataclass
class Plan:
    operation: OperationDefinitionNode
    root_type: str
    selections: list[Selection]
    nodes: list[FetchNode]
    introspection: bool = False
    errors: list[str] = field(default_factory=list)

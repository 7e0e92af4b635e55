"""Depth (shallow, deep, profound) is not a ranking: no read model orders groups or schools by it.

Walked over the enquiry subgraph and the committed supergraph (every service's client schema):
no query field or argument offers an ordering, sort or rank by depth, and no argument that orders
anything can take a depth (an enum with a depth in its values). The learning matrix stays a fixed
grid of level x depth cells, in the vocabulary's order, never sorted by its counts.
"""

from __future__ import annotations

import re
from pathlib import Path

from clc_enquiry.api import build_schema
from clc_enquiry.domain import Depth
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLObjectType,
    GraphQLSchema,
    get_named_type,
)
from graphql import (
    build_schema as parse_sdl,
)

SUPERGRAPH = Path(__file__).parents[3] / "gateway" / "supergraph.graphql"
ORDERING = re.compile(r"order|sort|rank|top|best|league", re.IGNORECASE)
DEPTHS = {d.name for d in Depth}


def _orderings(schema: GraphQLSchema) -> list[str]:
    """Every argument or input field that orders, sorts or ranks, as ``Type.field(arg)``."""
    found = []
    for type_ in schema.type_map.values():
        if type_.name.startswith("__"):
            continue
        if isinstance(type_, GraphQLObjectType):
            for fname, field in type_.fields.items():
                if ORDERING.search(fname) and "depth" in fname.lower():
                    found.append(f"{type_.name}.{fname}")
                for aname, arg in field.args.items():
                    if ORDERING.search(aname) or _takes_a_depth_ordering(arg.type):
                        found.append(f"{type_.name}.{fname}({aname})")
        if isinstance(type_, GraphQLInputObjectType) and ORDERING.search(type_.name):
            found.append(type_.name)
    return found


def _takes_a_depth_ordering(type_: object) -> bool:
    named = get_named_type(type_)  # type: ignore[arg-type]
    return (
        isinstance(named, GraphQLEnumType)
        and bool(ORDERING.search(named.name))
        and any(d in v for v in named.values for d in DEPTHS)
    )


def _depth_orderings(schema: GraphQLSchema) -> list[str]:
    return [o for o in _orderings(schema) if "depth" in o.lower() or "(" in o]


def test_the_enquiry_subgraph_offers_no_ordering_by_depth() -> None:
    assert _depth_orderings(build_schema()._schema) == []


def test_no_service_offers_an_ordering_by_depth_to_clients() -> None:
    sdl = SUPERGRAPH.read_text()
    # the supergraph's join directives are not client schema: keep only its types
    schema = parse_sdl(sdl, assume_valid=True, assume_valid_sdl=True)
    assert _depth_orderings(schema) == []


def test_the_checks_would_see_an_ordering_by_depth() -> None:
    bad = parse_sdl(
        "enum GroupOrder { DEEP_FIRST PROFOUND_FIRST }"
        " type Query { groups(orderBy: GroupOrder): [String] rankedByDepth: [String] }"
    )
    assert _depth_orderings(bad) == ["Query.groups(orderBy)", "Query.rankedByDepth"]

"""Schema evolution guards: is the committed supergraph fresh, and does it break clients?

``make supergraph`` writes a header into ``gateway/supergraph.graphql`` naming the sha256 of each
subgraph SDL file it was composed from (``# subgraph NAME sha256=HEX url=URL``), so a test can tell
a stale supergraph without running the composer (Node).

What clients see is the API schema (the supergraph minus federation machinery and
``@inaccessible``, as :func:`load_supergraph` builds it). A committed baseline of it
(``gateway/schema.baseline.graphql``) is compared with the current one by graphql-core's
``find_breaking_changes``; the baseline moves only by ``clc-gateway schema-baseline``, which also
refuses to drop a field or enum value that was not ``@deprecated`` in the baseline first.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from graphql import (
    BreakingChange,
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    find_breaking_changes,
    print_schema,
)

from .load import load_supergraph

__all__ = [
    "ComposedFrom",
    "api_sdl",
    "breaking_changes",
    "composed_from",
    "sha256_text",
    "undeprecated_removals",
]

_HEADER = re.compile(r"^# subgraph (?P<name>\S+) sha256=(?P<sha>[0-9a-f]{64}) url=(?P<url>\S+)$")


@dataclass(frozen=True)
class ComposedFrom:
    """One subgraph as the supergraph's header records it."""

    name: str
    sha256: str
    url: str


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def composed_from(supergraph_text: str) -> dict[str, ComposedFrom]:
    """Subgraph name -> what the header says the supergraph was composed from (leading comments
    only; an empty dict for a supergraph not written by ``make supergraph``)."""
    found: dict[str, ComposedFrom] = {}
    for line in supergraph_text.splitlines():
        if not line.startswith("#"):
            break
        if m := _HEADER.match(line):
            found[m["name"]] = ComposedFrom(m["name"], m["sha"], m["url"])
    return found


def api_sdl(supergraph_text: str) -> str:
    """The client-facing schema of a supergraph, printed (the form the baseline is kept in)."""
    return print_schema(load_supergraph(supergraph_text).api_schema) + "\n"


def breaking_changes(baseline_sdl: str, current_sdl: str) -> list[BreakingChange]:
    return find_breaking_changes(build_schema(baseline_sdl), build_schema(current_sdl))


def _members(schema: GraphQLSchema) -> dict[str, dict[str, str | None]]:
    """type name -> field (or enum value) name -> deprecation reason (None: not deprecated)."""
    out: dict[str, dict[str, str | None]] = {}
    for name, t in schema.type_map.items():
        if name.startswith("__"):
            continue
        if isinstance(t, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            out[name] = {f: field.deprecation_reason for f, field in t.fields.items()}
        elif isinstance(t, GraphQLEnumType):
            out[name] = {v: value.deprecation_reason for v, value in t.values.items()}
    return out


def undeprecated_removals(baseline_sdl: str, current_sdl: str) -> list[str]:
    """``Type.member`` for every field or enum value the current schema drops (or drops with its
    whole type) that the baseline did not mark ``@deprecated`` — clients had no warning."""
    old = _members(build_schema(baseline_sdl))
    new = _members(build_schema(current_sdl))
    removed = []
    for type_name, members in old.items():
        kept = new.get(type_name, {})
        for member, reason in members.items():
            if member not in kept and reason is None:
                removed.append(f"{type_name}.{member}")
    return sorted(removed)

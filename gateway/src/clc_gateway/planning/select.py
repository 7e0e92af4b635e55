"""Building subgraph selection sets: fields written once, aliases where a name would clash."""

from __future__ import annotations

import hashlib

from graphql import DirectiveNode

from clc_gateway.supergraph.model import FieldInGraph

from .ir import Field, Fragment, Selection, field_set

__all__ = [
    "Conds",
    "Items",
    "alias_arguments",
    "conflicts",
    "emit",
    "named",
    "provides_of",
    "typename",
]

Conds = tuple[DirectiveNode, ...]
Items = list[tuple[Field, Conds]]  # (field, enclosing @skip/@include directives)


def emit(out: list[Selection], f: Field, conds: Conds) -> Field:
    """Add ``f`` (without its sub-selection) to ``out``; identical fields are written once."""
    target = out
    if conds:
        wrapper = Fragment(None, conds, [])
        out.append(wrapper)
        target = wrapper.selections
    args = f.args_text()
    for s in target:
        if (
            isinstance(s, Field)
            and s.key == f.key
            and s.name == f.name
            and s.args_text() == args
            and s.directives == f.directives
        ):
            return s
    new = Field(
        f.key, f.name, f.args, f.directives, [] if f.selections is not None else None, f.original
    )
    target.append(new)
    return new


def alias_arguments(sels: list[Selection]) -> list[Selection]:
    """Required fields with arguments get their own response key, so they never collide with
    the same field asked by the client with other arguments."""
    for s in sels:
        if isinstance(s, Field) and s.args:
            digest = hashlib.sha1(s.args_text().encode()).hexdigest()[:8]
            s.key = f"_r_{s.name}_{digest}"
        if s.selections:
            alias_arguments(s.selections)
    return sels


def conflicts(have: list[Selection] | None, new: list[Selection]) -> bool:
    seen = {s.name: s.args_text() for s in have or () if isinstance(s, Field)}
    return any(
        isinstance(s, Field) and s.name in seen and seen[s.name] != s.args_text() for s in new
    )


def provides_of(fg: FieldInGraph) -> list[Selection] | None:
    return field_set(fg.provides) if fg.provides else None


def named(type_str: str | None) -> str | None:
    return type_str.strip("[]!") if type_str else None


def typename(out: list[Selection]) -> None:
    if not any(isinstance(s, Field) and s.key == "__typename" for s in out):
        out.insert(0, Field("__typename", "__typename"))

"""Client-facing limits, checked on the normalised operation before it is planned.

Depth counts nested fields (fragments inlined, so a fragment cannot hide depth); aliases count
every field whose response key differs from its name. Introspection's own nesting (``__schema``,
``__type``) is left out so standard tooling keeps working.

Cost estimates how many values an answer may hold, without the schema's types: every field costs
one, and a field with a ``first``/``last`` argument multiplies what is below it by that number (by
``VARIABLE_PAGE`` when a variable gives it: the estimate is made once per document, for the plan
cache, not per request). Plain lists count as one item: the subgraphs bound those themselves.
"""

from __future__ import annotations

from graphql import IntValueNode

from .ir import Field, Selection

__all__ = ["VARIABLE_PAGE", "limit_errors"]

VARIABLE_PAGE = 20


def _depth(sels: list[Selection] | None) -> int:
    best = 0
    for s in sels or ():
        if isinstance(s, Field):
            if s.name in ("__schema", "__type"):
                continue
            best = max(best, 1 + _depth(s.selections))
        else:
            best = max(best, _depth(s.selections))
    return best


def _aliases(sels: list[Selection] | None) -> int:
    count = 0
    for s in sels or ():
        if isinstance(s, Field):
            count += (s.key != s.name) + _aliases(s.selections)
        else:
            count += _aliases(s.selections)
    return count


def _page(field: Field) -> int:
    for arg in field.args:
        if arg.name.value in ("first", "last"):
            value = arg.value
            return max(int(value.value), 1) if isinstance(value, IntValueNode) else VARIABLE_PAGE
    return 1


def _cost(sels: list[Selection] | None) -> int:
    total = 0
    for s in sels or ():
        if isinstance(s, Field):
            total += 1 + _page(s) * _cost(s.selections)
        else:
            total += _cost(s.selections)
    return total


def limit_errors(
    sels: list[Selection], *, max_depth: int, max_aliases: int, max_cost: int = 0
) -> list[str]:
    """What the operation exceeds; a limit of 0 is off."""
    errors = []
    cost = _cost(sels)
    if max_cost and cost > max_cost:
        errors.append(f"the operation's estimated cost is {cost}; the limit is {max_cost}")
    depth = _depth(sels)
    if max_depth and depth > max_depth:
        errors.append(f"the operation is {depth} fields deep; the limit is {max_depth}")
    aliases = _aliases(sels)
    if max_aliases and aliases > max_aliases:
        errors.append(f"the operation uses {aliases} aliases; the limit is {max_aliases}")
    return errors

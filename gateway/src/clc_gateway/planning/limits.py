"""Client-facing limits, checked on the normalised operation before it is planned.

Depth counts nested fields (fragments inlined, so a fragment cannot hide depth); aliases count
every field whose response key differs from its name. Introspection's own nesting (``__schema``,
``__type``) is left out so standard tooling keeps working.
"""

from __future__ import annotations

from .ir import Field, Selection

__all__ = ["limit_errors"]


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


def limit_errors(sels: list[Selection], *, max_depth: int, max_aliases: int) -> list[str]:
    """What the operation exceeds; a limit of 0 is off."""
    errors = []
    depth = _depth(sels)
    if max_depth and depth > max_depth:
        errors.append(f"the operation is {depth} fields deep; the limit is {max_depth}")
    aliases = _aliases(sels)
    if max_aliases and aliases > max_aliases:
        errors.append(f"the operation uses {aliases} aliases; the limit is {max_aliases}")
    return errors

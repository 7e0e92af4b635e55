"""Nested lists that grow, as Relay connections over what the request's DataLoader read.

A parent's children are read for many parents at once (one statement per field, see
``loaders``), so a page of them is cut here, in memory: the rows arrive in the order of their
``key`` and the cursor is the last row's key, opaque to the client as in every connection. Reading
all children and showing ``first`` of them is the price of batching; the lists it serves (a
school's staff, a network's schools and groups, a group's members and sessions) are hundreds of
rows at most.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from servicekit.pagination import (
    Connection,
    Edge,
    PageInfo,
    decode_cursor,
    encode_cursor,
    page_size,
)

__all__ = ["by_column", "page_of"]

T = TypeVar("T")
Row = Any


def by_column(name: str) -> Callable[[Row], str]:
    def key(row: Row) -> str:
        return str(row[name])

    return key


def page_of(
    rows: Sequence[Row],
    first: int | None,
    after: str | None,
    key: Callable[[Row], str],
    build: Callable[[Row], T],
) -> Connection[T]:
    """Up to ``first`` of ``rows`` (ordered by ``key``) after the cursor ``after``."""
    size, start = page_size(first), decode_cursor(after)
    rest = [r for r in rows if start is None or key(r) > start]
    edges = [Edge(cursor=encode_cursor(key(r)), node=build(r)) for r in rest[:size]]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rest) > size, end_cursor=edges[-1].cursor if edges else None
        ),
    )

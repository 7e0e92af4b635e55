"""Relay-style connections (edges, cursor, node, pageInfo), paged by ``first`` and ``after``.

The cursor is the entity's key, base64-encoded so clients treat it as opaque.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

import strawberry
from graphql import GraphQLError

__all__ = [
    "MAX_PAGE",
    "Connection",
    "Edge",
    "PageInfo",
    "connection",
    "decode_cursor",
    "page_size",
]

T = TypeVar("T")
MAX_PAGE = 100


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    edges: list[Edge[T]]
    page_info: PageInfo


def _encode(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode()).decode()


def decode_cursor(cursor: str | None) -> str | None:
    if cursor is None:
        return None
    try:
        return base64.urlsafe_b64decode(cursor.encode()).decode()
    except ValueError:
        raise GraphQLError("not a valid cursor", extensions={"code": "BAD_CURSOR"}) from None


def page_size(first: int | None) -> int:
    return max(1, min(first or 20, MAX_PAGE))


def connection(
    rows: Sequence[Any], first: int, key: str, build: Callable[[Any], T]
) -> Connection[T]:
    """``rows`` holds up to ``first + 1`` rows; the extra one only says a next page exists."""
    shown = rows[:first]
    edges = [Edge(cursor=_encode(r[key]), node=build(r)) for r in shown]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > first, end_cursor=edges[-1].cursor if edges else None
        ),
    )

"""Relay-style connections (edges, cursor, node, pageInfo), paged by ``first`` and ``after``.

A page is keyset-paged: the cursor is the last entity's key, base64-encoded so clients treat it as
opaque, and the query asks for ``first + 1`` rows so the extra one says whether a next page
exists without a count. ``PageInfo`` is ``@shareable`` because every subgraph defines the same type
and the supergraph must accept it from each of them.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

import strawberry
from graphql import GraphQLError

__all__ = [
    "DEFAULT_PAGE",
    "MAX_PAGE",
    "Connection",
    "Edge",
    "PageInfo",
    "connection",
    "decode_cursor",
    "encode_cursor",
    "page_size",
]

T = TypeVar("T")

DEFAULT_PAGE = 20
MAX_PAGE = 100


@strawberry.federation.type(shareable=True)
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


def encode_cursor(key: str) -> str:
    """The opaque cursor of the entity whose key is ``key``."""
    return base64.urlsafe_b64encode(key.encode()).decode()


def decode_cursor(cursor: str | None) -> str | None:
    """The key inside ``cursor`` (``None`` for the first page), or a ``BAD_CURSOR`` error."""
    if cursor is None:
        return None
    try:
        return base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, ValueError):
        raise GraphQLError("not a valid cursor", extensions={"code": "BAD_CURSOR"}) from None


def page_size(first: int | None) -> int:
    """``first`` clamped to 1..``MAX_PAGE`` (``DEFAULT_PAGE`` when absent): never an error, so a
    client asking for too much gets the largest page rather than nothing."""
    return max(1, min(first or DEFAULT_PAGE, MAX_PAGE))


def connection(
    rows: Sequence[Mapping[str, Any]], first: int, key: str, build: Callable[[Any], T]
) -> Connection[T]:
    """``rows`` holds up to ``first + 1`` rows; the extra one only says a next page exists."""
    shown = rows[:first]
    edges = [Edge(cursor=encode_cursor(r[key]), node=build(r)) for r in shown]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=len(rows) > first, end_cursor=edges[-1].cursor if edges else None
        ),
    )

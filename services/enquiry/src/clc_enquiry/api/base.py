"""What every resolver of the subgraph shares: the typed ``Info``, id checks and cursors.

* Ids are checked the same way in every service (``servicekit.ids``); a malformed id argument is
  an ``INVALID_ID`` GraphQL error naming the argument (a mutation's input ids are checked in
  ``payloads`` and refused as user errors).
* Cursors are opaque to clients: base64 of the row's sort key (``readmodels.pages``); a cursor
  that does not decode to a key of the list's kind is a ``BAD_CURSOR`` error.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeVar

from graphql import GraphQLError
from servicekit.ids import id_argument
from servicekit.pagination import Connection, PageInfo, connection, decode_cursor, page_size
from strawberry.types import Info

from .context import EnquiryContext

__all__ = [
    "Ctx",
    "action_after",
    "canonical",
    "empty",
    "int_after",
    "page",
    "page_size",
    "time_id_after",
    "valid_id",
]

T = TypeVar("T")

Ctx = Info[EnquiryContext, None]


def valid_id(value: str, argument: str = "id") -> str:
    """``value`` if it is a well-formed id; an ``INVALID_ID`` error naming ``argument``."""
    return id_argument(value, argument)


def canonical(entity_id: str) -> str:
    """Ids of this service's aggregates are stored as canonical UUIDs; any other well-formed id
    finds nothing (and is passed on unchanged, so it does)."""
    try:
        return str(uuid.UUID(entity_id))
    except ValueError:
        return entity_id


def _bad_cursor() -> GraphQLError:
    return GraphQLError("not a valid cursor", extensions={"code": "BAD_CURSOR"})


def int_after(cursor: str | None) -> int | None:
    """The position key (journal ``seq``, cycle number) inside ``cursor``."""
    key = decode_cursor(cursor)
    if key is None:
        return None
    if not key.isdigit() or len(key) > 9:
        raise _bad_cursor()
    return int(key)


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text + "+00:00")


def time_id_after(cursor: str | None) -> tuple[datetime, str] | None:
    """The ``<UTC time>|<id>`` key inside ``cursor``."""
    key = decode_cursor(cursor)
    if key is None:
        return None
    at, sep, entity_id = key.partition("|")
    try:
        if not sep or not entity_id:
            raise ValueError(key)
        return _utc(at), entity_id
    except ValueError:
        raise _bad_cursor() from None


def action_after(cursor: str | None) -> tuple[str, datetime, str] | None:
    """The ``<due date or infinity>|<planned at, UTC>|<action id>`` key inside ``cursor``."""
    key = decode_cursor(cursor)
    if key is None:
        return None
    parts = key.split("|")
    try:
        if len(parts) != 3 or not parts[2]:
            raise ValueError(key)
        due, planned, action_id = parts
        if due != "infinity":
            datetime.strptime(due, "%Y-%m-%d")
        return due, _utc(planned), action_id
    except ValueError:
        raise _bad_cursor() from None


def page(rows: Sequence[Mapping[str, Any]], size: int, build: Callable[[Any], T]) -> Connection[T]:
    """A connection over up to ``size + 1`` rows carrying their ``page_key``."""
    return connection(rows, size, "page_key", build)


def empty() -> Connection[Any]:
    """What a reader who may not see a list gets: the same as a list with nothing in it."""
    return Connection(edges=[], page_info=PageInfo(has_next_page=False, end_cursor=None))

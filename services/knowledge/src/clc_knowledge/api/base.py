"""What every resolver of the subgraph shares: the typed ``Info`` and id checks.

Ids are checked the same way in every service (``servicekit.ids``); a malformed id argument is an
``INVALID_ID`` GraphQL error naming the argument (a mutation's input ids are checked in
``payloads`` and refused as user errors).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from graphql import GraphQLError
from servicekit.ids import id_argument
from servicekit.pagination import decode_cursor
from strawberry.types import Info

from .context import KnowledgeContext

__all__ = ["Ctx", "canonical", "time_id_after", "valid_id"]

Ctx = Info[KnowledgeContext, None]


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


def time_id_after(cursor: str | None) -> tuple[datetime, str] | None:
    """The ``<UTC time>|<id>`` key inside ``cursor``; a ``BAD_CURSOR`` error if it is none."""
    key = decode_cursor(cursor)
    if key is None:
        return None
    at, sep, entity_id = key.partition("|")
    try:
        if not sep or not entity_id:
            raise ValueError(key)
        return datetime.fromisoformat(at + "+00:00"), entity_id
    except ValueError:
        raise GraphQLError("not a valid cursor", extensions={"code": "BAD_CURSOR"}) from None

"""Event stores: the contract and its in-memory and PostgreSQL implementations."""

from .base import START, AppendRequest, AppendResult, Cursor, EventStore
from .memory import InMemoryEventStore
from .postgres import PostgresEventStore
from .schema import EVENT_STORE_MIGRATIONS, NOTIFY_CHANNEL, PLUMBING_MIGRATIONS

__all__ = [
    "EVENT_STORE_MIGRATIONS",
    "NOTIFY_CHANNEL",
    "PLUMBING_MIGRATIONS",
    "START",
    "AppendRequest",
    "AppendResult",
    "Cursor",
    "EventStore",
    "InMemoryEventStore",
    "PostgresEventStore",
]

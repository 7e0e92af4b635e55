"""The event envelope: what the store keeps and the relay publishes around a domain event.

``NewEvent`` is what a writer hands to ``EventStore.append``; ``RecordedEvent`` is what comes back
from a read, with the positions the store assigned. Both are frozen pydantic models, so an envelope
can be logged, serialised to Kafka and compared in tests without surprises.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["EventMetadata", "NewEvent", "RecordedEvent", "StreamRef"]


class EventMetadata(BaseModel):
    """Why and by whom an event happened; travels with the event for its whole life."""

    model_config = ConfigDict(frozen=True)

    correlation_id: str | None = None
    causation_id: str | None = None
    actor: str | None = None
    command_id: str | None = None
    traceparent: str | None = None


class StreamRef(BaseModel):
    """Which stream an append goes to. The tenant is part of the stream's identity: a stream
    never holds events of two tenants."""

    model_config = ConfigDict(frozen=True)

    stream_id: str
    stream_type: str
    tenant_id: str


class NewEvent(BaseModel):
    model_config = ConfigDict(frozen=True)

    event_type: str
    data: dict[str, Any]
    schema_version: int = 1
    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    metadata: EventMetadata = EventMetadata()


class RecordedEvent(BaseModel):
    model_config = ConfigDict(frozen=True)

    event_id: uuid.UUID
    event_type: str
    schema_version: int
    stream_id: str
    stream_type: str
    stream_version: int
    tenant_id: str
    data: dict[str, Any]
    metadata: EventMetadata
    recorded_at: datetime
    global_position: int
    # Transaction id of the writing transaction (PostgreSQL store); 0 in memory. Part of the
    # gap-safe order, see ``eventkit.store.postgres``.
    tx_id: int = 0

    @classmethod
    def trusted(cls, **values: Any) -> RecordedEvent:
        """Build from values that are already valid (rows of our own table, fields of validated
        models), skipping validation.

        Reads and appends build one envelope per event, and even ``model_construct`` costs about
        14 µs each — a third of a batched append. This fills the instance the way
        ``model_construct`` does (pydantic v2's instance layout: ``__dict__`` plus the fields-set,
        extra and private slots) without its per-call bookkeeping. Every field must be given.
        """
        event = cls.__new__(cls)
        object.__setattr__(event, "__dict__", values)
        object.__setattr__(event, "__pydantic_fields_set__", _ALL_FIELDS)
        object.__setattr__(event, "__pydantic_extra__", None)
        object.__setattr__(event, "__pydantic_private__", None)
        return event


_ALL_FIELDS = set(RecordedEvent.model_fields)

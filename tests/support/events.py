"""Builders for event-store test data."""

from __future__ import annotations

import uuid
from typing import Any

from eventkit.envelope import EventMetadata, NewEvent, StreamRef


def a_stream(tenant: str = "tenant-a", kind: str = "Thing") -> StreamRef:
    return StreamRef(stream_id=f"{kind.lower()}-{uuid.uuid4()}", stream_type=kind, tenant_id=tenant)


def an_event(n: int = 0, event_type: str = "ThingHappened", **data: Any) -> NewEvent:
    return NewEvent(
        event_type=event_type,
        data={"n": n, **data},
        metadata=EventMetadata(correlation_id="corr-1", actor="person-1"),
    )


def events(count: int, start: int = 0) -> list[NewEvent]:
    return [an_event(start + i) for i in range(count)]

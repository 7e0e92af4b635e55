"""What the enquiry projections share: decoding the service's own events once, emptying tables."""

from __future__ import annotations

from collections.abc import Sequence

from eventkit.domain import DomainEvent
from eventkit.envelope import RecordedEvent
from eventkit.projection import ProjectionConnection
from eventkit.registry import EventRegistry

from clc_enquiry.application.base import registry as enquiry_registry

__all__ = ["ENQUIRY_STREAM_TYPES", "EnquiryProjection"]

ENQUIRY_STREAM_TYPES = frozenset({"enquiry", "learning_claim", "peer_review"})


class EnquiryProjection:
    """Base of the enquiry read models: typed events in, upserts out.

    Events of other services (the groups events the runner also consumes) and types a projection
    does not handle are ignored, so every projection may safely see every topic.
    """

    name = "enquiry"
    tables: Sequence[str] = ()

    def __init__(self, registry: EventRegistry | None = None) -> None:
        self._registry = registry or enquiry_registry()

    async def apply(self, conn: ProjectionConnection, event: RecordedEvent) -> None:
        if event.stream_type not in ENQUIRY_STREAM_TYPES or event.event_type not in self._registry:
            return
        await self.handle(conn, event, self._registry.to_domain(event))

    async def handle(
        self, conn: ProjectionConnection, envelope: RecordedEvent, event: DomainEvent
    ) -> None:
        raise NotImplementedError

    async def reset(self, conn: ProjectionConnection) -> None:
        # TRUNCATE, not DELETE: a rebuild runs with no tenant set, and under forced RLS a DELETE
        # would see (and remove) no rows at all.
        if self.tables:
            await conn.execute(f"truncate table {', '.join(self.tables)}")

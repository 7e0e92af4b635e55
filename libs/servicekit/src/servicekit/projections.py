"""A base for read-model projections: decode each event once, ignore what is not ours.

Every projection of a service sees the whole of every consumed topic — other services' events
and event types it does not handle included — so ignoring them here is what makes it safe to
consume a shared topic.
"""

from __future__ import annotations

from collections.abc import Sequence

from eventkit.domain import DomainEvent
from eventkit.envelope import RecordedEvent
from eventkit.projection import ProjectionConnection
from eventkit.registry import EventRegistry

__all__ = ["TypedProjection"]


class TypedProjection:
    """Typed events in, upserts out: subclasses set ``name`` and ``tables`` and implement
    ``handle``; events whose type the registry does not know never reach it."""

    name: str = "projection"
    tables: Sequence[str] = ()

    def __init__(self, registry: EventRegistry) -> None:
        self._registry = registry

    async def apply(self, conn: ProjectionConnection, event: RecordedEvent) -> None:
        if event.event_type not in self._registry:
            return
        await self.handle(conn, event.tenant_id, self._registry.to_domain(event))

    async def handle(self, conn: ProjectionConnection, tenant: str, event: DomainEvent) -> None:
        raise NotImplementedError

    async def reset(self, conn: ProjectionConnection) -> None:
        # TRUNCATE, not DELETE: a rebuild runs with no tenant set, and under forced RLS a DELETE
        # would see (and remove) no rows at all.
        if self.tables:
            await conn.execute(f"truncate table {', '.join(self.tables)}")

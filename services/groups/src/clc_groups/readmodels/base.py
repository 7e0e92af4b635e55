"""What the groups projections share: decoding events once and emptying their tables."""

from __future__ import annotations

from collections.abc import Sequence

from eventkit.domain import DomainEvent
from eventkit.envelope import RecordedEvent
from eventkit.projection import ProjectionConnection
from eventkit.registry import EventRegistry

from clc_groups.domain import EVENT_TYPES

__all__ = ["GroupsProjection"]


class GroupsProjection:
    """Base of the groups read models: typed events in, upserts out.

    Events of other services, or of types a projection does not handle, are ignored, so every
    projection may safely see the whole topic.
    """

    name = "groups"
    tables: Sequence[str] = ()

    def __init__(self, registry: EventRegistry | None = None) -> None:
        self._registry = registry or EventRegistry(EVENT_TYPES)

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

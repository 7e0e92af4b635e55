"""What the groups projections share: servicekit's typed projection over the groups' events, and
one small method per event (``handlers``), so each event's effect on a read model reads alone."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from eventkit.domain import DomainEvent
from eventkit.envelope import RecordedEvent
from eventkit.projection import ProjectionConnection
from eventkit.registry import EventRegistry
from servicekit.crypto import KeyEncryptionKeys, PostgresKeyStore, Sealer
from servicekit.projections import TypedProjection

from clc_groups.application.base import registry as events_registry
from clc_groups.application.sealing import PERSONAL_DATA

__all__ = ["GroupsProjection", "Handler", "SealedWithoutKeys"]


class SealedWithoutKeys(RuntimeError):
    def __init__(self, projection: str) -> None:
        super().__init__(
            f"projection {projection} met sealed personal data but was built without the KEKs"
            " (build it with the settings: ServiceDefinition.projections_for)"
        )


#: ``(connection, tenant, event) -> None``: applies one event type to a read model
Handler = Callable[[ProjectionConnection, str, Any], Awaitable[None]]


class GroupsProjection(TypedProjection):
    """Base of the groups read models; decodes with the groups' event registry by default and
    hands each event to the method ``handlers`` names for its class (others are ignored).

    Events arrive as published, their personal fields sealed: given the KEKs (``keks``), a
    projection opens them with the key table in its own transaction — an erased practitioner's
    fields read as the neutral label. Without KEKs a sealed field is refused loudly rather than
    projected as text."""

    name = "groups"

    def __init__(
        self, registry: EventRegistry | None = None, keks: KeyEncryptionKeys | None = None
    ) -> None:
        super().__init__(registry or events_registry())
        self._keks = keks
        self._handlers = self.handlers()

    async def apply(self, conn: ProjectionConnection, event: RecordedEvent) -> None:
        if PERSONAL_DATA.is_sealed(event.event_type, event.data) and self._handles(
            event.event_type
        ):
            event = await PERSONAL_DATA.open(self.sealer(conn), event)
        await super().apply(conn, event)

    def _handles(self, event_type: str) -> bool:
        return (
            event_type in self._registry and self._registry.class_for(event_type) in self._handlers
        )

    def sealer(self, conn: ProjectionConnection) -> Sealer:
        if self._keks is None:
            raise SealedWithoutKeys(self.name)
        return Sealer(PostgresKeyStore(conn, self._keks))

    def handlers(self) -> Mapping[type[DomainEvent], Handler]:
        """Event class -> the method that applies it."""
        return {}

    async def handle(self, conn: ProjectionConnection, tenant: str, event: DomainEvent) -> None:
        handler = self._handlers.get(type(event))
        if handler is not None:
            await handler(conn, tenant, event)

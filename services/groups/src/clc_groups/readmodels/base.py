"""What the groups projections share: servicekit's typed projection over the groups' events, and
one small method per event (``handlers``), so each event's effect on a read model reads alone."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from eventkit.domain import DomainEvent
from eventkit.projection import ProjectionConnection
from eventkit.registry import EventRegistry
from servicekit.projections import TypedProjection

from clc_groups.application.base import registry as events_registry

__all__ = ["GroupsProjection", "Handler"]

#: ``(connection, tenant, event) -> None``: applies one event type to a read model
Handler = Callable[[ProjectionConnection, str, Any], Awaitable[None]]


class GroupsProjection(TypedProjection):
    """Base of the groups read models; decodes with the groups' event registry by default and
    hands each event to the method ``handlers`` names for its class (others are ignored)."""

    name = "groups"

    def __init__(self, registry: EventRegistry | None = None) -> None:
        super().__init__(registry or events_registry())
        self._handlers = self.handlers()

    def handlers(self) -> Mapping[type[DomainEvent], Handler]:
        """Event class -> the method that applies it."""
        return {}

    async def handle(self, conn: ProjectionConnection, tenant: str, event: DomainEvent) -> None:
        handler = self._handlers.get(type(event))
        if handler is not None:
            await handler(conn, tenant, event)

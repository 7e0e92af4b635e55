"""What the enquiry projections share: servicekit's ``TypedProjection``, plus one handler per event.

Every projection lists its handlers (``handlers()``: event class → method); ``apply`` decodes the
service's own events once and calls the one handler of the event's class, with the envelope (the
journal needs the stream version and the time it was recorded). Events of other services (the
groups events the runner also consumes) and types a projection does not handle are ignored, so
every projection may safely see every topic.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from eventkit.envelope import RecordedEvent
from eventkit.projection import ProjectionConnection
from eventkit.registry import EventRegistry
from servicekit.projections import TypedProjection

from clc_enquiry.application.base import registry as enquiry_registry
from clc_enquiry.application.sealing import EnquiryKeys, personal_data

#: what may arrive sealed, whatever this process's configuration (a decision to check ``keys``)
_ANY_SEALED = personal_data(reflective_logs=True)


class SealedWithoutKeys(RuntimeError):
    """A sealed event met a projection built without keys (use ``projections_for(settings)``)."""


__all__ = ["ENQUIRY_STREAM_TYPES", "EnquiryProjection", "Handler"]

ENQUIRY_STREAM_TYPES = frozenset({"enquiry", "learning_claim", "peer_review", "reflective_log"})

Handler = Callable[[ProjectionConnection, RecordedEvent, Any], Awaitable[None]]


class EnquiryProjection(TypedProjection):
    name = "enquiry"

    def __init__(
        self, registry: EventRegistry | None = None, keys: EnquiryKeys | None = None
    ) -> None:
        super().__init__(registry or enquiry_registry())
        self._keys = keys
        self._handlers = self.handlers()

    async def opened(self, conn: ProjectionConnection, event: RecordedEvent) -> RecordedEvent:
        """``event`` with its personal fields opened (a destroyed key's: the unreadable form)."""
        if not _ANY_SEALED.is_sealed(event.event_type, event.data):
            return event
        if self._keys is None:
            raise SealedWithoutKeys(event.event_type)
        return await self._keys.personal.open(self._keys.sealer(conn), event)

    def handlers(self) -> Mapping[type, Handler]:
        """Which method handles which event class."""
        raise NotImplementedError

    async def apply(self, conn: ProjectionConnection, event: RecordedEvent) -> None:
        if event.stream_type not in ENQUIRY_STREAM_TYPES or event.event_type not in self._registry:
            return
        event = await self.opened(conn, event)
        domain_event = self._registry.to_domain(event)
        handler = self._handlers.get(type(domain_event))
        if handler is not None:
            await handler(conn, event, domain_event)

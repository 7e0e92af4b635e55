"""What every command use case shares: the event registry, the handlers, building and running
commands (servicekit's ``build_command``/``execute``).

The application layer is where a verified ``Principal`` becomes the domain's ``Actor``, where the
facts a command needs are looked up (the actor's standing from the local membership read model,
an adapted artefact's source from the store or the commons), and where pydantic's validation
errors become ``InvalidInput`` naming the offending field. It never calls another service.

Adding an aggregate: its event classes to ``EVENT_TYPES``, its handler to ``Handlers``.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventkit.domain import DomainEvent
from eventkit.handling import CommandHandler
from eventkit.idempotency import DEVELOPMENT_FINGERPRINT_KEY
from eventkit.registry import EventRegistry
from eventkit.store.base import EventStore
from servicekit.commands import ConcurrentChange, execute
from servicekit.commands import build_command as build

from clc_knowledge.domain import ARTEFACT_DECIDER, ARTEFACT_EVENT_TYPES, ArtefactState
from clc_knowledge.domain.climate_audit import CLIMATE_AUDIT_EVENT_TYPES
from clc_knowledge.domain.toolkit import TOOLKIT_EVENT_TYPES

__all__ = ["EVENT_TYPES", "ConcurrentChange", "Handlers", "build", "execute", "registry"]

#: every event type this service stores, for the registry (and the event catalogue)
EVENT_TYPES: tuple[type[DomainEvent], ...] = (
    *ARTEFACT_EVENT_TYPES,
    *TOOLKIT_EVENT_TYPES,
    *CLIMATE_AUDIT_EVENT_TYPES,
)


def registry() -> EventRegistry:
    return EventRegistry(EVENT_TYPES)


@dataclass(frozen=True)
class Handlers:
    """One command handler per aggregate, sharing a store."""

    artefacts: CommandHandler[ArtefactState]

    @classmethod
    def over(
        cls,
        store: EventStore,
        events: EventRegistry | None = None,
        *,
        fingerprint_key: bytes | None = None,
    ) -> Handlers:
        reg = events or registry()
        key = fingerprint_key or DEVELOPMENT_FINGERPRINT_KEY
        return cls(
            artefacts=CommandHandler(store, reg, ARTEFACT_DECIDER, fingerprint_key=key),
        )

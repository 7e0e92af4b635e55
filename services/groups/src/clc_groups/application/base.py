"""What every groups use case shares: one command handler per aggregate over one event store.

Building commands from a principal, running them and the ``ConcurrentChange`` error are the same
in every service (``servicekit.commands``); what is the groups' own is which aggregates exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventkit.handling import CommandHandler
from eventkit.idempotency import DEVELOPMENT_FINGERPRINT_KEY
from eventkit.registry import EventRegistry
from eventkit.store.base import EventStore

from clc_groups.domain import (
    EVENT_TYPES,
    LEARNING_GROUP_DECIDER,
    NETWORK_DECIDER,
    ORGANISATION_DECIDER,
    PRACTITIONER_DECIDER,
    PROGRAMME_DECIDER,
    SCHOOL_DECIDER,
    UPCASTERS,
    LearningGroupState,
    NetworkState,
    OrganisationState,
    PractitionerState,
    ProgrammeState,
    SchoolState,
)

__all__ = ["Handlers", "registry"]


def registry() -> EventRegistry:
    """The groups' event types, with the upcasters of their older schema versions."""
    found = EventRegistry(EVENT_TYPES)
    for (event_type, version), upcast in UPCASTERS.items():
        found.upcaster(event_type, version)(upcast)
    return found


@dataclass(frozen=True)
class Handlers:
    """One command handler per aggregate, sharing a store."""

    schools: CommandHandler[SchoolState]
    organisations: CommandHandler[OrganisationState]
    practitioners: CommandHandler[PractitionerState]
    networks: CommandHandler[NetworkState]
    learning_groups: CommandHandler[LearningGroupState]
    programmes: CommandHandler[ProgrammeState]

    @classmethod
    def over(
        cls,
        store: EventStore,
        events: EventRegistry | None = None,
        *,
        fingerprint_key: bytes | None = None,
    ) -> Handlers:
        reg = events or registry()
        # The key that signs idempotency fingerprints (settings); the development key if unset.
        key = fingerprint_key or DEVELOPMENT_FINGERPRINT_KEY
        return cls(
            schools=CommandHandler(store, reg, SCHOOL_DECIDER, fingerprint_key=key),
            organisations=CommandHandler(store, reg, ORGANISATION_DECIDER, fingerprint_key=key),
            practitioners=CommandHandler(store, reg, PRACTITIONER_DECIDER, fingerprint_key=key),
            networks=CommandHandler(store, reg, NETWORK_DECIDER, fingerprint_key=key),
            learning_groups=CommandHandler(store, reg, LEARNING_GROUP_DECIDER, fingerprint_key=key),
            programmes=CommandHandler(store, reg, PROGRAMME_DECIDER, fingerprint_key=key),
        )

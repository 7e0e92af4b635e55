"""School: an organisation of a tenant, usually imported from the school system's roster.

Only a tenant admin registers or updates schools (the roster import runs as one). Re-importing a
roster is idempotent: ``UpdateSchool`` with unchanged values decides no events.
"""

from __future__ import annotations

from typing import assert_never

from eventkit.domain import Decider, DomainEvent
from pydantic import BaseModel, ConfigDict

from .access import ActorCommand, in_tenant, is_tenant_admin
from .errors import NotTenantAdmin, SchoolAlreadyRegistered, SchoolNotFound
from .inputs import EntityId, Name, SourceId

__all__ = [
    "DECIDER",
    "RegisterSchool",
    "SchoolCommand",
    "SchoolEvent",
    "SchoolRegistered",
    "SchoolState",
    "SchoolUpdated",
    "UpdateSchool",
    "decide",
    "evolve",
]

# --- events --------------------------------------------------------------------------------


class SchoolRegistered(DomainEvent):
    school_id: str
    tenant_id: str
    name: str
    identifier: str | None = None
    """The school's public identifier (e.g. a national school number), if known."""
    source_id: str | None = None
    """The roster's ``sourcedId``, when the school came from a roster import."""


class SchoolUpdated(DomainEvent):
    school_id: str
    name: str
    identifier: str | None = None


SchoolEvent = SchoolRegistered | SchoolUpdated

# --- commands ------------------------------------------------------------------------------


class RegisterSchool(ActorCommand):
    school_id: EntityId
    name: Name
    identifier: SourceId | None = None
    source_id: SourceId | None = None


class UpdateSchool(ActorCommand):
    """Replaces the school's details with these values (the roster sends them all)."""

    school_id: EntityId
    name: Name
    identifier: SourceId | None = None


SchoolCommand = RegisterSchool | UpdateSchool

# --- state ---------------------------------------------------------------------------------


class SchoolState(BaseModel):
    model_config = ConfigDict(frozen=True)

    exists: bool = False
    school_id: str | None = None
    tenant_id: str | None = None
    name: str | None = None
    identifier: str | None = None
    source_id: str | None = None


# --- decide / evolve -----------------------------------------------------------------------


def decide(state: SchoolState, command: SchoolCommand) -> list[SchoolEvent]:
    if not is_tenant_admin(command.actor):
        raise NotTenantAdmin()
    match command:
        case RegisterSchool():
            if state.exists:
                raise SchoolAlreadyRegistered(field="school_id")
            return [
                SchoolRegistered(
                    school_id=command.school_id,
                    tenant_id=command.actor.tenant_id,
                    name=command.name,
                    identifier=command.identifier,
                    source_id=command.source_id,
                )
            ]
        case UpdateSchool():
            if not _found(state, command):
                raise SchoolNotFound(field="school_id")
            if (command.name, command.identifier) == (state.name, state.identifier):
                return []
            return [
                SchoolUpdated(
                    school_id=command.school_id, name=command.name, identifier=command.identifier
                )
            ]
    assert_never(command)  # pragma: no mutate (unreachable: the match is exhaustive)


def _found(state: SchoolState, command: UpdateSchool) -> bool:
    """The school exists in the actor's tenant, and is the one the command names."""
    return (
        state.exists
        and state.school_id == command.school_id
        and in_tenant(state.tenant_id, command.actor)
    )


def evolve(state: SchoolState, event: SchoolEvent) -> SchoolState:
    match event:
        case SchoolRegistered():
            return SchoolState(
                exists=True,
                school_id=event.school_id,
                tenant_id=event.tenant_id,
                name=event.name,
                identifier=event.identifier,
                source_id=event.source_id,
            )
        case SchoolUpdated():
            return state.model_copy(update={"name": event.name, "identifier": event.identifier})
    assert_never(event)  # pragma: no mutate (unreachable: the match is exhaustive)


DECIDER: Decider[SchoolState, SchoolCommand, SchoolEvent] = Decider(
    stream_type="school",
    initial_state=SchoolState,
    decide=decide,
    evolve=evolve,
)

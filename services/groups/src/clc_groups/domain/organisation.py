"""Organisation: a non-school body of a tenant (local authority, university, charity, company,
national body) whose people take part as network partners, facilitators, co-tutors and members.

Laid out like ``school``: only a tenant admin registers or updates organisations (the roster
import runs as one), and ``UpdateOrganisation`` with unchanged values decides no events.
"""

from __future__ import annotations

from typing import assert_never

from eventkit.domain import Decider, DomainEvent
from pydantic import BaseModel, ConfigDict

from .access import ActorCommand, in_tenant, is_tenant_admin
from .errors import NotTenantAdmin, OrganisationAlreadyRegistered, OrganisationNotFound
from .inputs import EntityId, Name, SourceId
from .values import OrganisationKind

__all__ = [
    "DECIDER",
    "OrganisationCommand",
    "OrganisationEvent",
    "OrganisationRegistered",
    "OrganisationState",
    "OrganisationUpdated",
    "RegisterOrganisation",
    "UpdateOrganisation",
    "decide",
    "evolve",
]

# --- events --------------------------------------------------------------------------------


class OrganisationRegistered(DomainEvent):
    organisation_id: str
    tenant_id: str
    name: str
    kind: OrganisationKind
    source_id: str | None = None
    """The roster's ``sourcedId``, when the organisation came from a roster import."""


class OrganisationUpdated(DomainEvent):
    organisation_id: str
    name: str
    kind: OrganisationKind


OrganisationEvent = OrganisationRegistered | OrganisationUpdated

# --- commands ------------------------------------------------------------------------------


class RegisterOrganisation(ActorCommand):
    organisation_id: EntityId
    name: Name
    kind: OrganisationKind
    source_id: SourceId | None = None


class UpdateOrganisation(ActorCommand):
    """Replaces the organisation's details with these values (the roster sends them all)."""

    organisation_id: EntityId
    name: Name
    kind: OrganisationKind


OrganisationCommand = RegisterOrganisation | UpdateOrganisation

# --- state ---------------------------------------------------------------------------------


class OrganisationState(BaseModel):
    model_config = ConfigDict(frozen=True)

    exists: bool = False
    organisation_id: str | None = None
    tenant_id: str | None = None
    name: str | None = None
    kind: OrganisationKind | None = None
    source_id: str | None = None


# --- decide / evolve -----------------------------------------------------------------------


def decide(state: OrganisationState, command: OrganisationCommand) -> list[OrganisationEvent]:
    if not is_tenant_admin(command.actor):
        raise NotTenantAdmin()
    match command:
        case RegisterOrganisation():
            if state.exists:
                raise OrganisationAlreadyRegistered(field="organisation_id")
            return [
                OrganisationRegistered(
                    organisation_id=command.organisation_id,
                    tenant_id=command.actor.tenant_id,
                    name=command.name,
                    kind=command.kind,
                    source_id=command.source_id,
                )
            ]
        case UpdateOrganisation():
            if not _found(state, command):
                raise OrganisationNotFound(field="organisation_id")
            if (command.name, command.kind) == (state.name, state.kind):
                return []
            return [
                OrganisationUpdated(
                    organisation_id=command.organisation_id, name=command.name, kind=command.kind
                )
            ]
    assert_never(command)  # pragma: no mutate (unreachable: the match is exhaustive)


def _found(state: OrganisationState, command: UpdateOrganisation) -> bool:
    return (
        state.exists
        and state.organisation_id == command.organisation_id
        and in_tenant(state.tenant_id, command.actor)
    )


def evolve(state: OrganisationState, event: OrganisationEvent) -> OrganisationState:
    match event:
        case OrganisationRegistered():
            return OrganisationState(
                exists=True,
                organisation_id=event.organisation_id,
                tenant_id=event.tenant_id,
                name=event.name,
                kind=event.kind,
                source_id=event.source_id,
            )
        case OrganisationUpdated():
            return state.model_copy(update={"name": event.name, "kind": event.kind})
    assert_never(event)  # pragma: no mutate (unreachable: the match is exhaustive)


DECIDER: Decider[OrganisationState, OrganisationCommand, OrganisationEvent] = Decider(
    stream_type="organisation",
    initial_state=OrganisationState,
    decide=decide,
    evolve=evolve,
)

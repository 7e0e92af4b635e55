"""Practitioner: a member of staff (teacher, head teacher, officer, facilitator, partner).

Only a tenant admin registers, deactivates or erases practitioners. A practitioner works at exactly
one registered school *or* one registered organisation of the tenant (a local authority officer, a
university tutor, a charity's partner): ``WorksAtSchoolOrOrganisation`` otherwise.
``RegisterPractitioner.school_registered`` / ``organisation_registered`` are the facts, filled by
the application layer from the school's or organisation's stream.

Personal data is erasable: ``PractitionerErased`` carries no personal data, and after it the state
holds no name and no e-mail address, only the neutral ``replacement_name`` every service shows
instead. (Removing the personal data from the stored ``PractitionerRegistered`` event is the event
store's job, not the domain's.) The roster ``source_id`` is kept so a re-import recognises the
erased person and does not register them again.
"""

from __future__ import annotations

from typing import ClassVar, assert_never

from eventkit.domain import Decider, DomainEvent
from pydantic import BaseModel, ConfigDict

from .access import ActorCommand, in_tenant, is_tenant_admin
from .errors import (
    NotTenantAdmin,
    OrganisationNotRegistered,
    PractitionerAlreadyErased,
    PractitionerAlreadyRegistered,
    PractitionerNotActive,
    PractitionerNotFound,
    SchoolNotRegistered,
    WorksAtSchoolOrOrganisation,
)
from .inputs import EmailAddress, EntityId, Name, OptionalText, SourceId
from .values import PractitionerRole, PractitionerStatus

__all__ = [
    "DECIDER",
    "ERASED_NAME",
    "DeactivatePractitioner",
    "ErasePractitioner",
    "PractitionerCommand",
    "PractitionerDeactivated",
    "PractitionerErased",
    "PractitionerEvent",
    "PractitionerRegistered",
    "PractitionerState",
    "RegisterPractitioner",
    "decide",
    "evolve",
]

ERASED_NAME = "Former practitioner"
"""The neutral label that replaces an erased practitioner's name everywhere."""

# --- events --------------------------------------------------------------------------------


class PractitionerRegistered(DomainEvent):
    """v2: ``given_name``, ``family_name`` and ``email`` are stored and published *sealed* with
    the practitioner's data key (``sealed:v1:<key id>:…``; the application layer seals and opens
    them) and become unreadable for good when the practitioner is erased. v1 held them plain."""

    schema_version: ClassVar[int] = 2
    practitioner_id: str
    tenant_id: str
    school_id: str | None
    """The school they work at; None for staff of an organisation (then ``organisation_id``)."""
    given_name: str
    family_name: str
    email: str | None = None
    role: PractitionerRole
    source_id: str | None = None
    organisation_id: str | None = None
    """The organisation they work at; None for staff of a school."""


class PractitionerDeactivated(DomainEvent):
    practitioner_id: str
    reason: str | None = None


class PractitionerErased(DomainEvent):
    """The practitioner's personal data is gone; services show ``replacement_name`` instead."""

    practitioner_id: str
    replacement_name: str = ERASED_NAME


PractitionerEvent = PractitionerRegistered | PractitionerDeactivated | PractitionerErased

# --- commands ------------------------------------------------------------------------------


class RegisterPractitioner(ActorCommand):
    FACTS: ClassVar[frozenset[str]] = frozenset({"school_registered", "organisation_registered"})
    practitioner_id: EntityId
    school_id: EntityId | None = None
    organisation_id: EntityId | None = None
    given_name: Name
    family_name: Name
    email: EmailAddress | None = None
    role: PractitionerRole
    source_id: SourceId | None = None
    school_registered: bool = False
    """Fact from the school's stream: the school exists in the actor's tenant."""
    organisation_registered: bool = False
    """Fact from the organisation's stream: it exists in the actor's tenant."""


class DeactivatePractitioner(ActorCommand):
    practitioner_id: EntityId
    reason: OptionalText | None = None


class ErasePractitioner(ActorCommand):
    practitioner_id: EntityId


PractitionerCommand = RegisterPractitioner | DeactivatePractitioner | ErasePractitioner

# --- state ---------------------------------------------------------------------------------


class PractitionerState(BaseModel):
    model_config = ConfigDict(frozen=True)

    exists: bool = False
    practitioner_id: str | None = None
    tenant_id: str | None = None
    school_id: str | None = None
    organisation_id: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    email: str | None = None
    role: PractitionerRole | None = None
    source_id: str | None = None
    status: PractitionerStatus = PractitionerStatus.ACTIVE

    @property
    def active(self) -> bool:
        return self.exists and self.status is PractitionerStatus.ACTIVE


# --- decide / evolve -----------------------------------------------------------------------


def decide(state: PractitionerState, command: PractitionerCommand) -> list[PractitionerEvent]:
    if not is_tenant_admin(command.actor):
        raise NotTenantAdmin()
    if isinstance(command, RegisterPractitioner):
        return _register(state, command)
    if not _found(state, command):
        raise PractitionerNotFound(field="practitioner_id")
    match command:
        case DeactivatePractitioner():
            if not state.active:
                raise PractitionerNotActive(field="practitioner_id")
            return [
                PractitionerDeactivated(
                    practitioner_id=command.practitioner_id, reason=command.reason
                )
            ]
        case ErasePractitioner():
            if state.status is PractitionerStatus.ERASED:
                raise PractitionerAlreadyErased(field="practitioner_id")
            return [PractitionerErased(practitioner_id=command.practitioner_id)]
    assert_never(command)  # pragma: no mutate (unreachable: the match is exhaustive)


def _found(state: PractitionerState, command: DeactivatePractitioner | ErasePractitioner) -> bool:
    """The practitioner exists in the actor's tenant, and is the one the command names."""
    return (
        state.exists
        and state.practitioner_id == command.practitioner_id
        and in_tenant(state.tenant_id, command.actor)
    )


def _register(state: PractitionerState, command: RegisterPractitioner) -> list[PractitionerEvent]:
    if state.exists:
        raise PractitionerAlreadyRegistered(field="practitioner_id")
    if (command.school_id is None) == (command.organisation_id is None):
        raise WorksAtSchoolOrOrganisation(field="school_id")
    if command.school_id is not None and not command.school_registered:
        raise SchoolNotRegistered(field="school_id")
    if command.organisation_id is not None and not command.organisation_registered:
        raise OrganisationNotRegistered(field="organisation_id")
    return [
        PractitionerRegistered(
            practitioner_id=command.practitioner_id,
            tenant_id=command.actor.tenant_id,
            school_id=command.school_id,
            organisation_id=command.organisation_id,
            given_name=command.given_name,
            family_name=command.family_name,
            email=command.email,
            role=command.role,
            source_id=command.source_id,
        )
    ]


def evolve(state: PractitionerState, event: PractitionerEvent) -> PractitionerState:
    match event:
        case PractitionerRegistered():
            return PractitionerState(
                exists=True,
                practitioner_id=event.practitioner_id,
                tenant_id=event.tenant_id,
                school_id=event.school_id,
                organisation_id=event.organisation_id,
                given_name=event.given_name,
                family_name=event.family_name,
                email=event.email,
                role=event.role,
                source_id=event.source_id,
            )
        case PractitionerDeactivated():
            return state.model_copy(update={"status": PractitionerStatus.DEACTIVATED})
        case PractitionerErased():
            return state.model_copy(
                update={
                    "status": PractitionerStatus.ERASED,
                    "given_name": None,
                    "family_name": None,
                    "email": None,
                }
            )
    assert_never(event)  # pragma: no mutate (unreachable: the match is exhaustive)


DECIDER: Decider[PractitionerState, PractitionerCommand, PractitionerEvent] = Decider(
    stream_type="practitioner",
    initial_state=PractitionerState,
    decide=decide,
    evolve=evolve,
)

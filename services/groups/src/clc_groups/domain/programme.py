"""Programme: a programme for co-leaders and facilitators, run in cohorts, concurrent with each
participant's own home group (the two loops of learning: ideas go from the programme into the
home group, and what happened there comes back).

A programme is *established* (by a tenant admin or a ``network_lead``), forms cohorts (a cohort
may meet as a learning group of its own, ``cohort_group_id``), and enrols participants, each
linked to the home group they lead.

Rules:

- a cohort id is formed once (``CohortAlreadyFormed``); enrolling names a formed cohort
  (``CohortNotFound``);
- a participant is an active practitioner (``PractitionerNotActive``) who leads their home group
  (a co-leader, facilitator or co-tutor of it: ``ParticipantDoesNotLeadHomeGroup``); the facts
  come from their stream and the group's (``EnrolParticipant.practitioner_active``,
  ``home_group_leader_ids``);
- a practitioner is enrolled in a programme at most once (``AlreadyEnrolled``), and only an
  enrolled one withdraws (``NotEnrolled``).

Who manages a programme: its founder and tenant admins (``NotProgrammeLeader``).
"""

from __future__ import annotations

from typing import ClassVar, assert_never

from eventkit.domain import Decider, DomainEvent
from pydantic import BaseModel, ConfigDict, Field

from .access import NETWORK_LEAD, ActorCommand, in_tenant, is_tenant_admin
from .errors import (
    AlreadyEnrolled,
    CohortAlreadyFormed,
    CohortNotFound,
    MayNotEstablishProgramme,
    NotEnrolled,
    NotProgrammeLeader,
    ParticipantDoesNotLeadHomeGroup,
    PractitionerNotActive,
    ProgrammeAlreadyEstablished,
    ProgrammeNotFound,
)
from .inputs import EntityId, Name, OptionalText

__all__ = [
    "DECIDER",
    "CohortFormed",
    "EnrolParticipant",
    "EstablishProgramme",
    "FormCohort",
    "ParticipantEnrolled",
    "ParticipantWithdrew",
    "ProgrammeCommand",
    "ProgrammeEstablished",
    "ProgrammeEvent",
    "ProgrammeState",
    "WithdrawParticipant",
    "decide",
    "evolve",
]

# --- events --------------------------------------------------------------------------------


class ProgrammeEstablished(DomainEvent):
    programme_id: str
    tenant_id: str
    name: str
    description: str | None = None
    founder_id: str


class CohortFormed(DomainEvent):
    programme_id: str
    cohort_id: str
    name: str
    region: str | None = None
    cohort_group_id: str | None = None
    """The learning group in which the cohort meets, if any (its enquiries are the programme's)."""


class ParticipantEnrolled(DomainEvent):
    programme_id: str
    cohort_id: str
    practitioner_id: str
    home_group_id: str
    """The learning group the participant leads at home (the second loop)."""


class ParticipantWithdrew(DomainEvent):
    programme_id: str
    cohort_id: str
    practitioner_id: str


ProgrammeEvent = ProgrammeEstablished | CohortFormed | ParticipantEnrolled | ParticipantWithdrew

# --- commands ------------------------------------------------------------------------------


class EstablishProgramme(ActorCommand):
    programme_id: EntityId
    name: Name
    description: OptionalText | None = None


class FormCohort(ActorCommand):
    programme_id: EntityId
    cohort_id: EntityId
    name: Name
    region: Name | None = None
    cohort_group_id: EntityId | None = None


class EnrolParticipant(ActorCommand):
    FACTS: ClassVar[frozenset[str]] = frozenset({"practitioner_active", "home_group_leader_ids"})
    programme_id: EntityId
    cohort_id: EntityId
    practitioner_id: EntityId
    home_group_id: EntityId
    practitioner_active: bool
    """Fact from the practitioner's stream."""
    home_group_leader_ids: frozenset[str]
    """Fact from the home group's stream: its co-leaders, facilitators and co-tutors."""


class WithdrawParticipant(ActorCommand):
    programme_id: EntityId
    practitioner_id: EntityId


ProgrammeCommand = EstablishProgramme | FormCohort | EnrolParticipant | WithdrawParticipant

# --- state ---------------------------------------------------------------------------------


class ProgrammeState(BaseModel):
    model_config = ConfigDict(frozen=True)

    exists: bool = False
    programme_id: str | None = None
    tenant_id: str | None = None
    founder_id: str | None = None
    cohort_ids: frozenset[str] = frozenset()
    participants: dict[str, str] = Field(default_factory=dict)
    """Practitioner id -> their cohort."""


# --- decide / evolve -----------------------------------------------------------------------


def decide(state: ProgrammeState, command: ProgrammeCommand) -> list[ProgrammeEvent]:
    actor = command.actor
    if isinstance(command, EstablishProgramme):
        if not (is_tenant_admin(actor) or actor.has_role(NETWORK_LEAD)):
            raise MayNotEstablishProgramme()
        if state.exists:
            raise ProgrammeAlreadyEstablished(field="programme_id")
        return [
            ProgrammeEstablished(
                programme_id=command.programme_id,
                tenant_id=actor.tenant_id,
                name=command.name,
                description=command.description,
                founder_id=actor.person_id,
            )
        ]
    if not (
        state.exists
        and state.programme_id == command.programme_id
        and in_tenant(state.tenant_id, actor)
    ):
        raise ProgrammeNotFound(field="programme_id")
    if not (is_tenant_admin(actor) or actor.person_id == state.founder_id):
        raise NotProgrammeLeader()
    match command:
        case FormCohort():
            if command.cohort_id in state.cohort_ids:
                raise CohortAlreadyFormed(field="cohort_id")
            return [
                CohortFormed(
                    programme_id=command.programme_id,
                    cohort_id=command.cohort_id,
                    name=command.name,
                    region=command.region,
                    cohort_group_id=command.cohort_group_id,
                )
            ]
        case EnrolParticipant():
            return _enrol(state, command)
        case WithdrawParticipant():
            cohort = state.participants.get(command.practitioner_id)
            if cohort is None:
                raise NotEnrolled(field="practitioner_id")
            return [
                ParticipantWithdrew(
                    programme_id=command.programme_id,
                    cohort_id=cohort,
                    practitioner_id=command.practitioner_id,
                )
            ]
    assert_never(command)  # pragma: no mutate (unreachable: the match is exhaustive)


def _enrol(state: ProgrammeState, command: EnrolParticipant) -> list[ProgrammeEvent]:
    if command.cohort_id not in state.cohort_ids:
        raise CohortNotFound(field="cohort_id")
    if not command.practitioner_active:
        raise PractitionerNotActive(field="practitioner_id")
    if command.practitioner_id in state.participants:
        raise AlreadyEnrolled(field="practitioner_id")
    if command.practitioner_id not in command.home_group_leader_ids:
        raise ParticipantDoesNotLeadHomeGroup(field="home_group_id")
    return [
        ParticipantEnrolled(
            programme_id=command.programme_id,
            cohort_id=command.cohort_id,
            practitioner_id=command.practitioner_id,
            home_group_id=command.home_group_id,
        )
    ]


def evolve(state: ProgrammeState, event: ProgrammeEvent) -> ProgrammeState:
    match event:
        case ProgrammeEstablished():
            return ProgrammeState(
                exists=True,
                programme_id=event.programme_id,
                tenant_id=event.tenant_id,
                founder_id=event.founder_id,
            )
        case CohortFormed():
            return state.model_copy(update={"cohort_ids": state.cohort_ids | {event.cohort_id}})
        case ParticipantEnrolled():
            participants = {**state.participants, event.practitioner_id: event.cohort_id}
            return state.model_copy(update={"participants": participants})
        case ParticipantWithdrew():
            participants = {
                p: c for p, c in state.participants.items() if p != event.practitioner_id
            }
            return state.model_copy(update={"participants": participants})
    assert_never(event)  # pragma: no mutate (unreachable: the match is exhaustive)


DECIDER: Decider[ProgrammeState, ProgrammeCommand, ProgrammeEvent] = Decider(
    stream_type="programme",
    initial_state=ProgrammeState,
    decide=decide,
    evolve=evolve,
)

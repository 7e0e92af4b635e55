"""Learning group: people who learn together, led by co-leaders and/or facilitators.

Kinds: leadership learning group, enquiry group, action learning set, peer-review team, study group.
A group is *formed*, gathers members, agrees ground rules, is *launched*, meets in sessions, and is
finally *closed*.

Rules:

- forming a group in a network needs that network to exist and not be dissolved
  (``FormLearningGroup.network_is_active``);
- a group in a network takes members only from the network's member schools
  (``AddMember.network_member_school_ids``); a member's school leaving the network later does not
  end the membership;
- a deactivated or erased practitioner cannot be added (``AddMember.practitioner_active``);
- a practitioner is a member at most once;
- ground rules are versioned: each changed text proposed is a new version and must be agreed again;
  agreeing refers to a version, and only the current one may be agreed;
- launching needs a co-leader or facilitator and the current ground rules agreed; after launch a
  new proposal leaves the group launched, with ``ground_rules_agreed`` false until agreed again;
- in a launched group the last co-leader or facilitator cannot be made a plain member (appoint
  another first); they may still *leave*, as anyone may, leaving the group to the tenant admins;
- sessions are scheduled while the group is formed or launched; a session is held once, only if
  scheduled and not cancelled, and its attendance lists only current members;
- closing cancels the sessions still scheduled (``SessionCancelled`` events first) and the closed
  group refuses every further command.

Who manages a group: its co-leaders and facilitators and tenant admins; before launch also its
founder, so the person who formed it can gather its first members. Forming needs tenant_admin,
``group_lead``, or (for a network group) being one of the network's co-leaders
(``FormLearningGroup.network_co_leader_ids``). A member may always leave; removing someone else
needs a group manager.
"""

from __future__ import annotations

from datetime import datetime
from typing import assert_never

from eventkit.domain import Actor, Decider, DomainEvent
from pydantic import BaseModel, ConfigDict, Field, model_validator

from .access import GROUP_LEAD, ActorCommand, in_tenant, is_tenant_admin
from .errors import (
    AlreadyAMember,
    AttendeeNotAMember,
    GroundRulesNotAgreed,
    GroundRulesVersionOutdated,
    GroundRulesVersionUnknown,
    LastGroupLeader,
    LearningGroupAlreadyFormed,
    LearningGroupAlreadyLaunched,
    LearningGroupIsClosed,
    LearningGroupNotFound,
    MayNotFormLearningGroup,
    MayNotRemoveMember,
    MemberNotFromNetworkSchool,
    NetworkFactsMissing,
    NetworkNotActive,
    NoGroundRulesProposed,
    NoGroupLeader,
    NotAMember,
    NotGroupLeader,
    PractitionerNotActive,
    SessionAlreadyHeld,
    SessionAlreadyScheduled,
    SessionNotScheduled,
    SessionWasCancelled,
)
from .inputs import EntityId, GroundRulesText, Name, OptionalText, ZonedDateTime
from .values import GroupKind, LearningGroupStatus, MemberRole, SessionProtocol, SessionStatus

__all__ = [
    "DECIDER",
    "AddMember",
    "AgreeGroundRules",
    "CancelSession",
    "ChangeMemberRole",
    "CloseLearningGroup",
    "FormLearningGroup",
    "GroundRulesAgreed",
    "GroundRulesProposed",
    "HoldSession",
    "LaunchLearningGroup",
    "LearningGroupClosed",
    "LearningGroupCommand",
    "LearningGroupEvent",
    "LearningGroupFormed",
    "LearningGroupLaunched",
    "LearningGroupState",
    "LeaveGroup",
    "Member",
    "MemberAdded",
    "MemberLeft",
    "MemberRoleChanged",
    "ProposeGroundRules",
    "ScheduleSession",
    "Session",
    "SessionCancelled",
    "SessionHeld",
    "SessionScheduled",
    "decide",
    "evolve",
]

CLOSING_REASON = "The learning group closed"

# --- events --------------------------------------------------------------------------------


class LearningGroupFormed(DomainEvent):
    group_id: str
    tenant_id: str
    name: str
    kind: GroupKind
    network_id: str | None = None
    founder_id: str


class MemberAdded(DomainEvent):
    group_id: str
    practitioner_id: str
    role: MemberRole
    school_id: str


class MemberRoleChanged(DomainEvent):
    group_id: str
    practitioner_id: str
    role: MemberRole
    previous_role: MemberRole


class MemberLeft(DomainEvent):
    group_id: str
    practitioner_id: str
    removed: bool = False
    """True when a group manager ended someone else's membership."""


class GroundRulesProposed(DomainEvent):
    group_id: str
    version: int
    text: str


class GroundRulesAgreed(DomainEvent):
    group_id: str
    version: int


class LearningGroupLaunched(DomainEvent):
    group_id: str


class SessionScheduled(DomainEvent):
    group_id: str
    session_id: str
    starts_at: datetime
    protocol: SessionProtocol
    artefact_id: str | None = None
    """The artefact the protocol uses, if any (the knowledge service records its use)."""


class SessionHeld(DomainEvent):
    """Self-contained for consumers: carries the scheduled start, protocol and artefact."""

    group_id: str
    session_id: str
    starts_at: datetime
    protocol: SessionProtocol
    artefact_id: str | None = None
    attendee_ids: tuple[str, ...] = ()
    """The members who attended, sorted."""


class SessionCancelled(DomainEvent):
    group_id: str
    session_id: str
    reason: str | None = None


class LearningGroupClosed(DomainEvent):
    group_id: str
    reason: str | None = None


LearningGroupEvent = (
    LearningGroupFormed
    | MemberAdded
    | MemberRoleChanged
    | MemberLeft
    | GroundRulesProposed
    | GroundRulesAgreed
    | LearningGroupLaunched
    | SessionScheduled
    | SessionHeld
    | SessionCancelled
    | LearningGroupClosed
)

# --- commands ------------------------------------------------------------------------------


class FormLearningGroup(ActorCommand):
    group_id: EntityId
    name: Name
    kind: GroupKind
    network_id: EntityId | None = None
    network_is_active: bool | None = None
    """Fact from the network's stream: it exists in the tenant and is not dissolved.
    Required exactly when ``network_id`` is given."""
    network_co_leader_ids: frozenset[str] = frozenset()
    """Fact from the network's stream: its current co-leaders (who may form groups in it)."""

    @model_validator(mode="after")
    def _network_facts_go_with_a_network(self) -> FormLearningGroup:
        if (self.network_id is None) != (self.network_is_active is None):
            raise ValueError("network_is_active is given exactly when network_id is given")
        if self.network_id is None and self.network_co_leader_ids:
            raise ValueError("network_co_leader_ids needs a network_id")
        return self


class AddMember(ActorCommand):
    group_id: EntityId
    practitioner_id: EntityId
    role: MemberRole = MemberRole.MEMBER
    practitioner_school_id: EntityId
    """Fact from the practitioner's stream: the school they work at."""
    practitioner_active: bool
    """Fact from the practitioner's stream: neither deactivated nor erased."""
    network_member_school_ids: frozenset[str] | None = None
    """Fact from the network's stream: its member schools; None when the group has no network."""


class ChangeMemberRole(ActorCommand):
    group_id: EntityId
    practitioner_id: EntityId
    role: MemberRole


class LeaveGroup(ActorCommand):
    """A member leaves the group, or a group manager removes them."""

    group_id: EntityId
    practitioner_id: EntityId


class ProposeGroundRules(ActorCommand):
    group_id: EntityId
    text: GroundRulesText


class AgreeGroundRules(ActorCommand):
    group_id: EntityId
    version: int = Field(ge=1)
    """The version the group agreed, as proposed."""


class LaunchLearningGroup(ActorCommand):
    group_id: EntityId


class ScheduleSession(ActorCommand):
    group_id: EntityId
    session_id: EntityId
    starts_at: ZonedDateTime
    protocol: SessionProtocol
    artefact_id: EntityId | None = None


class HoldSession(ActorCommand):
    group_id: EntityId
    session_id: EntityId
    attendee_ids: frozenset[EntityId] = frozenset()


class CancelSession(ActorCommand):
    group_id: EntityId
    session_id: EntityId
    reason: OptionalText | None = None


class CloseLearningGroup(ActorCommand):
    group_id: EntityId
    reason: OptionalText | None = None


LearningGroupCommand = (
    FormLearningGroup
    | AddMember
    | ChangeMemberRole
    | LeaveGroup
    | ProposeGroundRules
    | AgreeGroundRules
    | LaunchLearningGroup
    | ScheduleSession
    | HoldSession
    | CancelSession
    | CloseLearningGroup
)

# --- state ---------------------------------------------------------------------------------


class Member(BaseModel):
    model_config = ConfigDict(frozen=True)

    practitioner_id: str
    role: MemberRole
    school_id: str


class Session(BaseModel):
    model_config = ConfigDict(frozen=True)

    session_id: str
    starts_at: datetime
    protocol: SessionProtocol
    artefact_id: str | None = None
    status: SessionStatus = SessionStatus.SCHEDULED
    attendee_ids: tuple[str, ...] = ()


class LearningGroupState(BaseModel):
    model_config = ConfigDict(frozen=True)

    exists: bool = False
    group_id: str | None = None
    tenant_id: str | None = None
    name: str | None = None
    kind: GroupKind | None = None
    network_id: str | None = None
    founder_id: str | None = None
    status: LearningGroupStatus = LearningGroupStatus.FORMED
    members: dict[str, Member] = Field(default_factory=dict)
    ground_rules_version: int = 0
    """The current proposed version; 0 while none has been proposed."""
    ground_rules_text: str | None = None
    agreed_ground_rules_version: int | None = None
    sessions: dict[str, Session] = Field(default_factory=dict)

    @property
    def leader_ids(self) -> frozenset[str]:
        return frozenset(p for p, member in self.members.items() if member.role.leads)

    @property
    def ground_rules_agreed(self) -> bool:
        return (
            self.ground_rules_version > 0
            and self.agreed_ground_rules_version == self.ground_rules_version
        )

    def may_be_managed_by(self, actor: Actor) -> bool:
        if is_tenant_admin(actor) or actor.person_id in self.leader_ids:
            return True
        return self.status is LearningGroupStatus.FORMED and actor.person_id == self.founder_id


# --- decide --------------------------------------------------------------------------------


def decide(state: LearningGroupState, command: LearningGroupCommand) -> list[LearningGroupEvent]:
    if isinstance(command, FormLearningGroup):
        return _form(state, command)
    if not _found(state, command):
        raise LearningGroupNotFound(field="group_id")
    _authorize(state, command)
    if state.status is LearningGroupStatus.CLOSED:
        raise LearningGroupIsClosed()
    match command:
        case AddMember():
            return _add_member(state, command)
        case ChangeMemberRole():
            return _change_role(state, command)
        case LeaveGroup():
            _member(state, command.practitioner_id)
            removed = command.practitioner_id != command.actor.person_id
            return [
                MemberLeft(
                    group_id=command.group_id,
                    practitioner_id=command.practitioner_id,
                    removed=removed,
                )
            ]
        case ProposeGroundRules():
            if command.text == state.ground_rules_text:
                return []
            version = state.ground_rules_version + 1
            return [
                GroundRulesProposed(group_id=command.group_id, version=version, text=command.text)
            ]
        case AgreeGroundRules():
            return _agree(state, command)
        case LaunchLearningGroup():
            return _launch(state, command)
        case ScheduleSession():
            return _schedule(state, command)
        case HoldSession():
            return _hold(state, command)
        case CancelSession():
            _scheduled_session(state, command.session_id)
            return [
                SessionCancelled(
                    group_id=command.group_id, session_id=command.session_id, reason=command.reason
                )
            ]
        case CloseLearningGroup():
            return _close(state, command)
    assert_never(command)


def _found(state: LearningGroupState, command: LearningGroupCommand) -> bool:
    """The group exists in the actor's tenant, and is the one the command names."""
    return (
        state.exists
        and state.group_id == command.group_id
        and in_tenant(state.tenant_id, command.actor)
    )


def _authorize(state: LearningGroupState, command: LearningGroupCommand) -> None:
    actor = command.actor
    if state.may_be_managed_by(actor):
        return
    if isinstance(command, LeaveGroup):
        if command.practitioner_id == actor.person_id:
            return
        raise MayNotRemoveMember()
    raise NotGroupLeader()


def _form(state: LearningGroupState, command: FormLearningGroup) -> list[LearningGroupEvent]:
    actor = command.actor
    network_co_leader = command.network_id is not None and (
        actor.person_id in command.network_co_leader_ids
    )
    if not (is_tenant_admin(actor) or actor.has_role(GROUP_LEAD) or network_co_leader):
        raise MayNotFormLearningGroup()
    if state.exists:
        raise LearningGroupAlreadyFormed(field="group_id")
    if command.network_id is not None and not command.network_is_active:
        raise NetworkNotActive(field="network_id")
    return [
        LearningGroupFormed(
            group_id=command.group_id,
            tenant_id=actor.tenant_id,
            name=command.name,
            kind=command.kind,
            network_id=command.network_id,
            founder_id=actor.person_id,
        )
    ]


def _member(state: LearningGroupState, practitioner_id: str) -> Member:
    member = state.members.get(practitioner_id)
    if member is None:
        raise NotAMember(field="practitioner_id")
    return member


def _add_member(state: LearningGroupState, command: AddMember) -> list[LearningGroupEvent]:
    if not command.practitioner_active:
        raise PractitionerNotActive(field="practitioner_id")
    if command.practitioner_id in state.members:
        raise AlreadyAMember(field="practitioner_id")
    if state.network_id is not None:
        if command.network_member_school_ids is None:
            raise NetworkFactsMissing(field="network_member_school_ids")
        if command.practitioner_school_id not in command.network_member_school_ids:
            raise MemberNotFromNetworkSchool(field="practitioner_id")
    return [
        MemberAdded(
            group_id=command.group_id,
            practitioner_id=command.practitioner_id,
            role=command.role,
            school_id=command.practitioner_school_id,
        )
    ]


def _change_role(state: LearningGroupState, command: ChangeMemberRole) -> list[LearningGroupEvent]:
    member = _member(state, command.practitioner_id)
    if command.role is member.role:
        return []
    demotes_last_leader = (
        member.role.leads and not command.role.leads and len(state.leader_ids) == 1
    )
    if demotes_last_leader and state.status is LearningGroupStatus.LAUNCHED:
        raise LastGroupLeader(field="role")
    return [
        MemberRoleChanged(
            group_id=command.group_id,
            practitioner_id=command.practitioner_id,
            role=command.role,
            previous_role=member.role,
        )
    ]


def _agree(state: LearningGroupState, command: AgreeGroundRules) -> list[LearningGroupEvent]:
    if state.ground_rules_version == 0:
        raise NoGroundRulesProposed()
    if command.version < state.ground_rules_version:
        raise GroundRulesVersionOutdated(field="version")
    if command.version > state.ground_rules_version:
        raise GroundRulesVersionUnknown(field="version")
    if state.ground_rules_agreed:
        return []
    return [GroundRulesAgreed(group_id=command.group_id, version=command.version)]


def _launch(state: LearningGroupState, command: LaunchLearningGroup) -> list[LearningGroupEvent]:
    if state.status is LearningGroupStatus.LAUNCHED:
        raise LearningGroupAlreadyLaunched()
    if not state.leader_ids:
        raise NoGroupLeader()
    if not state.ground_rules_agreed:
        raise GroundRulesNotAgreed()
    return [LearningGroupLaunched(group_id=command.group_id)]


def _schedule(state: LearningGroupState, command: ScheduleSession) -> list[LearningGroupEvent]:
    if command.session_id in state.sessions:
        raise SessionAlreadyScheduled(field="session_id")
    return [
        SessionScheduled(
            group_id=command.group_id,
            session_id=command.session_id,
            starts_at=command.starts_at,
            protocol=command.protocol,
            artefact_id=command.artefact_id,
        )
    ]


def _scheduled_session(state: LearningGroupState, session_id: str) -> Session:
    """The session, if it is still to be held; refuses otherwise."""
    session = state.sessions.get(session_id)
    if session is None:
        raise SessionNotScheduled(field="session_id")
    if session.status is SessionStatus.CANCELLED:
        raise SessionWasCancelled(field="session_id")
    if session.status is SessionStatus.HELD:
        raise SessionAlreadyHeld(field="session_id")
    return session


def _hold(state: LearningGroupState, command: HoldSession) -> list[LearningGroupEvent]:
    session = _scheduled_session(state, command.session_id)
    strangers = sorted(command.attendee_ids - state.members.keys())
    if strangers:
        raise AttendeeNotAMember(
            f"Attendance may list only members of the group; not members: {', '.join(strangers)}",
            field="attendee_ids",
        )
    return [
        SessionHeld(
            group_id=command.group_id,
            session_id=command.session_id,
            starts_at=session.starts_at,
            protocol=session.protocol,
            artefact_id=session.artefact_id,
            attendee_ids=tuple(sorted(command.attendee_ids)),
        )
    ]


def _close(state: LearningGroupState, command: CloseLearningGroup) -> list[LearningGroupEvent]:
    pending = sorted(
        (s for s in state.sessions.values() if s.status is SessionStatus.SCHEDULED),
        key=lambda s: (s.starts_at, s.session_id),
    )
    events: list[LearningGroupEvent] = [
        SessionCancelled(group_id=command.group_id, session_id=s.session_id, reason=CLOSING_REASON)
        for s in pending
    ]
    events.append(LearningGroupClosed(group_id=command.group_id, reason=command.reason))
    return events


# --- evolve --------------------------------------------------------------------------------


def evolve(state: LearningGroupState, event: LearningGroupEvent) -> LearningGroupState:
    match event:
        case LearningGroupFormed():
            return LearningGroupState(
                exists=True,
                group_id=event.group_id,
                tenant_id=event.tenant_id,
                name=event.name,
                kind=event.kind,
                network_id=event.network_id,
                founder_id=event.founder_id,
            )
        case MemberAdded():
            member = Member(
                practitioner_id=event.practitioner_id, role=event.role, school_id=event.school_id
            )
            return _with_member(state, member)
        case MemberRoleChanged():
            member = state.members[event.practitioner_id].model_copy(update={"role": event.role})
            return _with_member(state, member)
        case MemberLeft():
            members = {p: m for p, m in state.members.items() if p != event.practitioner_id}
            return state.model_copy(update={"members": members})
        case GroundRulesProposed():
            update = {"ground_rules_version": event.version, "ground_rules_text": event.text}
            return state.model_copy(update=update)
        case GroundRulesAgreed():
            return state.model_copy(update={"agreed_ground_rules_version": event.version})
        case LearningGroupLaunched():
            return state.model_copy(update={"status": LearningGroupStatus.LAUNCHED})
        case SessionScheduled():
            session = Session(
                session_id=event.session_id,
                starts_at=event.starts_at,
                protocol=event.protocol,
                artefact_id=event.artefact_id,
            )
            return _with_session(state, session)
        case SessionHeld():
            held = state.sessions[event.session_id].model_copy(
                update={"status": SessionStatus.HELD, "attendee_ids": event.attendee_ids}
            )
            return _with_session(state, held)
        case SessionCancelled():
            cancelled = state.sessions[event.session_id].model_copy(
                update={"status": SessionStatus.CANCELLED}
            )
            return _with_session(state, cancelled)
        case LearningGroupClosed():
            return state.model_copy(update={"status": LearningGroupStatus.CLOSED})
    assert_never(event)


def _with_member(state: LearningGroupState, member: Member) -> LearningGroupState:
    return state.model_copy(update={"members": {**state.members, member.practitioner_id: member}})


def _with_session(state: LearningGroupState, session: Session) -> LearningGroupState:
    return state.model_copy(update={"sessions": {**state.sessions, session.session_id: session}})


DECIDER: Decider[LearningGroupState, LearningGroupCommand, LearningGroupEvent] = Decider(
    stream_type="learning_group",
    initial_state=LearningGroupState,
    decide=decide,
    evolve=evolve,
)

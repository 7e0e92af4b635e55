"""Learning group: people who learn together, led by co-leaders and/or facilitators.

Kinds: leadership learning group, enquiry group, action learning set, peer-review team, study group.
A group is *formed*, gathers members, agrees ground rules, is *launched*, meets in sessions, and is
finally *closed*.

Rules:

- forming a group in a network needs that network to exist and not be dissolved
  (``FormLearningGroup.network_is_active``);
- a group in a network takes members only from the network's member schools
  (``AddMember.network_member_school_ids``); a member's school leaving the network later does not
  end the membership; people of organisations (local authority officers, university tutors,
  partners) may join any group, as facilitators, co-tutors or members;
- a deactivated or erased practitioner cannot be added (``AddMember.practitioner_active``);
- a practitioner is a member at most once;
- ground rules are **agreed by the group, not decreed**: a leader proposes a version (each changed
  text a new version) and may withdraw it while it is not in force (``GroundRulesNotPending``
  otherwise); each member agrees by their own act (``AgreeGroundRules`` is personal:
  ``OnlyMembersAgreeGroundRules`` for anyone else, tenant admins included); the version comes
  into force (``GroundRulesInForce``) when every active member has agreed it, or the quorum the
  group set when it formed; a member leaving can complete the consent too. Someone who joins
  later is "not yet agreed" until they agree the version in force by their own act; the rules
  stay in force meanwhile. Only the current version may be agreed;
- launching needs a co-leader or facilitator and the current ground rules agreed; after launch a
  new proposal leaves the group launched, with ``ground_rules_agreed`` false until agreed again;
- in a launched group the last co-leader or facilitator cannot be made a plain member (appoint
  another first); they may still *leave*, as anyone may, leaving the group to the tenant admins;
- sessions are scheduled while the group is formed or launched; a session is held once, only if
  scheduled and not cancelled, and its attendance lists only current members;
- a held session's record (``RecordSessionLearning``: its protocols, learning points and how the
  group worked together) is kept by any member, only once it is held (``SessionNotHeld``);
- activities (coaching, mentoring, lesson observation, school visit, shadowing) are between two
  or more members (``ActivityNeedsTwoPeople``, ``ActivityParticipantNotAMember``), recorded by
  any member, each id once (``ActivityAlreadyRecorded``);
- only a peer-review team is linked to the peer reviews it carries out (``NotAPeerReviewTeam``),
  each once (``PeerReviewAlreadyLinked``);
- closing cancels the sessions still scheduled (``SessionCancelled`` events first) and the closed
  group refuses every further command.

Who manages a group: its co-leaders and facilitators and tenant admins; before launch also its
founder, so the person who formed it can gather its first members. Forming needs tenant_admin,
``group_lead``, or (for a network group) being one of the network's co-leaders
(``FormLearningGroup.network_co_leader_ids``). A member may always leave; removing someone else
needs a group manager.
"""

from __future__ import annotations

from typing import assert_never

from eventkit.domain import Decider

from clc_groups.domain.access import GROUP_LEAD, in_tenant, is_tenant_admin
from clc_groups.domain.errors import (
    ActivityAlreadyRecorded,
    ActivityNeedsTwoPeople,
    ActivityParticipantNotAMember,
    AlreadyAMember,
    AttendeeNotAMember,
    GroundRulesNotAgreed,
    GroundRulesNotPending,
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
    NotAPeerReviewTeam,
    NotGroupLeader,
    OnlyMembersAgreeGroundRules,
    PeerReviewAlreadyLinked,
    PractitionerNotActive,
    SessionAlreadyHeld,
    SessionAlreadyScheduled,
    SessionNotHeld,
    SessionNotScheduled,
    SessionWasCancelled,
)
from clc_groups.domain.values import GroupKind, LearningGroupStatus, SessionStatus

from .commands import (
    AddMember,
    AgreeGroundRules,
    CancelSession,
    ChangeMemberRole,
    CloseLearningGroup,
    FormLearningGroup,
    HoldSession,
    LaunchLearningGroup,
    LearningGroupCommand,
    LeaveGroup,
    LinkPeerReview,
    ProposeGroundRules,
    RecordActivity,
    RecordSessionLearning,
    ScheduleSession,
    WithdrawGroundRules,
)
from .events import (
    ActivityRecorded,
    GroundRulesAgreed,
    GroundRulesInForce,
    GroundRulesProposed,
    GroundRulesWithdrawn,
    LearningGroupClosed,
    LearningGroupEvent,
    LearningGroupFormed,
    LearningGroupLaunched,
    MemberAdded,
    MemberLeft,
    MemberRoleChanged,
    PeerReviewLinked,
    SessionCancelled,
    SessionHeld,
    SessionLearningRecorded,
    SessionScheduled,
)
from .state import LearningGroupState, Member, Session, evolve

__all__ = [
    "DECIDER",
    "ActivityRecorded",
    "AddMember",
    "AgreeGroundRules",
    "CancelSession",
    "ChangeMemberRole",
    "CloseLearningGroup",
    "FormLearningGroup",
    "GroundRulesAgreed",
    "GroundRulesInForce",
    "GroundRulesProposed",
    "GroundRulesWithdrawn",
    "HoldSession",
    "LaunchLearningGroup",
    "LearningGroupClosed",
    "LearningGroupCommand",
    "LearningGroupEvent",
    "LearningGroupFormed",
    "LearningGroupLaunched",
    "LearningGroupState",
    "LeaveGroup",
    "LinkPeerReview",
    "Member",
    "MemberAdded",
    "MemberLeft",
    "MemberRoleChanged",
    "PeerReviewLinked",
    "ProposeGroundRules",
    "RecordActivity",
    "RecordSessionLearning",
    "ScheduleSession",
    "Session",
    "SessionCancelled",
    "SessionHeld",
    "SessionLearningRecorded",
    "SessionScheduled",
    "WithdrawGroundRules",
    "decide",
    "evolve",
]

CLOSING_REASON = "The learning group closed"

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
            return _leave(state, command)
        case ProposeGroundRules():
            if command.text == state.ground_rules_text:
                return []
            version = state.last_ground_rules_version + 1
            return [
                GroundRulesProposed(group_id=command.group_id, version=version, text=command.text)
            ]
        case AgreeGroundRules():
            return _agree(state, command)
        case WithdrawGroundRules():
            if command.version != state.pending_ground_rules_version:
                raise GroundRulesNotPending(field="version")
            return [GroundRulesWithdrawn(group_id=command.group_id, version=command.version)]
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
        case RecordSessionLearning():
            return _record_learning(state, command)
        case RecordActivity():
            return _record_activity(state, command)
        case LinkPeerReview():
            if state.kind is not GroupKind.PEER_REVIEW_TEAM:
                raise NotAPeerReviewTeam()
            if command.peer_review_id in state.peer_review_ids:
                raise PeerReviewAlreadyLinked(field="peer_review_id")
            return [
                PeerReviewLinked(group_id=command.group_id, peer_review_id=command.peer_review_id)
            ]
        case CloseLearningGroup():
            return _close(state, command)
    assert_never(command)  # pragma: no mutate (unreachable: the match is exhaustive)


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
    if isinstance(command, AgreeGroundRules):
        return  # consent is each member's own act (checked by the rule)
    if isinstance(command, RecordSessionLearning | RecordActivity):
        if actor.person_id in state.members:
            return  # any member keeps the group's record of learning
        raise NotGroupLeader()
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
        from_school = command.practitioner_school_id is not None
        if from_school and command.practitioner_school_id not in command.network_member_school_ids:
            raise MemberNotFromNetworkSchool(field="practitioner_id")
    return [
        MemberAdded(
            group_id=command.group_id,
            practitioner_id=command.practitioner_id,
            role=command.role,
            school_id=command.practitioner_school_id,
            organisation_id=command.practitioner_organisation_id,
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


def _leave(state: LearningGroupState, command: LeaveGroup) -> list[LearningGroupEvent]:
    _member(state, command.practitioner_id)
    removed = command.practitioner_id != command.actor.person_id
    events: list[LearningGroupEvent] = [
        MemberLeft(
            group_id=command.group_id, practitioner_id=command.practitioner_id, removed=removed
        )
    ]
    return events + _comes_into_force(state, events)


def _agree(state: LearningGroupState, command: AgreeGroundRules) -> list[LearningGroupEvent]:
    if state.ground_rules_version == 0:
        raise NoGroundRulesProposed()
    if command.version < state.ground_rules_version:
        raise GroundRulesVersionOutdated(field="version")
    if command.version > state.ground_rules_version:
        raise GroundRulesVersionUnknown(field="version")
    person = command.actor.person_id
    if person not in state.members:
        raise OnlyMembersAgreeGroundRules()
    if person in state.agreements.get(command.version, frozenset()):
        return []
    events: list[LearningGroupEvent] = [
        GroundRulesAgreed(
            group_id=command.group_id, version=command.version, practitioner_id=person
        )
    ]
    return events + _comes_into_force(state, events)


def _comes_into_force(
    state: LearningGroupState, events: list[LearningGroupEvent]
) -> list[LearningGroupEvent]:
    """``GroundRulesInForce`` if, after ``events``, the pending version has the group's consent."""
    pending = state.pending_ground_rules_version
    if pending is None:
        return []
    after = state
    for event in events:
        after = evolve(after, event)
    if not after.consent_reached(pending):
        return []
    return [GroundRulesInForce(group_id=state.group_id or "", version=pending)]


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


def _record_learning(
    state: LearningGroupState, command: RecordSessionLearning
) -> list[LearningGroupEvent]:
    session = state.sessions.get(command.session_id)
    if session is None:
        raise SessionNotScheduled(field="session_id")
    if session.status is not SessionStatus.HELD:
        raise SessionNotHeld(field="session_id")
    return [
        SessionLearningRecorded(
            group_id=command.group_id,
            session_id=command.session_id,
            protocols=tuple(sorted(command.protocols)),
            learning_points=command.learning_points,
            how_we_worked=command.how_we_worked,
            recorded_by=command.actor.person_id,
        )
    ]


def _record_activity(
    state: LearningGroupState, command: RecordActivity
) -> list[LearningGroupEvent]:
    if command.activity_id in state.activity_ids:
        raise ActivityAlreadyRecorded(field="activity_id")
    if len(command.participant_ids) < 2:
        raise ActivityNeedsTwoPeople(field="participant_ids")
    strangers = sorted(command.participant_ids - state.members.keys())
    if strangers:
        raise ActivityParticipantNotAMember(
            f"An activity's participants are members of the group; not members: "
            f"{', '.join(strangers)}",
            field="participant_ids",
        )
    return [
        ActivityRecorded(
            group_id=command.group_id,
            activity_id=command.activity_id,
            kind=command.kind,
            occurred_at=command.occurred_at,
            participant_ids=tuple(sorted(command.participant_ids)),
            school_ids=tuple(sorted(command.school_ids)),
            note=command.note,
            recorded_by=command.actor.person_id,
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


DECIDER: Decider[LearningGroupState, LearningGroupCommand, LearningGroupEvent] = Decider(
    stream_type="learning_group",
    initial_state=LearningGroupState,
    decide=decide,
    evolve=evolve,
)

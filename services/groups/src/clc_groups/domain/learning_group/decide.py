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
    GroundRulesNotAgreed,
    GroundRulesNotPending,
    LearningGroupAlreadyFormed,
    LearningGroupAlreadyLaunched,
    LearningGroupIsClosed,
    LearningGroupNotFound,
    MayNotFormLearningGroup,
    MayNotRemoveMember,
    NetworkNotActive,
    NoGroupLeader,
    NotAPeerReviewTeam,
    NotGroupLeader,
    PeerReviewAlreadyLinked,
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
from .ground_rules import agree
from .members import add_member, change_role, leave
from .sessions import hold, record_activity, record_learning, schedule, scheduled_session
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
            return add_member(state, command)
        case ChangeMemberRole():
            return change_role(state, command)
        case LeaveGroup():
            return leave(state, command)
        case ProposeGroundRules():
            if command.text == state.ground_rules_text:
                return []
            version = state.last_ground_rules_version + 1
            return [
                GroundRulesProposed(group_id=command.group_id, version=version, text=command.text)
            ]
        case AgreeGroundRules():
            return agree(state, command)
        case WithdrawGroundRules():
            if command.version != state.pending_ground_rules_version:
                raise GroundRulesNotPending(field="version")
            return [GroundRulesWithdrawn(group_id=command.group_id, version=command.version)]
        case LaunchLearningGroup():
            return _launch(state, command)
        case ScheduleSession():
            return schedule(state, command)
        case HoldSession():
            return hold(state, command)
        case CancelSession():
            scheduled_session(state, command.session_id)
            return [
                SessionCancelled(
                    group_id=command.group_id, session_id=command.session_id, reason=command.reason
                )
            ]
        case RecordSessionLearning():
            return record_learning(state, command)
        case RecordActivity():
            return record_activity(state, command)
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


def _launch(state: LearningGroupState, command: LaunchLearningGroup) -> list[LearningGroupEvent]:
    if state.status is LearningGroupStatus.LAUNCHED:
        raise LearningGroupAlreadyLaunched()
    if not state.leader_ids:
        raise NoGroupLeader()
    if not state.ground_rules_agreed:
        raise GroundRulesNotAgreed()
    return [LearningGroupLaunched(group_id=command.group_id)]


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

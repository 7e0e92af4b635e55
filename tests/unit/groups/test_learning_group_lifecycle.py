"""Learning group lifecycle: launching needs a leader and agreed ground rules; closing is final."""

from __future__ import annotations

import pytest
from clc_groups.domain import (
    LEARNING_GROUP_DECIDER,
    AddMember,
    AgreeGroundRules,
    CancelSession,
    ChangeMemberRole,
    CloseLearningGroup,
    GroundRulesAgreed,
    GroundRulesInForce,
    GroundRulesNotAgreed,
    GroundRulesProposed,
    HoldSession,
    LaunchLearningGroup,
    LearningGroupAlreadyLaunched,
    LearningGroupClosed,
    LearningGroupCommand,
    LearningGroupIsClosed,
    LearningGroupLaunched,
    LearningGroupStatus,
    LeaveGroup,
    MemberLeft,
    MemberRole,
    NoGroupLeader,
    NotGroupLeader,
    ProposeGroundRules,
    ScheduleSession,
    SessionCancelled,
    SessionProtocol,
    SessionStatus,
)
from eventkit.domain import Actor

from tests.support.scenario import given
from tests.unit.groups.builders import (
    ALICE,
    CAROL,
    DAN,
    GROUND_RULES,
    GROUP,
    NEXT_TUESDAY,
    SCHOOL_B,
    a_formed_group,
    a_group_ready_to_launch,
    a_group_with_a_leader,
    a_held_session,
    a_launched_group,
    a_scheduled_session,
    an_actor,
    an_admin,
    member_added,
)

LEADER = an_actor(ALICE)


def launching(by: Actor = LEADER) -> LaunchLearningGroup:
    return LaunchLearningGroup(actor=by, group_id=GROUP)


# --- launching -----------------------------------------------------------------------------


def test_a_group_with_a_leader_and_agreed_ground_rules_launches() -> None:
    state = (
        given(LEARNING_GROUP_DECIDER, *a_group_ready_to_launch())
        .when(launching())
        .then(LearningGroupLaunched(group_id=GROUP))
    )
    assert state.status is LearningGroupStatus.LAUNCHED


def test_a_group_led_by_a_facilitator_alone_launches() -> None:
    given(
        LEARNING_GROUP_DECIDER,
        *a_formed_group(),
        member_added(CAROL, MemberRole.FACILITATOR),
        GroundRulesProposed(group_id=GROUP, version=1, text=GROUND_RULES),
        GroundRulesAgreed(group_id=GROUP, version=1, practitioner_id=CAROL),
        GroundRulesInForce(group_id=GROUP, version=1),
    ).when(launching(an_actor(CAROL))).then(LearningGroupLaunched(group_id=GROUP))


def test_launching_a_group_without_a_co_leader_or_facilitator_is_refused() -> None:
    given(
        LEARNING_GROUP_DECIDER,
        *a_group_ready_to_launch(),
        MemberLeft(group_id=GROUP, practitioner_id=ALICE),
    ).when(launching(an_admin())).then_refused(NoGroupLeader, "NO_GROUP_LEADER")


def test_launching_a_group_without_ground_rules_is_refused() -> None:
    given(LEARNING_GROUP_DECIDER, *a_group_with_a_leader()).when(launching()).then_refused(
        GroundRulesNotAgreed, "GROUND_RULES_NOT_AGREED"
    )


def test_launching_a_group_whose_changed_ground_rules_are_not_agreed_again_is_refused() -> None:
    given(
        LEARNING_GROUP_DECIDER,
        *a_group_ready_to_launch(),
        GroundRulesProposed(group_id=GROUP, version=2, text=GROUND_RULES + " Phones away."),
    ).when(launching()).then_refused(GroundRulesNotAgreed, "GROUND_RULES_NOT_AGREED")


def test_launching_a_group_twice_is_refused() -> None:
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(launching()).then_refused(
        LearningGroupAlreadyLaunched, "LEARNING_GROUP_ALREADY_LAUNCHED"
    )


# --- closing -------------------------------------------------------------------------------


def test_closing_a_group_cancels_its_scheduled_sessions_first() -> None:
    later = a_scheduled_session("session-2").model_copy(
        update={"starts_at": NEXT_TUESDAY.replace(day=12)}
    )
    state = (
        given(
            LEARNING_GROUP_DECIDER,
            *a_launched_group(),
            later,
            a_scheduled_session("session-1"),
            a_scheduled_session("session-0"),
            a_held_session("session-0"),
        )
        .when(CloseLearningGroup(actor=LEADER, group_id=GROUP, reason="Enquiry complete"))
        .then(
            SessionCancelled(
                group_id=GROUP, session_id="session-1", reason="The learning group closed"
            ),
            SessionCancelled(
                group_id=GROUP, session_id="session-2", reason="The learning group closed"
            ),
            LearningGroupClosed(group_id=GROUP, reason="Enquiry complete"),
        )
    )
    assert state.status is LearningGroupStatus.CLOSED
    assert state.sessions["session-0"].status is SessionStatus.HELD


def test_a_plain_member_may_not_close_the_group() -> None:
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(
        CloseLearningGroup(actor=an_actor(CAROL), group_id=GROUP)
    ).then_refused(NotGroupLeader, "NOT_GROUP_LEADER")


@pytest.mark.parametrize(
    "command",
    [
        CloseLearningGroup(actor=LEADER, group_id=GROUP),
        AddMember(
            actor=LEADER,
            group_id=GROUP,
            practitioner_id=DAN,
            practitioner_school_id=SCHOOL_B,
            practitioner_active=True,
        ),
        ChangeMemberRole(
            actor=LEADER, group_id=GROUP, practitioner_id=CAROL, role=MemberRole.FACILITATOR
        ),
        LeaveGroup(actor=an_actor(CAROL), group_id=GROUP, practitioner_id=CAROL),
        ProposeGroundRules(actor=LEADER, group_id=GROUP, text="New rules"),
        AgreeGroundRules(actor=LEADER, group_id=GROUP, version=1),
        LaunchLearningGroup(actor=LEADER, group_id=GROUP),
        ScheduleSession(
            actor=LEADER,
            group_id=GROUP,
            session_id="session-9",
            starts_at=NEXT_TUESDAY,
            protocol=SessionProtocol.READING,
        ),
        HoldSession(actor=LEADER, group_id=GROUP, session_id="session-1"),
        CancelSession(actor=LEADER, group_id=GROUP, session_id="session-1"),
    ],
    ids=lambda command: type(command).__name__,
)
def test_a_closed_group_refuses_further_changes(command: LearningGroupCommand) -> None:
    given(
        LEARNING_GROUP_DECIDER,
        *a_launched_group(),
        a_scheduled_session("session-1"),
        LearningGroupClosed(group_id=GROUP),
    ).when(command).then_refused(LearningGroupIsClosed, "LEARNING_GROUP_IS_CLOSED")

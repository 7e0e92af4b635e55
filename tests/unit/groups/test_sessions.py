"""Sessions: scheduled while the group is open, held once, attendance lists only members."""

from __future__ import annotations

from clc_groups.domain import (
    LEARNING_GROUP_DECIDER,
    AttendeeNotAMember,
    CancelSession,
    HoldSession,
    MemberLeft,
    NotGroupLeader,
    ScheduleSession,
    SessionAlreadyHeld,
    SessionAlreadyScheduled,
    SessionCancelled,
    SessionHeld,
    SessionNotScheduled,
    SessionProtocol,
    SessionScheduled,
    SessionStatus,
    SessionWasCancelled,
)
from eventkit.domain import Actor

from tests.support.scenario import given
from tests.unit.groups.builders import (
    ALICE,
    BOB,
    CAROL,
    GROUP,
    NEXT_TUESDAY,
    SESSION,
    a_formed_group,
    a_held_session,
    a_launched_group,
    a_scheduled_session,
    an_actor,
)

LEADER = an_actor(ALICE)
ARTEFACT = "artefact-climate-audit"


def scheduling(session_id: str = SESSION, by: Actor = LEADER) -> ScheduleSession:
    return ScheduleSession(
        actor=by,
        group_id=GROUP,
        session_id=session_id,
        starts_at=NEXT_TUESDAY,
        protocol=SessionProtocol.APPRECIATIVE_ENQUIRY,
        artefact_id=ARTEFACT,
    )


def holding(*attendees: str, by: Actor = LEADER) -> HoldSession:
    return HoldSession(
        actor=by, group_id=GROUP, session_id=SESSION, attendee_ids=frozenset(attendees)
    )


def cancelling(session_id: str = SESSION) -> CancelSession:
    return CancelSession(actor=LEADER, group_id=GROUP, session_id=session_id, reason="Snow day")


# --- scheduling ----------------------------------------------------------------------------


def test_a_session_is_scheduled_with_its_protocol_and_artefact() -> None:
    state = (
        given(LEARNING_GROUP_DECIDER, *a_launched_group())
        .when(scheduling())
        .then(
            SessionScheduled(
                group_id=GROUP,
                session_id=SESSION,
                starts_at=NEXT_TUESDAY,
                protocol=SessionProtocol.APPRECIATIVE_ENQUIRY,
                artefact_id=ARTEFACT,
            )
        )
    )
    assert state.sessions[SESSION].status is SessionStatus.SCHEDULED


def test_a_formed_group_may_schedule_a_session_before_launch() -> None:
    given(LEARNING_GROUP_DECIDER, *a_formed_group()).when(
        scheduling(by=an_actor("gina", "group_lead"))
    ).then(
        SessionScheduled(
            group_id=GROUP,
            session_id=SESSION,
            starts_at=NEXT_TUESDAY,
            protocol=SessionProtocol.APPRECIATIVE_ENQUIRY,
            artefact_id=ARTEFACT,
        )
    )


def test_scheduling_a_session_id_twice_is_refused() -> None:
    error = (
        given(LEARNING_GROUP_DECIDER, *a_launched_group(), a_scheduled_session())
        .when(scheduling())
        .then_refused(SessionAlreadyScheduled, "SESSION_ALREADY_SCHEDULED", field="session_id")
    )
    assert error.field == "session_id"


def test_a_plain_member_may_not_schedule_a_session() -> None:
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(
        scheduling(by=an_actor(CAROL))
    ).then_refused(NotGroupLeader, "NOT_GROUP_LEADER")


# --- holding -------------------------------------------------------------------------------


def test_a_held_session_records_its_attending_members_and_protocol() -> None:
    state = (
        given(
            LEARNING_GROUP_DECIDER, *a_launched_group(), a_scheduled_session(artefact_id=ARTEFACT)
        )
        .when(holding(CAROL, ALICE))
        .then(
            SessionHeld(
                group_id=GROUP,
                session_id=SESSION,
                starts_at=NEXT_TUESDAY,
                protocol=SessionProtocol.DIALOGUE,
                artefact_id=ARTEFACT,
                attendee_ids=(ALICE, CAROL),
            )
        )
    )
    assert state.sessions[SESSION].status is SessionStatus.HELD


def test_a_session_is_held_once() -> None:
    given(
        LEARNING_GROUP_DECIDER,
        *a_launched_group(),
        a_scheduled_session(),
        a_held_session(),
    ).when(holding(ALICE)).then_refused(
        SessionAlreadyHeld, "SESSION_ALREADY_HELD", field="session_id"
    )


def test_holding_a_session_that_was_never_scheduled_is_refused() -> None:
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(holding(ALICE)).then_refused(
        SessionNotScheduled, "SESSION_NOT_SCHEDULED", field="session_id"
    )


def test_holding_a_cancelled_session_is_refused() -> None:
    given(
        LEARNING_GROUP_DECIDER,
        *a_launched_group(),
        a_scheduled_session(),
        SessionCancelled(group_id=GROUP, session_id=SESSION),
    ).when(holding(ALICE)).then_refused(
        SessionWasCancelled, "SESSION_WAS_CANCELLED", field="session_id"
    )


def test_attendance_lists_only_members() -> None:
    error = (
        given(LEARNING_GROUP_DECIDER, *a_launched_group(), a_scheduled_session())
        .when(holding(ALICE, BOB))
        .then_refused(AttendeeNotAMember, "ATTENDEE_NOT_A_MEMBER", field="attendee_ids")
    )
    assert error.field == "attendee_ids"
    assert BOB in error.message


def test_a_member_who_left_cannot_be_listed_as_attending() -> None:
    given(
        LEARNING_GROUP_DECIDER,
        *a_launched_group(),
        a_scheduled_session(),
        MemberLeft(group_id=GROUP, practitioner_id=CAROL),
    ).when(holding(ALICE, CAROL)).then_refused(
        AttendeeNotAMember, "ATTENDEE_NOT_A_MEMBER", field="attendee_ids"
    )


def test_a_plain_member_may_not_record_a_session_as_held() -> None:
    given(LEARNING_GROUP_DECIDER, *a_launched_group(), a_scheduled_session()).when(
        holding(CAROL, by=an_actor(CAROL))
    ).then_refused(NotGroupLeader, "NOT_GROUP_LEADER")


# --- cancelling ----------------------------------------------------------------------------


def test_a_scheduled_session_is_cancelled() -> None:
    state = (
        given(LEARNING_GROUP_DECIDER, *a_launched_group(), a_scheduled_session())
        .when(cancelling())
        .then(SessionCancelled(group_id=GROUP, session_id=SESSION, reason="Snow day"))
    )
    assert state.sessions[SESSION].status is SessionStatus.CANCELLED


def test_cancelling_a_held_session_is_refused() -> None:
    given(
        LEARNING_GROUP_DECIDER,
        *a_launched_group(),
        a_scheduled_session(),
        a_held_session(),
    ).when(cancelling()).then_refused(
        SessionAlreadyHeld, "SESSION_ALREADY_HELD", field="session_id"
    )


def test_cancelling_a_cancelled_session_is_refused() -> None:
    given(
        LEARNING_GROUP_DECIDER,
        *a_launched_group(),
        a_scheduled_session(),
        SessionCancelled(group_id=GROUP, session_id=SESSION),
    ).when(cancelling()).then_refused(
        SessionWasCancelled, "SESSION_WAS_CANCELLED", field="session_id"
    )


def test_cancelling_a_session_that_was_never_scheduled_is_refused() -> None:
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(cancelling("nope")).then_refused(
        SessionNotScheduled, "SESSION_NOT_SCHEDULED", field="session_id"
    )

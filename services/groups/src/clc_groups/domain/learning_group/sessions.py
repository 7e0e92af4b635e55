"""Sessions and records of learning (see ``decide``): scheduling, holding with attendance of
members only, the held session's record, and activities between two or more members."""

from __future__ import annotations

from clc_groups.domain.errors import (
    ActivityAlreadyRecorded,
    ActivityNeedsTwoPeople,
    ActivityParticipantNotAMember,
    AttendeeNotAMember,
    SessionAlreadyHeld,
    SessionAlreadyScheduled,
    SessionNotHeld,
    SessionNotScheduled,
    SessionWasCancelled,
)
from clc_groups.domain.values import SessionStatus

from .commands import (
    HoldSession,
    RecordActivity,
    RecordSessionLearning,
    ScheduleSession,
)
from .events import (
    ActivityRecorded,
    LearningGroupEvent,
    SessionHeld,
    SessionLearningRecorded,
    SessionScheduled,
)
from .state import LearningGroupState, Session

__all__ = ["hold", "record_activity", "record_learning", "schedule", "scheduled_session"]


def schedule(state: LearningGroupState, command: ScheduleSession) -> list[LearningGroupEvent]:
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


def scheduled_session(state: LearningGroupState, session_id: str) -> Session:
    """The session, if it is still to be held; refuses otherwise."""
    session = state.sessions.get(session_id)
    if session is None:
        raise SessionNotScheduled(field="session_id")
    if session.status is SessionStatus.CANCELLED:
        raise SessionWasCancelled(field="session_id")
    if session.status is SessionStatus.HELD:
        raise SessionAlreadyHeld(field="session_id")
    return session


def hold(state: LearningGroupState, command: HoldSession) -> list[LearningGroupEvent]:
    session = scheduled_session(state, command.session_id)
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


def record_learning(
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


def record_activity(state: LearningGroupState, command: RecordActivity) -> list[LearningGroupEvent]:
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

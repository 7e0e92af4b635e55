"""Richer records of learning: a held session's protocols, learning points and how the group
worked together; activities between members and schools; a peer-review team linked to its
peer reviews."""

from __future__ import annotations

from clc_groups.domain import (
    LEARNING_GROUP_DECIDER,
    ActivityAlreadyRecorded,
    ActivityKind,
    ActivityNeedsTwoPeople,
    ActivityParticipantNotAMember,
    ActivityRecorded,
    GroupKind,
    LinkPeerReview,
    NotAPeerReviewTeam,
    NotGroupLeader,
    PeerReviewAlreadyLinked,
    PeerReviewLinked,
    RecordActivity,
    RecordSessionLearning,
    SessionLearningRecorded,
    SessionNotHeld,
    SessionProtocol,
)

from tests.support.scenario import given
from tests.unit.groups.builders import (
    ALICE,
    CAROL,
    DAN,
    GROUP,
    NEXT_TUESDAY,
    SCHOOL_A,
    SCHOOL_B,
    SESSION,
    a_held_session,
    a_launched_group,
    a_scheduled_session,
    an_actor,
)

HELD = [*a_launched_group(), a_scheduled_session(), a_held_session(SESSION, ALICE, CAROL)]


def recording(by: str = CAROL) -> RecordSessionLearning:
    return RecordSessionLearning(
        actor=an_actor(by),
        group_id=GROUP,
        session_id=SESSION,
        protocols=frozenset({SessionProtocol.TUTOR_INPUT, SessionProtocol.ACTION_LEARNING_SET}),
        learning_points=("Choice matters more than the books", "Ask the pupils first"),
        how_we_worked="We listened well; we ran out of time for the action learning set.",
    )


def test_a_member_records_a_held_sessions_protocols_learning_and_how_the_group_worked() -> None:
    given(LEARNING_GROUP_DECIDER, *HELD).when(recording()).then(
        SessionLearningRecorded(
            group_id=GROUP,
            session_id=SESSION,
            protocols=(SessionProtocol.ACTION_LEARNING_SET, SessionProtocol.TUTOR_INPUT),
            learning_points=("Choice matters more than the books", "Ask the pupils first"),
            how_we_worked="We listened well; we ran out of time for the action learning set.",
            recorded_by=CAROL,
        )
    )


def test_learning_is_recorded_only_for_a_held_session_and_by_a_member() -> None:
    scheduled = [*a_launched_group(), a_scheduled_session()]
    given(LEARNING_GROUP_DECIDER, *scheduled).when(recording()).then_refused(
        SessionNotHeld, "SESSION_NOT_HELD", field="session_id"
    )
    given(LEARNING_GROUP_DECIDER, *HELD).when(recording(by=DAN)).then_refused(
        NotGroupLeader, "NOT_GROUP_LEADER"
    )


def observing(*people: str, activity_id: str = "obs-1") -> RecordActivity:
    return RecordActivity(
        actor=an_actor(CAROL),
        group_id=GROUP,
        activity_id=activity_id,
        kind=ActivityKind.LESSON_OBSERVATION,
        occurred_at=NEXT_TUESDAY,
        participant_ids=frozenset(people),
        school_ids=frozenset({SCHOOL_B, SCHOOL_A}),
    )


def test_an_activity_between_members_and_schools_is_recorded() -> None:
    state = (
        given(LEARNING_GROUP_DECIDER, *a_launched_group())
        .when(observing(CAROL, ALICE))
        .then(
            ActivityRecorded(
                group_id=GROUP,
                activity_id="obs-1",
                kind=ActivityKind.LESSON_OBSERVATION,
                occurred_at=NEXT_TUESDAY,
                participant_ids=(ALICE, CAROL),
                school_ids=(SCHOOL_A, SCHOOL_B),
                recorded_by=CAROL,
            )
        )
    )
    assert "obs-1" in state.activity_ids


def test_an_activity_is_between_two_or_more_members_and_recorded_once() -> None:
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(observing(CAROL)).then_refused(
        ActivityNeedsTwoPeople, "ACTIVITY_NEEDS_TWO_PEOPLE", field="participant_ids"
    )
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(observing(CAROL, DAN)).then_refused(
        ActivityParticipantNotAMember, "ACTIVITY_PARTICIPANT_NOT_A_MEMBER", field="participant_ids"
    )
    done = ActivityRecorded(
        group_id=GROUP, activity_id="obs-1", kind=ActivityKind.COACHING, occurred_at=NEXT_TUESDAY,
        participant_ids=(ALICE, CAROL), recorded_by=ALICE,
    )  # fmt: skip
    given(LEARNING_GROUP_DECIDER, *a_launched_group(), done).when(
        observing(CAROL, ALICE)
    ).then_refused(ActivityAlreadyRecorded, "ACTIVITY_ALREADY_RECORDED", field="activity_id")


def test_a_peer_review_team_is_linked_to_the_peer_reviews_it_carries_out() -> None:
    team = a_launched_group()
    team[0] = team[0].model_copy(update={"kind": GroupKind.PEER_REVIEW_TEAM})
    link = LinkPeerReview(actor=an_actor(ALICE), group_id=GROUP, peer_review_id="review-1")
    state = (
        given(LEARNING_GROUP_DECIDER, *team)
        .when(link)
        .then(PeerReviewLinked(group_id=GROUP, peer_review_id="review-1"))
    )
    assert state.peer_review_ids == {"review-1"}
    linked = PeerReviewLinked(group_id=GROUP, peer_review_id="review-1")
    given(LEARNING_GROUP_DECIDER, *team, linked).when(link).then_refused(
        PeerReviewAlreadyLinked, "PEER_REVIEW_ALREADY_LINKED", field="peer_review_id"
    )
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(link).then_refused(
        NotAPeerReviewTeam, "NOT_A_PEER_REVIEW_TEAM"
    )

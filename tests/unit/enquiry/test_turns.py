"""Action learning set turns: each participant's turn on their own issue, questions from the set,
and the action the participant commits to (one of the enquiry's planned actions)."""

from __future__ import annotations

from typing import Any

from clc_enquiry.domain import (
    ENQUIRY_DECIDER,
    ActionLearningTurnTaken,
    ActionNotFound,
    AskTurnQuestion,
    CommitmentIsThePresenters,
    CommitToAction,
    CycleIsCompleted,
    DuplicateEntryId,
    EnquiryEvent,
    NotAGroupLeader,
    NotAGroupMember,
    OneTurnPerParticipant,
    Phase,
    PresenterNotAMember,
    QuestionsComeFromTheSet,
    TakeTurn,
    TurnActionCommitted,
    TurnAlreadyCommitted,
    TurnNotFound,
    TurnQuestionAsked,
)
from eventkit.domain import Actor

from tests.support.scenario import given

from .builders import (
    ACTION_1,
    CYCLE_1,
    ENQUIRY,
    LEADER,
    MEMBER,
    MEMBER_2,
    OUTSIDER,
    action_planned,
    as_actor,
    completed_cycle,
    cycle_in,
    cycle_started,
    launched_enquiry,
    membership,
    uid,
)

TURN = uid("turn-1")
QUESTION = uid("question-1")
ISSUE = "My Year 9 group stops listening after break"


def _cmd(by: str | Actor) -> dict[str, Any]:
    return {"actor": as_actor(by), "membership": membership(), "enquiry_id": ENQUIRY}


def take_turn(by: str | Actor = MEMBER, **overrides: Any) -> TakeTurn:
    fields = {**_cmd(by), "cycle_id": CYCLE_1, "turn_id": TURN, "issue": ISSUE}
    return TakeTurn(**{**fields, **overrides})


def turn_taken(
    presenter: str = MEMBER, by: str = MEMBER, **overrides: Any
) -> ActionLearningTurnTaken:
    fields = {
        "enquiry_id": ENQUIRY,
        "author_id": by,
        "cycle_id": CYCLE_1,
        "turn_id": TURN,
        "presenter_id": presenter,
        "issue": ISSUE,
    }
    return ActionLearningTurnTaken(**{**fields, **overrides})


def ask(by: str | Actor = MEMBER_2, entry_id: str = QUESTION) -> AskTurnQuestion:
    return AskTurnQuestion(
        **_cmd(by), turn_id=TURN, entry_id=entry_id, question="What happens just before?"
    )


def asked(by: str = MEMBER_2) -> TurnQuestionAsked:
    return TurnQuestionAsked(
        enquiry_id=ENQUIRY,
        author_id=by,
        turn_id=TURN,
        entry_id=QUESTION,
        question="What happens just before?",
    )


def commit(by: str | Actor = MEMBER, action_id: str = ACTION_1) -> CommitToAction:
    return CommitToAction(**_cmd(by), turn_id=TURN, action_id=action_id)


def committed(by: str = MEMBER) -> TurnActionCommitted:
    return TurnActionCommitted(enquiry_id=ENQUIRY, author_id=by, turn_id=TURN, action_id=ACTION_1)


def in_a_cycle() -> list[EnquiryEvent]:
    return [*launched_enquiry(), cycle_started()]


def a_turn_with_its_action(owner: str = MEMBER) -> list[EnquiryEvent]:
    return [
        *launched_enquiry(),
        *cycle_in(Phase.PLANNED_ACTION),
        turn_taken(),
        asked(),
        action_planned(owner_id=owner),
    ]


def test_a_member_takes_a_turn_on_their_own_issue() -> None:
    state = given(ENQUIRY_DECIDER, *in_a_cycle()).when(take_turn()).then(turn_taken())
    assert state.turns[TURN].presenter_id == MEMBER


def test_a_leader_records_a_turn_for_a_member() -> None:
    given(ENQUIRY_DECIDER, *in_a_cycle()).when(take_turn(LEADER, presenter_id=MEMBER)).then(
        turn_taken(presenter=MEMBER, by=LEADER)
    )


def test_a_member_does_not_record_a_turn_for_someone_else() -> None:
    given(ENQUIRY_DECIDER, *in_a_cycle()).when(
        take_turn(MEMBER, presenter_id=MEMBER_2)
    ).then_refused(NotAGroupLeader)


def test_the_presenter_is_a_member_of_the_group() -> None:
    given(ENQUIRY_DECIDER, *in_a_cycle()).when(
        take_turn(LEADER, presenter_id=OUTSIDER)
    ).then_refused(PresenterNotAMember, field="presenter_id")


def test_an_outsider_takes_no_turn() -> None:
    given(ENQUIRY_DECIDER, *in_a_cycle()).when(take_turn(OUTSIDER)).then_refused(NotAGroupMember)


def test_each_participant_has_one_turn_per_cycle() -> None:
    history = [*in_a_cycle(), turn_taken()]
    given(ENQUIRY_DECIDER, *history).when(take_turn(turn_id=uid("turn-2"))).then_refused(
        OneTurnPerParticipant, field="presenter_id"
    )


def test_another_participant_takes_the_next_turn() -> None:
    history = [*in_a_cycle(), turn_taken()]
    given(ENQUIRY_DECIDER, *history).when(take_turn(MEMBER_2, turn_id=uid("turn-2"))).then(
        turn_taken(MEMBER_2, MEMBER_2, turn_id=uid("turn-2"))
    )


def test_a_turn_id_is_used_once() -> None:
    history = [*in_a_cycle(), turn_taken()]
    given(ENQUIRY_DECIDER, *history).when(take_turn(MEMBER_2)).then_refused(
        DuplicateEntryId, field="turn_id"
    )


def test_no_turn_in_a_completed_cycle() -> None:
    history = [*launched_enquiry(), *completed_cycle()]
    given(ENQUIRY_DECIDER, *history).when(take_turn()).then_refused(
        CycleIsCompleted, field="cycle_id"
    )


def test_the_set_asks_the_presenter_questions() -> None:
    history = [*in_a_cycle(), turn_taken()]
    given(ENQUIRY_DECIDER, *history).when(ask()).then(asked())


def test_the_presenter_does_not_question_themself() -> None:
    history = [*in_a_cycle(), turn_taken()]
    given(ENQUIRY_DECIDER, *history).when(ask(MEMBER)).then_refused(QuestionsComeFromTheSet)


def test_a_question_needs_a_turn() -> None:
    given(ENQUIRY_DECIDER, *in_a_cycle()).when(ask()).then_refused(TurnNotFound, field="turn_id")


def test_the_presenter_commits_to_their_own_planned_action() -> None:
    state = given(ENQUIRY_DECIDER, *a_turn_with_its_action()).when(commit()).then(committed())
    assert state.turns[TURN].action_id == ACTION_1


def test_a_leader_records_the_commitment() -> None:
    given(ENQUIRY_DECIDER, *a_turn_with_its_action()).when(commit(LEADER)).then(committed(LEADER))


def test_someone_else_in_the_set_does_not_commit_for_the_presenter() -> None:
    given(ENQUIRY_DECIDER, *a_turn_with_its_action()).when(commit(MEMBER_2)).then_refused(
        NotAGroupLeader
    )


def test_the_committed_action_is_owned_by_the_presenter() -> None:
    given(ENQUIRY_DECIDER, *a_turn_with_its_action(owner=MEMBER_2)).when(commit()).then_refused(
        CommitmentIsThePresenters, field="action_id"
    )


def test_the_committed_action_exists() -> None:
    given(ENQUIRY_DECIDER, *a_turn_with_its_action()).when(
        commit(action_id=uid("nothing"))
    ).then_refused(ActionNotFound, field="action_id")


def test_a_turn_ends_with_one_commitment() -> None:
    history = [*a_turn_with_its_action(), committed()]
    given(ENQUIRY_DECIDER, *history).when(commit()).then_refused(TurnAlreadyCommitted)

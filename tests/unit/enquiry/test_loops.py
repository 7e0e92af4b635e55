"""A cycle may loop back: after ideas or action, the group returns to reflection with a reason."""

from __future__ import annotations

import pytest
from clc_enquiry.domain import (
    ENQUIRY_DECIDER,
    CycleIsCompleted,
    EntryOutOfPhase,
    LoopBackOnlyAfterReflection,
    NotAGroupLeader,
    Phase,
)
from pydantic import ValidationError

from tests.support.scenario import given

from .builders import (
    MEMBER,
    action_planned,
    advance,
    advanced,
    complete_cycle,
    completed_cycle,
    cycle_completed,
    cycle_in,
    cycle_ready_to_complete,
    idea_proposed,
    launched_enquiry,
    loop_back,
    looped_back,
    record_reflection,
    reflection_recorded,
    uid,
)


@pytest.mark.parametrize("phase", [Phase.NEW_IDEAS, Phase.PLANNED_ACTION])
def test_a_leader_loops_a_cycle_back_to_reflection_after_ideas_or_action(phase: Phase) -> None:
    history = [*launched_enquiry(), *cycle_in(phase)]
    state = given(ENQUIRY_DECIDER, *history).when(loop_back()).then(looped_back(phase))
    cycle = next(iter(state.cycles.values()))
    assert cycle.phase is Phase.REFLECTION
    assert cycle.loops == 1


@pytest.mark.parametrize("phase", [Phase.EXPERIENCE, Phase.REFLECTION])
def test_there_is_no_loop_back_before_reflection_was_left(phase: Phase) -> None:
    history = [*launched_enquiry(), *cycle_in(phase)]
    given(ENQUIRY_DECIDER, *history).when(loop_back()).then_refused(LoopBackOnlyAfterReflection)


def test_a_late_reflection_is_accepted_after_looping_back() -> None:
    history = [
        *launched_enquiry(),
        *cycle_ready_to_complete(),
        looped_back(Phase.PLANNED_ACTION),
    ]
    late = uid("late-reflection")
    given(ENQUIRY_DECIDER, *history).when(record_reflection(late)).then(reflection_recorded(late))


def test_without_looping_back_a_late_reflection_is_still_out_of_phase() -> None:
    history = [*launched_enquiry(), *cycle_ready_to_complete()]
    given(ENQUIRY_DECIDER, *history).when(record_reflection(uid("late"))).then_refused(
        EntryOutOfPhase
    )


def test_after_a_loop_the_later_phases_are_walked_again_in_order() -> None:
    history = [
        *launched_enquiry(),
        *cycle_ready_to_complete(),
        looped_back(Phase.PLANNED_ACTION),
        reflection_recorded(uid("late-reflection")),
    ]
    given(ENQUIRY_DECIDER, *history).when(advance(Phase.NEW_IDEAS)).then(
        advanced(Phase.REFLECTION, Phase.NEW_IDEAS)
    )


def test_a_looped_cycle_completes_once_it_is_back_in_planned_action() -> None:
    history = [
        *launched_enquiry(),
        *cycle_ready_to_complete(),
        looped_back(Phase.PLANNED_ACTION),
        advanced(Phase.REFLECTION, Phase.NEW_IDEAS),
        idea_proposed(uid("idea-2")),
        advanced(Phase.NEW_IDEAS, Phase.PLANNED_ACTION),
        action_planned(uid("action-2")),
    ]
    given(ENQUIRY_DECIDER, *history).when(complete_cycle()).then(cycle_completed())


def test_only_a_leader_loops_back() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.PLANNED_ACTION)]
    given(ENQUIRY_DECIDER, *history).when(loop_back(by=MEMBER)).then_refused(NotAGroupLeader)


def test_a_completed_cycle_does_not_loop_back() -> None:
    history = [*launched_enquiry(), *completed_cycle()]
    given(ENQUIRY_DECIDER, *history).when(loop_back()).then_refused(
        CycleIsCompleted, field="cycle_id"
    )


def test_a_loop_back_needs_a_reason() -> None:
    with pytest.raises(ValidationError):
        loop_back(reason="  ")

"""Cycles: experience → reflection → new ideas → planned action, one open at a time."""

from __future__ import annotations

import pytest
from clc_enquiry.domain import (
    ENQUIRY_DECIDER,
    CycleAlreadyOpen,
    CycleIncomplete,
    CycleIsCompleted,
    CycleNotFound,
    DuplicateEntryId,
    EnquiryNotLaunched,
    NotAGroupLeader,
    Phase,
    PhaseOutOfOrder,
    ReflectionNeededToMoveOn,
)
from clc_enquiry.domain.values import next_phase

from tests.support.scenario import given

from .builders import (
    ADMIN,
    CYCLE_1,
    CYCLE_2,
    EXPERIENCE_1,
    MEMBER,
    action_planned,
    admin,
    advance,
    advanced,
    complete_cycle,
    completed_cycle,
    cycle_completed,
    cycle_in,
    cycle_ready_to_complete,
    cycle_started,
    evidence_attached,
    launched_enquiry,
    proposed,
    reflection_recorded,
    start_cycle,
    uid,
)


def test_a_co_leader_starts_the_first_cycle_of_a_launched_enquiry() -> None:
    given(ENQUIRY_DECIDER, *launched_enquiry()).when(start_cycle()).then(cycle_started())


def test_cycles_are_numbered_in_the_order_they_start() -> None:
    history = [*launched_enquiry(), *completed_cycle()]
    given(ENQUIRY_DECIDER, *history).when(start_cycle(CYCLE_2)).then(
        cycle_started(CYCLE_2, number=2)
    )


def test_a_cycle_cannot_start_before_the_enquiry_is_launched() -> None:
    given(ENQUIRY_DECIDER, proposed()).when(start_cycle()).then_refused(EnquiryNotLaunched)


def test_only_one_cycle_is_open_at_a_time() -> None:
    history = [*launched_enquiry(), cycle_started()]
    given(ENQUIRY_DECIDER, *history).when(start_cycle(CYCLE_2)).then_refused(CycleAlreadyOpen)


def test_a_cycle_id_already_used_is_refused() -> None:
    history = [*launched_enquiry(), *completed_cycle()]
    given(ENQUIRY_DECIDER, *history).when(start_cycle(CYCLE_1)).then_refused(
        DuplicateEntryId, field="cycle_id"
    )


def test_a_cycle_cannot_reuse_the_id_of_an_entry() -> None:
    history = [*launched_enquiry(), *completed_cycle()]
    given(ENQUIRY_DECIDER, *history).when(start_cycle(EXPERIENCE_1)).then_refused(
        DuplicateEntryId, field="cycle_id"
    )


def test_a_member_who_is_not_a_leader_cannot_start_a_cycle() -> None:
    given(ENQUIRY_DECIDER, *launched_enquiry()).when(start_cycle(by=MEMBER)).then_refused(
        NotAGroupLeader
    )


@pytest.mark.parametrize(
    ("from_phase", "to_phase"),
    [
        (Phase.EXPERIENCE, Phase.REFLECTION),
        (Phase.REFLECTION, Phase.NEW_IDEAS),
        (Phase.NEW_IDEAS, Phase.PLANNED_ACTION),
    ],
)
def test_phases_advance_one_step_at_a_time_in_order(from_phase: Phase, to_phase: Phase) -> None:
    history = [*launched_enquiry(), *cycle_in(from_phase)]
    if from_phase is Phase.REFLECTION:
        history.append(reflection_recorded())
    given(ENQUIRY_DECIDER, *history).when(advance(to_phase)).then(advanced(from_phase, to_phase))


@pytest.mark.parametrize(
    ("current", "to_phase"),
    [
        (Phase.EXPERIENCE, Phase.NEW_IDEAS),  # skipping reflection
        (Phase.EXPERIENCE, Phase.PLANNED_ACTION),
        (Phase.NEW_IDEAS, Phase.REFLECTION),  # going back
        (Phase.REFLECTION, Phase.REFLECTION),  # standing still
        (Phase.PLANNED_ACTION, Phase.EXPERIENCE),  # past the end: complete the cycle instead
    ],
)
def test_phases_cannot_be_skipped_repeated_or_reversed(current: Phase, to_phase: Phase) -> None:
    history = [*launched_enquiry(), *cycle_in(current)]
    error = (
        given(ENQUIRY_DECIDER, *history)
        .when(advance(to_phase))
        .then_refused(PhaseOutOfOrder, field="to_phase")
    )
    after = next_phase(current)
    expected_next = after.value if after else "nothing: complete the cycle instead"
    assert error.message == f"The cycle is in {current.value}; the next phase is {expected_next}"


def test_the_reflection_phase_is_left_only_after_a_reflection() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.REFLECTION)]
    given(ENQUIRY_DECIDER, *history).when(advance(Phase.NEW_IDEAS)).then_refused(
        ReflectionNeededToMoveOn
    )


def test_a_member_who_is_not_a_leader_cannot_advance_a_phase() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.EXPERIENCE)]
    given(ENQUIRY_DECIDER, *history).when(advance(Phase.REFLECTION, by=MEMBER)).then_refused(
        NotAGroupLeader
    )


def test_a_tenant_admin_may_advance_a_phase() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.EXPERIENCE)]
    given(ENQUIRY_DECIDER, *history).when(advance(Phase.REFLECTION, by=admin())).then(
        advanced(Phase.EXPERIENCE, Phase.REFLECTION, by=ADMIN)
    )


def test_an_unknown_cycle_cannot_be_advanced() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.EXPERIENCE)]
    given(ENQUIRY_DECIDER, *history).when(advance(Phase.REFLECTION, CYCLE_2)).then_refused(
        CycleNotFound, field="cycle_id"
    )


def test_a_completed_cycle_cannot_be_advanced() -> None:
    history = [*launched_enquiry(), *completed_cycle()]
    given(ENQUIRY_DECIDER, *history).when(advance(Phase.EXPERIENCE)).then_refused(
        CycleIsCompleted, field="cycle_id"
    )


def test_a_cycle_completes_with_a_reflection_and_a_planned_action() -> None:
    history = [*launched_enquiry(), *cycle_ready_to_complete()]
    given(ENQUIRY_DECIDER, *history).when(complete_cycle()).then(cycle_completed())


def test_a_cycle_cannot_complete_without_a_planned_action() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.PLANNED_ACTION)]
    error = given(ENQUIRY_DECIDER, *history).when(complete_cycle()).then_refused(CycleIncomplete)
    assert "a planned action" in error.message
    assert "a reflection" not in error.message


def test_a_cycle_cannot_complete_without_a_reflection() -> None:
    # Commands cannot leave reflection empty-handed any more, but a history may (e.g. imported):
    # completion checks the rule itself.
    history = [
        *launched_enquiry(),
        cycle_started(),
        advanced(Phase.EXPERIENCE, Phase.REFLECTION),
        advanced(Phase.REFLECTION, Phase.NEW_IDEAS),
        advanced(Phase.NEW_IDEAS, Phase.PLANNED_ACTION),
        action_planned(),
    ]
    error = given(ENQUIRY_DECIDER, *history).when(complete_cycle()).then_refused(CycleIncomplete)
    assert "a reflection" in error.message


def test_a_cycle_in_an_early_phase_cannot_complete() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.EXPERIENCE)]
    error = given(ENQUIRY_DECIDER, *history).when(complete_cycle()).then_refused(CycleIncomplete)
    assert "a reflection and a planned action" in error.message


def test_a_cycle_is_completed_once() -> None:
    history = [*launched_enquiry(), *completed_cycle()]
    given(ENQUIRY_DECIDER, *history).when(complete_cycle()).then_refused(
        CycleIsCompleted, field="cycle_id"
    )


def test_a_member_who_is_not_a_leader_cannot_complete_a_cycle() -> None:
    history = [*launched_enquiry(), *cycle_ready_to_complete()]
    given(ENQUIRY_DECIDER, *history).when(complete_cycle(by=MEMBER)).then_refused(NotAGroupLeader)


def test_an_enquiry_runs_several_cycles() -> None:
    history = [*launched_enquiry(), *completed_cycle(), *completed_cycle(CYCLE_2, 2)]
    state = ENQUIRY_DECIDER.fold(history)
    assert [c.number for c in state.cycles.values()] == [1, 2]
    assert state.completed_cycles == 2
    assert state.open_cycle_id is None


def test_a_cycle_counts_each_kind_of_entry_it_holds() -> None:
    history = [
        *launched_enquiry(),
        *cycle_ready_to_complete(),
        evidence_attached(uid("evidence-1")),
        evidence_attached(uid("evidence-2")),
    ]
    cycle = given(ENQUIRY_DECIDER, *history).state.cycle(CYCLE_1)
    counts = (cycle.experiences, cycle.reflections, cycle.ideas, cycle.actions, cycle.evidence)
    assert counts == (1, 1, 1, 1, 2)

"""Impact evidence: baselines and outcomes on actions and claims; pupil outcomes only as
de-identified aggregates over a cohort of at least ten (the pupil-data guard)."""

from __future__ import annotations

from typing import Any

import pytest
from clc_enquiry.domain import (
    ENQUIRY_DECIDER,
    LEARNING_CLAIM_DECIDER,
    ActionImpactRecorded,
    ActionNotFound,
    ClaimImpactRecorded,
    DuplicateEntryId,
    GroupMembership,
    IdentifyingDataRefused,
    ImpactMeasure,
    MeasuredGroup,
    MeasureKind,
    NotAGroupMember,
    PupilCohortTooSmall,
    PupilOutcomeNotAnAggregate,
    RecordActionImpact,
    RecordClaimImpact,
    guard_measure,
)
from eventkit.domain import Actor
from eventkit.errors import DomainError

from tests.support.scenario import given

from .builders import (
    ACTION_1,
    ENQUIRY,
    MEMBER,
    OUTSIDER,
    as_actor,
    concluded,
    cycle_completed,
    cycle_ready_to_complete,
    launched_enquiry,
    membership,
    uid,
)
from .claim_builders import CLAIM, claimed

MEASURE = uid("measure-1")


def pupils(**overrides: Any) -> ImpactMeasure:
    fields: dict[str, Any] = {
        "kind": MeasureKind.OUTCOME,
        "measure": "Pupils who explain their reasoning aloud",
        "about": MeasuredGroup.PUPILS,
        "count": 14,
        "percentage": 58.3,
        "cohort_size": 24,
    }
    return ImpactMeasure(**{**fields, **overrides})


def record(by: str | Actor = MEMBER, **overrides: Any) -> RecordActionImpact:
    fields: dict[str, Any] = {
        "actor": as_actor(by),
        "membership": membership(),
        "enquiry_id": ENQUIRY,
        "action_id": ACTION_1,
        "measure_id": MEASURE,
        "measure": pupils(),
    }
    return RecordActionImpact(**{**fields, **overrides})


def recorded(measure: ImpactMeasure | None = None) -> ActionImpactRecorded:
    return ActionImpactRecorded(
        enquiry_id=ENQUIRY,
        author_id=MEMBER,
        action_id=ACTION_1,
        measure_id=MEASURE,
        measure=measure or pupils(),
    )


def with_an_action() -> list[Any]:
    return [*launched_enquiry(), *cycle_ready_to_complete()]


# --- the pupil-data guard ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "measure",
    [
        pupils(),
        pupils(count=None),  # a percentage alone
        pupils(count=4, percentage=None, cohort_size=10),  # over the smallest cohort kept
        pupils(kind=MeasureKind.BASELINE, count=0),
        ImpactMeasure(
            kind=MeasureKind.BASELINE,
            measure="Staff trying talk frames",
            about=MeasuredGroup.ADULTS,
            count=3,
        ),
        ImpactMeasure(kind=MeasureKind.OUTCOME, measure="Exclusions", about=MeasuredGroup.SCHOOL),
    ],
)
def test_the_guard_accepts_de_identified_aggregates(measure: ImpactMeasure) -> None:
    guard_measure(measure)


@pytest.mark.parametrize(
    ("measure", "error", "field"),
    [
        (pupils(identifies_individuals=True), IdentifyingDataRefused, "identifies_individuals"),
        (
            ImpactMeasure(
                kind=MeasureKind.OUTCOME,
                measure="Named colleagues' lessons",
                about=MeasuredGroup.ADULTS,
                identifies_individuals=True,
            ),
            IdentifyingDataRefused,
            "identifies_individuals",
        ),
        (pupils(cohort_size=9), PupilCohortTooSmall, "cohort_size"),
        (pupils(cohort_size=None), PupilCohortTooSmall, "cohort_size"),
        (pupils(count=None, percentage=None), PupilOutcomeNotAnAggregate, "count"),
        (pupils(count=25), PupilOutcomeNotAnAggregate, "count"),
    ],
)
def test_the_guard_refuses_anything_identifying(
    measure: ImpactMeasure, error: type[DomainError], field: str
) -> None:
    with pytest.raises(error) as refused:
        guard_measure(measure)
    assert type(refused.value) is error
    assert refused.value.field == field


# --- on actions ----------------------------------------------------------------------------------


def test_a_member_records_an_outcome_of_an_action() -> None:
    given(ENQUIRY_DECIDER, *with_an_action()).when(record()).then(recorded())


def test_outcomes_come_later_so_a_concluded_enquiry_still_takes_them() -> None:
    history = [*with_an_action(), cycle_completed(), concluded()]
    given(ENQUIRY_DECIDER, *history).when(record()).then(recorded())


def test_a_pupil_outcome_over_a_small_cohort_is_refused_on_an_action() -> None:
    given(ENQUIRY_DECIDER, *with_an_action()).when(
        record(measure=pupils(count=3, cohort_size=6))
    ).then_refused(PupilCohortTooSmall, field="cohort_size")


def test_the_action_exists() -> None:
    given(ENQUIRY_DECIDER, *with_an_action()).when(record(action_id=uid("none"))).then_refused(
        ActionNotFound, field="action_id"
    )


def test_a_measure_id_is_used_once() -> None:
    history = [*with_an_action(), recorded()]
    given(ENQUIRY_DECIDER, *history).when(record()).then_refused(
        DuplicateEntryId, field="measure_id"
    )


def test_an_outsider_records_no_impact() -> None:
    given(ENQUIRY_DECIDER, *with_an_action()).when(record(OUTSIDER)).then_refused(NotAGroupMember)


# --- on claims -----------------------------------------------------------------------------------


def record_on_claim(
    by: str = MEMBER, group: GroupMembership | None = None, **overrides: Any
) -> RecordClaimImpact:
    fields: dict[str, Any] = {
        "actor": as_actor(by),
        "membership": group or membership(),
        "claim_id": CLAIM,
        "measure_id": MEASURE,
        "measure": pupils(kind=MeasureKind.BASELINE),
    }
    return RecordClaimImpact(**{**fields, **overrides})


def test_a_member_backs_a_claim_with_a_baseline() -> None:
    given(LEARNING_CLAIM_DECIDER, claimed()).when(record_on_claim()).then(
        ClaimImpactRecorded(
            claim_id=CLAIM,
            author_id=MEMBER,
            measure_id=MEASURE,
            measure=pupils(kind=MeasureKind.BASELINE),
        )
    )


def test_identifying_pupil_data_is_refused_on_a_claim() -> None:
    measure = pupils(identifies_individuals=True)
    given(LEARNING_CLAIM_DECIDER, claimed()).when(record_on_claim(measure=measure)).then_refused(
        IdentifyingDataRefused, field="identifies_individuals"
    )


def test_only_members_of_the_claims_group_add_impact() -> None:
    given(LEARNING_CLAIM_DECIDER, claimed()).when(record_on_claim(OUTSIDER)).then_refused(
        NotAGroupMember
    )

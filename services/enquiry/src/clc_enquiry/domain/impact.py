"""Impact evidence: baselines and outcome measures attached to actions and learning claims.

A measure says what was measured, about whom (pupils, adults, the school), whether it is the
baseline or an outcome, and its value as a count and/or a percentage over a cohort. Pupil
outcomes are kept **only as de-identified aggregates**: the pupil-data guard (``guard_measure``)
accepts a count or percentage over a cohort of at least ``MIN_PUPIL_COHORT`` pupils — whatever the
tenant's pupil-data setting, since an aggregate identifies no one — and refuses anything else:

* anything that identifies individuals (names, initials, per-pupil rows), about pupils or adults
  (``IdentifyingDataRefused``);
* a pupil outcome that is not a count or a percentage, or counts more pupils than its cohort
  (``PupilOutcomeNotAnAggregate``);
* a pupil cohort smaller than ten, where a count could point at a child (``PupilCohortTooSmall``).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from .errors import IdentifyingDataRefused, PupilCohortTooSmall, PupilOutcomeNotAnAggregate
from .values import LongText, Title

__all__ = ["MIN_PUPIL_COHORT", "ImpactMeasure", "MeasureKind", "MeasuredGroup", "guard_measure"]

MIN_PUPIL_COHORT = 10


class MeasureKind(StrEnum):
    """Where the measure stands: before the change, or after it."""

    BASELINE = "baseline"
    OUTCOME = "outcome"


class MeasuredGroup(StrEnum):
    """Whose learning or practice is measured."""

    PUPILS = "pupils"
    ADULTS = "adults"
    SCHOOL = "school"


class ImpactMeasure(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: MeasureKind
    measure: Title  # what is measured, e.g. "pupils who explain their reasoning aloud"
    about: MeasuredGroup
    count: int | None = Field(default=None, ge=0, le=10_000_000)
    percentage: float | None = Field(default=None, ge=0, le=100)
    cohort_size: int | None = Field(default=None, ge=1, le=10_000_000)
    note: LongText | None = None
    identifies_individuals: bool = False  # declared by the client: then never kept


def guard_measure(m: ImpactMeasure) -> None:
    """The pupil-data guard for impact evidence (see the module's rules)."""
    if m.identifies_individuals:
        raise IdentifyingDataRefused(field="identifies_individuals")
    if m.about is not MeasuredGroup.PUPILS:
        return
    if m.count is None and m.percentage is None:
        raise PupilOutcomeNotAnAggregate(field="count")
    if m.cohort_size is None or m.cohort_size < MIN_PUPIL_COHORT:
        raise PupilCohortTooSmall(field="cohort_size")
    if m.count is not None and m.count > m.cohort_size:
        raise PupilOutcomeNotAnAggregate("A count cannot exceed its cohort", field="count")

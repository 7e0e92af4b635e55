"""Impact evidence: baselines and outcome measures of actions and learning claims.

Measures of an enquiry's actions are the group's own work (its readers only); measures backing a
claim are read wherever the claim is. Pupil outcomes are only ever de-identified aggregates.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from servicekit.pagination import Connection, page_size

from clc_enquiry.readmodels import impact

from .base import Ctx, page, time_id_after
from .enquiries import PractitionerRef, practitioner
from .enums import MeasuredGroup, MeasureKind

__all__ = ["ImpactMeasure", "ImpactMeasureInput", "measures_of"]


@strawberry.input
class ImpactMeasureInput:
    """What was measured, about whom, baseline or outcome, as a count and/or a percentage of a
    cohort. About pupils: an aggregate over a cohort of at least 10 only; anything identifying
    individuals (``identifiesIndividuals``) is refused."""

    kind: MeasureKind
    measure: str
    about: MeasuredGroup
    count: int | None = None
    percentage: float | None = None
    cohort_size: int | None = None
    note: str | None = None
    identifies_individuals: bool = False


@strawberry.type
class ImpactMeasure:
    """A baseline or outcome measure of an action or a learning claim."""

    id: strawberry.ID
    action_id: strawberry.ID | None
    claim_id: strawberry.ID | None
    kind: MeasureKind
    measure: str
    about: MeasuredGroup
    count: int | None
    percentage: float | None
    cohort_size: int | None
    note: str | None
    recorded_at: datetime
    recorder_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: Any) -> ImpactMeasure:
        subject = strawberry.ID(row["subject_id"])
        return cls(
            id=strawberry.ID(row["measure_id"]),
            action_id=subject if row["scope"] == "action" else None,
            claim_id=subject if row["scope"] == "claim" else None,
            kind=MeasureKind(row["kind"]),
            measure=row["measure"],
            about=MeasuredGroup(row["about"]),
            count=row["count"],
            percentage=row["percentage"],
            cohort_size=row["cohort_size"],
            note=row["note"],
            recorded_at=row["recorded_at"],
            recorder_id=row["recorded_by"],
        )

    @strawberry.field
    def recorded_by(self) -> PractitionerRef:
        return practitioner(self.recorder_id)


async def measures_of(
    info: Ctx, scope: str, owner_id: str, first: int | None, after: str | None
) -> Connection[ImpactMeasure]:
    size = page_size(first)
    async with info.context.read() as conn:
        rows = await impact.measures(
            conn,
            info.context.tenant_id,
            scope,
            owner_id,
            info.context.person_id,
            after=time_id_after(after),
            first=size,
        )
    return page(rows, size, ImpactMeasure.of)

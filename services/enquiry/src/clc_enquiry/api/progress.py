"""Plan progress (per network) and cohort progress (per programme cohort): counts set against a
plan, or side by side; never a ranking. Shared in the tenant like the board and the matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from servicekit.pagination import Connection, decode_cursor, page_size

from clc_enquiry.readmodels import progress

from .base import Ctx, empty, page
from .enquiries import Enquiry, PractitionerRef, board, practitioner
from .enums import LevelOfLearning

if TYPE_CHECKING:
    from .refs import LearningGroup

__all__ = ["CohortProgress", "ParticipantProgress", "PlanLevelProgress", "load_cohort", "plan"]


@strawberry.type
class PlanLevelProgress:
    """One level of learning of a network's plan, against what the network has done at it."""

    level: LevelOfLearning
    planned: bool
    focus: str | None
    hopes: str | None
    expected_benefits: str | None
    baseline: str | None
    success_measures: list[str]
    validated_claims: int
    completed_actions: int

    @classmethod
    def of(cls, row: Any) -> PlanLevelProgress:
        return cls(
            level=LevelOfLearning(row["level"]),
            planned=row["planned"],
            focus=row["focus"],
            hopes=row["hopes"],
            expected_benefits=row["expected_benefits"],
            baseline=row["baseline"],
            success_measures=list(row["success_measures"]),
            validated_claims=row["validated_claims"],
            completed_actions=row["completed_actions"],
        )


async def plan(info: Ctx, network_id: str) -> list[PlanLevelProgress]:
    async with info.context.read() as conn:
        rows = await progress.plan_progress(conn, info.context.tenant_id, network_id)
    return [PlanLevelProgress.of(r) for r in rows]


@strawberry.type
class ParticipantProgress:
    """A cohort participant and their home group's progress."""

    home_group_id: strawberry.ID | None
    enquiries: int
    active_enquiries: int
    cycles_completed: int
    open_actions: int
    completed_actions: int
    validated_claims: int
    ideas_taken_home: int  # from the programme's enquiries into the home group
    outcomes_shared: int  # of those, the ones the home group shared back
    in_cohort_group: bool  # a member of the group the cohort meets in
    participant_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: Any) -> ParticipantProgress:
        return cls(
            home_group_id=row["home_group_id"],
            enquiries=row["enquiries"],
            active_enquiries=row["active_enquiries"],
            cycles_completed=row["cycles_completed"],
            open_actions=row["open_actions"],
            completed_actions=row["completed_actions"],
            validated_claims=row["validated_claims"],
            ideas_taken_home=row["ideas_taken_home"],
            outcomes_shared=row["outcomes_shared"],
            in_cohort_group=row["in_cohort_group"],
            participant_id=row["practitioner_id"],
        )

    @strawberry.field
    def joined_by(self) -> PractitionerRef:
        return practitioner(self.participant_id)

    @strawberry.field
    def home_group(
        self,
    ) -> Annotated[LearningGroup, strawberry.lazy("clc_enquiry.api.refs")] | None:
        from .refs import LearningGroup

        return None if self.home_group_id is None else LearningGroup(id=self.home_group_id)


@strawberry.type
class CohortProgress:
    """A programme cohort: each participant's home-group progress side by side."""

    cohort_id: strawberry.ID
    programme_id: strawberry.ID | None
    name: str | None
    programme_name: str | None
    cohort_group_id: strawberry.ID | None  # the learning group the cohort meets in

    @strawberry.field
    def cohort_group(
        self,
    ) -> Annotated[LearningGroup, strawberry.lazy("clc_enquiry.api.refs")] | None:
        from .refs import LearningGroup

        return None if self.cohort_group_id is None else LearningGroup(id=self.cohort_group_id)

    # The programme's enquiries: those of the group the cohort meets in, newest first

    @strawberry.field
    async def enquiries(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[Enquiry]:
        if self.cohort_group_id is None:
            return empty()
        return await board(info, first=first, after=after, group_id=self.cohort_group_id)

    # in a stable order (by participant id), not ranked

    @strawberry.field
    async def participants(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[ParticipantProgress]:
        size = page_size(first)
        async with info.context.read() as conn:
            rows = await progress.cohort_participants(
                conn, info.context.tenant_id, self.cohort_id, after=decode_cursor(after), first=size
            )
        return page(rows, size, ParticipantProgress.of)


async def load_cohort(info: Ctx, cohort_id: str) -> CohortProgress | None:
    async with info.context.read() as conn:
        row = await progress.cohort(conn, info.context.tenant_id, cohort_id)
    if row is None:
        return None
    return CohortProgress(
        cohort_id=strawberry.ID(row["cohort_id"]),
        programme_id=row["programme_id"],
        name=row["name"],
        programme_name=row["programme_name"],
        cohort_group_id=row["cohort_group_id"],
    )

"""Programmes in the subgraph: a programme's cohorts and their participants, each with the home
group they lead (the second loop of learning). Thin: rows of the programme read models."""

from __future__ import annotations

from typing import Any

import strawberry

from .context import Ctx
from .loaders import loaders
from .types import LearningGroup, Practitioner, load_entity, register_entity

__all__ = ["Cohort", "CohortParticipant", "Programme"]

ID = strawberry.ID


@strawberry.type(description="A programme participant, linked to the home group they lead.")
class CohortParticipant:
    practitioner_id: ID
    home_group_id: ID

    @strawberry.field
    async def practitioner(self, info: Ctx) -> Practitioner | None:
        found: Practitioner | None = await load_entity(info, "practitioner", self.practitioner_id)
        return found

    @strawberry.field
    async def home_group(self, info: Ctx) -> LearningGroup | None:
        found: LearningGroup | None = await load_entity(info, "learning_group", self.home_group_id)
        return found


@strawberry.type(description="A cohort of a programme, e.g. a region's co-leaders.")
class Cohort:
    id: strawberry.ID
    name: str
    region: str | None
    cohort_group_id: ID | None = strawberry.field(
        description="The learning group in which the cohort meets, if any."
    )
    programme_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: Any) -> Cohort:
        group = row["cohort_group_id"]
        return cls(
            id=strawberry.ID(row["cohort_id"]),
            name=row["name"],
            region=row["region"],
            cohort_group_id=None if group is None else ID(group),
            programme_id=row["programme_id"],
        )

    @strawberry.field
    async def participants(self, info: Ctx) -> list[CohortParticipant]:
        """The cohort's participants (a cohort is a small group), in id order."""
        rows = await loaders(info).programme_participants.load(self.programme_id)
        return [
            CohortParticipant(
                practitioner_id=ID(r["practitioner_id"]), home_group_id=ID(r["home_group_id"])
            )
            for r in rows
            if r["cohort_id"] == self.id
        ]


@strawberry.federation.type(keys=["id"])
class Programme:
    """A programme for co-leaders and facilitators, run in cohorts concurrent with each
    participant's home group."""

    id: strawberry.ID
    name: str
    description: str | None
    founded_by_id: ID = strawberry.field(description="Who established the programme.")

    @classmethod
    def of(cls, row: Any) -> Programme:
        return cls(
            id=strawberry.ID(row["programme_id"]),
            name=row["name"],
            description=row["description"],
            founded_by_id=ID(row["founder_id"]),
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> Programme | None:
        found: Programme | None = await load_entity(info, "programme", id)
        return found

    @strawberry.field
    async def founded_by(self, info: Ctx) -> Practitioner | None:
        found: Practitioner | None = await load_entity(info, "practitioner", self.founded_by_id)
        return found

    @strawberry.field
    async def cohorts(self, info: Ctx) -> list[Cohort]:
        """The programme's cohorts (a handful, one per region), in id order."""
        return [Cohort.of(r) for r in await loaders(info).cohorts.load(self.id)]


register_entity("programme", Programme.of)

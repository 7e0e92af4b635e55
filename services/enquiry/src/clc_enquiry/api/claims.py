"""The ``LearningClaim`` entity: we learned X at level L with depth D, validated by a peer."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from servicekit.pagination import Connection

from .base import Ctx, canonical, valid_id
from .enquiries import Enquiry, PractitionerRef, load_enquiry, practitioner
from .enums import ClaimStatus, Depth, LevelOfLearning
from .impact import ImpactMeasure, measures_of
from .refs import LearningGroup

__all__ = ["LearningClaim", "load_claim"]


async def load_claim(info: Ctx, claim_id: str, *, fresh: bool = False) -> LearningClaim | None:
    row = await info.context.row("learning_claim", canonical(claim_id), fresh=fresh)
    return None if row is None else LearningClaim.of(row)


@strawberry.federation.type(keys=["id"])
class LearningClaim:
    """A claim: we learned X at level L with depth D, backed by evidence, validated by a peer."""

    id: strawberry.ID
    group_id: strawberry.ID
    network_id: strawberry.ID | None
    enquiry_id: strawberry.ID | None
    level: LevelOfLearning
    depth: Depth
    statement: str
    evidence_refs: list[str]
    status: ClaimStatus
    challenges: int
    claimed_at: datetime
    validated_at: datetime | None
    claimant_id: strawberry.Private[str]
    validator_id: strawberry.Private[str | None]

    @classmethod
    def of(cls, row: Any) -> LearningClaim:
        return cls(
            id=strawberry.ID(row["claim_id"]),
            group_id=strawberry.ID(row["group_id"]),
            network_id=row["network_id"],
            enquiry_id=row["enquiry_id"],
            level=LevelOfLearning(row["level"]),
            depth=Depth(row["depth"]),
            statement=row["statement"],
            evidence_refs=list(row["evidence_refs"]),
            status=ClaimStatus(row["status"]),
            challenges=row["challenges"],
            claimed_at=row["claimed_at"],
            validated_at=row["validated_at"],
            claimant_id=row["claimant_id"],
            validator_id=row["validated_by"],
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> LearningClaim | None:
        return await load_claim(info, valid_id(id))

    @strawberry.field
    def claimed_by(self) -> PractitionerRef:
        return practitioner(self.claimant_id)

    @strawberry.field
    def validated_by(self) -> PractitionerRef | None:
        return None if self.validator_id is None else practitioner(self.validator_id)

    @strawberry.field
    def group(self) -> LearningGroup:
        return LearningGroup(id=self.group_id)

    @strawberry.field
    async def impact_measures(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[ImpactMeasure]:
        return await measures_of(info, "claim", self.id, first, after)

    @strawberry.field
    async def enquiry(self, info: Ctx) -> Enquiry | None:
        return None if self.enquiry_id is None else await load_enquiry(info, self.enquiry_id)

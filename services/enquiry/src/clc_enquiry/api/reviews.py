"""The ``PeerReview`` entity, its findings and a school's reviews."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from servicekit.pagination import Connection, page_size

from clc_enquiry.readmodels import pages

from .base import Ctx, canonical, page, time_id_after, valid_id
from .enquiries import PractitionerRef, practitioner
from .enums import PeerReviewStatus

__all__ = ["PeerReview", "PeerReviewFinding", "SchoolPeerReviews", "load_review"]


async def load_review(info: Ctx, review_id: str, *, fresh: bool = False) -> PeerReview | None:
    row = await info.context.row("peer_review", canonical(review_id), fresh=fresh)
    return None if row is None else PeerReview.of(row)


@strawberry.type
class PeerReviewFinding:
    entry_id: strawberry.ID
    school_id: strawberry.ID | None
    findings: str
    recorded_at: datetime
    author_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: Any) -> PeerReviewFinding:
        return cls(
            entry_id=strawberry.ID(row["entry_id"]),
            school_id=row["school_id"],
            findings=row["findings"],
            recorded_at=row["recorded_at"],
            author_id=row["author_id"],
        )

    @strawberry.field
    def recorded_by(self) -> PractitionerRef:
        return practitioner(self.author_id)


@strawberry.federation.type(keys=["id"])
class PeerReview:
    """A school-to-school review: request → focus → visit → findings → response → close."""

    id: strawberry.ID
    title: str
    host_school_id: strawberry.ID
    reviewing_school_ids: list[strawberry.ID]
    network_id: strawberry.ID | None
    status: PeerReviewStatus
    focus: str | None
    visit_date: date | None
    response: str | None
    requested_at: datetime
    findings_count: int
    requester_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: Any) -> PeerReview:
        return cls(
            id=strawberry.ID(row["peer_review_id"]),
            title=row["title"],
            host_school_id=strawberry.ID(row["host_school_id"]),
            reviewing_school_ids=[strawberry.ID(s) for s in row["reviewing_school_ids"]],
            network_id=row["network_id"],
            status=PeerReviewStatus(row["status"]),
            focus=row["focus"],
            visit_date=row["visit_date"],
            response=row["response"],
            requested_at=row["requested_at"],
            findings_count=row["findings"],
            requester_id=row["requested_by"],
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> PeerReview | None:
        return await load_review(info, valid_id(id))

    @strawberry.field
    def requested_by(self) -> PractitionerRef:
        return practitioner(self.requester_id)

    # The findings in the order they were recorded

    @strawberry.field
    async def findings(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[PeerReviewFinding]:
        size = page_size(first)
        async with info.context.read() as conn:
            rows = await pages.findings(
                conn, info.context.tenant_id, self.id, after=time_id_after(after), first=size
            )
        return page(rows, size, PeerReviewFinding.of)


@strawberry.type
class SchoolPeerReviews:
    """A school's peer reviews: counts, and the reviews it hosts or reviews in (newest first)."""

    school_id: strawberry.ID
    requested: int
    given: int
    responded: int

    @strawberry.field
    async def reviews(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[PeerReview]:
        size = page_size(first)
        async with info.context.read() as conn:
            rows = await pages.reviews_of_school(
                conn, info.context.tenant_id, self.school_id, after=time_id_after(after), first=size
            )
        return page(rows, size, PeerReview.of)

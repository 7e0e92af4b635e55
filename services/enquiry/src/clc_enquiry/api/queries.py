"""The query root. Every field takes a consistency token and waits until the read models have it."""

from __future__ import annotations

import strawberry
from servicekit.pagination import Connection

from clc_enquiry.readmodels import queries

from .enums import EnquiryStatus, Phase
from .types import (
    Ctx,
    Enquiry,
    LearningClaim,
    OpenAction,
    PeerReview,
    SchoolPeerReviews,
    board,
    load,
    open_actions,
)

__all__ = ["Query"]


@strawberry.type
class Query:
    @strawberry.field
    async def enquiry(
        self, info: Ctx, id: strawberry.ID, consistency_token: int | None = None
    ) -> Enquiry | None:
        await info.context.consistent(consistency_token)
        return await load(info, "enquiry", id)  # type: ignore[no-any-return]

    # The enquiry board: by group or network, status, phase
    @strawberry.field
    async def enquiries(
        self,
        info: Ctx,
        group_id: strawberry.ID | None = None,
        network_id: strawberry.ID | None = None,
        status: EnquiryStatus | None = None,
        phase: Phase | None = None,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: int | None = None,
    ) -> Connection[Enquiry]:
        await info.context.consistent(consistency_token)
        return await board(
            info,
            first=first,
            after=after,
            group_id=group_id,
            network_id=network_id,
            status=status,
            phase=phase,
        )

    @strawberry.field
    async def learning_claim(
        self, info: Ctx, id: strawberry.ID, consistency_token: int | None = None
    ) -> LearningClaim | None:
        await info.context.consistent(consistency_token)
        return await load(info, "learning_claim", id)  # type: ignore[no-any-return]

    @strawberry.field
    async def peer_review(
        self, info: Ctx, id: strawberry.ID, consistency_token: int | None = None
    ) -> PeerReview | None:
        await info.context.consistent(consistency_token)
        return await load(info, "peer_review", id)  # type: ignore[no-any-return]

    # A school's peer reviews: counts and the reviews themselves
    @strawberry.field
    async def peer_reviews_for_school(
        self, info: Ctx, school_id: strawberry.ID, consistency_token: int | None = None
    ) -> SchoolPeerReviews:
        await info.context.consistent(consistency_token)
        tenant = info.context.tenant_id
        async with info.context.read() as conn:
            counts = await queries.school_peer_reviews(conn, tenant, school_id)
            rows = await queries.reviews_of_school(conn, tenant, school_id)
        return SchoolPeerReviews(
            school_id=school_id,
            requested=counts["requested"],
            given=counts["given"],
            responded=counts["responded"],
            reviews=[PeerReview.of(r) for r in rows],
        )

    # The caller's open actions, soonest due first
    @strawberry.field
    async def my_open_actions(
        self, info: Ctx, consistency_token: int | None = None
    ) -> list[OpenAction]:
        await info.context.consistent(consistency_token)
        return await open_actions(info, info.context.principal.person_id)

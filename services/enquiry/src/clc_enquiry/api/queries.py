"""The query root. Every field takes the (opaque) consistency token and waits until the read models
have it; a read model that has not caught up in time is a ``NOT_YET_CONSISTENT`` error."""

from __future__ import annotations

import strawberry
from servicekit.pagination import Connection

from clc_enquiry.readmodels import queries

from .base import Ctx, valid_id
from .claims import LearningClaim, load_claim
from .enquiries import Enquiry, OpenAction, board, load_enquiry, open_actions
from .enums import EnquiryStatus, Phase
from .logs import ReflectiveLogEntry, load_log_entry, my_log
from .progress import CohortProgress, load_cohort
from .reviews import PeerReview, SchoolPeerReviews, load_review

__all__ = ["Query"]


@strawberry.type
class Query:
    @strawberry.field
    async def enquiry(
        self, info: Ctx, id: strawberry.ID, consistency_token: str | None = None
    ) -> Enquiry | None:
        await info.context.consistent(consistency_token)
        return await load_enquiry(info, valid_id(id))

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
        consistency_token: str | None = None,
    ) -> Connection[Enquiry]:
        await info.context.consistent(consistency_token)
        return await board(
            info,
            first=first,
            after=after,
            group_id=None if group_id is None else valid_id(group_id, "groupId"),
            network_id=None if network_id is None else valid_id(network_id, "networkId"),
            status=status,
            phase=phase,
        )

    @strawberry.field
    async def learning_claim(
        self, info: Ctx, id: strawberry.ID, consistency_token: str | None = None
    ) -> LearningClaim | None:
        await info.context.consistent(consistency_token)
        return await load_claim(info, valid_id(id))

    @strawberry.field
    async def peer_review(
        self, info: Ctx, id: strawberry.ID, consistency_token: str | None = None
    ) -> PeerReview | None:
        await info.context.consistent(consistency_token)
        return await load_review(info, valid_id(id))

    # A school's peer reviews: counts and the reviews themselves

    @strawberry.field
    async def peer_reviews_for_school(
        self, info: Ctx, school_id: strawberry.ID, consistency_token: str | None = None
    ) -> SchoolPeerReviews:
        await info.context.consistent(consistency_token)
        school = valid_id(school_id, "schoolId")
        async with info.context.read() as conn:
            counts = await queries.school_peer_reviews(conn, info.context.tenant_id, school)
        return SchoolPeerReviews(
            school_id=strawberry.ID(school),
            requested=counts["requested"],
            given=counts["given"],
            responded=counts["responded"],
        )

    # The caller's open actions, soonest due first

    @strawberry.field
    async def my_open_actions(
        self,
        info: Ctx,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[OpenAction]:
        await info.context.consistent(consistency_token)
        return await open_actions(info, info.context.person_id, first=first, after=after)

    # One reflective log entry: its writer's, or shared with a group the caller is a member of

    @strawberry.field
    async def reflective_log_entry(
        self, info: Ctx, id: strawberry.ID, consistency_token: str | None = None
    ) -> ReflectiveLogEntry | None:
        await info.context.consistent(consistency_token)
        return await load_log_entry(info, valid_id(id))

    # The caller's own personal reflective log, newest first (only they read it)

    @strawberry.field
    async def my_reflective_log(
        self,
        info: Ctx,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[ReflectiveLogEntry]:
        await info.context.consistent(consistency_token)
        return await my_log(info, first, after)

    # A programme cohort: each participant's home-group progress side by side

    @strawberry.field
    async def cohort_progress(
        self, info: Ctx, cohort_id: strawberry.ID, consistency_token: str | None = None
    ) -> CohortProgress | None:
        await info.context.consistent(consistency_token)
        return await load_cohort(info, valid_id(cohort_id, "cohortId"))

"""Peer reviews, and per school how many it requested (hosted), gave (recorded findings in, as a
reviewer; a school's several findings in one review count once) and responded to (as the host)."""

from __future__ import annotations

from collections.abc import Mapping

from eventkit.envelope import RecordedEvent as Env
from eventkit.projection import ProjectionConnection as Conn

from clc_enquiry.domain import (
    PeerReviewClosed,
    PeerReviewFindingsRecorded,
    PeerReviewFocusAgreed,
    PeerReviewRequested,
    PeerReviewResponded,
    PeerReviewVisitHeld,
)

from .base import EnquiryProjection, Handler

__all__ = ["PeerReviewsProjection"]


def _bump(column: str) -> str:
    return (
        f"insert into enq_school_peer_reviews (tenant_id, school_id, {column}) values ($1, $2, 1)"
        f" on conflict (tenant_id, school_id)"
        f" do update set {column} = enq_school_peer_reviews.{column} + 1"
    )


_REQUESTED, _GIVEN, _RESPONDED = _bump("requested"), _bump("given"), _bump("responded")

_STATUS = "update enq_peer_reviews set status = $3 where tenant_id = $1 and peer_review_id = $2"


class PeerReviewsProjection(EnquiryProjection):
    name = "enquiry-peer-reviews"
    tables = ("enq_peer_reviews", "enq_peer_review_findings", "enq_school_peer_reviews")

    def handlers(self) -> Mapping[type, Handler]:
        return {
            PeerReviewRequested: self._requested,
            PeerReviewFocusAgreed: self._focus_agreed,
            PeerReviewVisitHeld: self._visit_held,
            PeerReviewFindingsRecorded: self._findings_recorded,
            PeerReviewResponded: self._responded,
            PeerReviewClosed: self._closed,
        }

    async def _requested(self, conn: Conn, env: Env, e: PeerReviewRequested) -> None:
        await conn.execute(
            "insert into enq_peer_reviews (tenant_id, peer_review_id, title,"
            " host_school_id, reviewing_school_ids, network_id, status, requested_by,"
            " requested_at) values ($1, $2, $3, $4, $5, $6, 'requested', $7, $8)"
            " on conflict do nothing",
            env.tenant_id,
            e.peer_review_id,
            e.title,
            e.host_school_id,
            list(e.reviewing_school_ids),
            e.network_id,
            e.author_id,
            env.recorded_at,
        )
        await conn.execute(_REQUESTED, env.tenant_id, e.host_school_id)

    async def _focus_agreed(self, conn: Conn, env: Env, e: PeerReviewFocusAgreed) -> None:
        await conn.execute(
            "update enq_peer_reviews set status = 'focus_agreed', focus = $3"
            " where tenant_id = $1 and peer_review_id = $2",
            env.tenant_id,
            e.peer_review_id,
            e.focus,
        )

    async def _visit_held(self, conn: Conn, env: Env, e: PeerReviewVisitHeld) -> None:
        await conn.execute(
            "update enq_peer_reviews set status = 'visit_held', visit_date = $3"
            " where tenant_id = $1 and peer_review_id = $2",
            env.tenant_id,
            e.peer_review_id,
            e.visit_date,
        )

    async def _findings_recorded(self, conn: Conn, env: Env, e: PeerReviewFindingsRecorded) -> None:
        t = env.tenant_id
        first_from_school = e.school_id is not None and not await conn.fetchval(
            "select exists (select 1 from enq_peer_review_findings where tenant_id = $1"
            " and peer_review_id = $2 and school_id = $3)",
            t,
            e.peer_review_id,
            e.school_id,
        )
        await conn.execute(
            "insert into enq_peer_review_findings (tenant_id, peer_review_id, entry_id,"
            " school_id, author_id, findings, recorded_at)"
            " values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing",
            t,
            e.peer_review_id,
            e.entry_id,
            e.school_id,
            e.author_id,
            e.findings,
            env.recorded_at,
        )
        await conn.execute(
            "update enq_peer_reviews set status = 'findings_recorded',"
            " findings = findings + 1 where tenant_id = $1 and peer_review_id = $2",
            t,
            e.peer_review_id,
        )
        if first_from_school:
            await conn.execute(_GIVEN, t, e.school_id)

    async def _responded(self, conn: Conn, env: Env, e: PeerReviewResponded) -> None:
        t = env.tenant_id
        await conn.execute(
            "update enq_peer_reviews set status = 'responded', response = $3"
            " where tenant_id = $1 and peer_review_id = $2",
            t,
            e.peer_review_id,
            e.response,
        )
        host = await conn.fetchval(
            "select host_school_id from enq_peer_reviews"
            " where tenant_id = $1 and peer_review_id = $2",
            t,
            e.peer_review_id,
        )
        if host is not None:
            await conn.execute(_RESPONDED, t, host)

    async def _closed(self, conn: Conn, env: Env, e: PeerReviewClosed) -> None:
        await conn.execute(_STATUS, env.tenant_id, e.peer_review_id, "closed")

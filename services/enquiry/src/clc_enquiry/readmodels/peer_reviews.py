"""Peer reviews, and per school how many it requested (hosted), gave (recorded findings in, as a
reviewer; a school's several findings in one review count once) and responded to (as the host)."""

from __future__ import annotations

from eventkit.domain import DomainEvent
from eventkit.envelope import RecordedEvent
from eventkit.projection import ProjectionConnection

from clc_enquiry.domain import (
    PeerReviewClosed,
    PeerReviewFindingsRecorded,
    PeerReviewFocusAgreed,
    PeerReviewRequested,
    PeerReviewResponded,
    PeerReviewVisitHeld,
)

from .base import EnquiryProjection

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

    async def handle(
        self, conn: ProjectionConnection, envelope: RecordedEvent, event: DomainEvent
    ) -> None:
        t, at = envelope.tenant_id, envelope.recorded_at
        match event:
            case PeerReviewRequested():
                await conn.execute(
                    "insert into enq_peer_reviews (tenant_id, peer_review_id, title,"
                    " host_school_id, reviewing_school_ids, network_id, status, requested_by,"
                    " requested_at) values ($1, $2, $3, $4, $5, $6, 'requested', $7, $8)"
                    " on conflict do nothing",
                    t,
                    event.peer_review_id,
                    event.title,
                    event.host_school_id,
                    list(event.reviewing_school_ids),
                    event.network_id,
                    event.author_id,
                    at,
                )
                await conn.execute(_REQUESTED, t, event.host_school_id)
            case PeerReviewFocusAgreed():
                await conn.execute(
                    "update enq_peer_reviews set status = 'focus_agreed', focus = $3"
                    " where tenant_id = $1 and peer_review_id = $2",
                    t,
                    event.peer_review_id,
                    event.focus,
                )
            case PeerReviewVisitHeld():
                await conn.execute(
                    "update enq_peer_reviews set status = 'visit_held', visit_date = $3"
                    " where tenant_id = $1 and peer_review_id = $2",
                    t,
                    event.peer_review_id,
                    event.visit_date,
                )
            case PeerReviewFindingsRecorded():
                first_from_school = event.school_id is not None and not await conn.fetchval(
                    "select exists (select 1 from enq_peer_review_findings where tenant_id = $1"
                    " and peer_review_id = $2 and school_id = $3)",
                    t,
                    event.peer_review_id,
                    event.school_id,
                )
                await conn.execute(
                    "insert into enq_peer_review_findings (tenant_id, peer_review_id, entry_id,"
                    " school_id, author_id, findings, recorded_at)"
                    " values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing",
                    t,
                    event.peer_review_id,
                    event.entry_id,
                    event.school_id,
                    event.author_id,
                    event.findings,
                    at,
                )
                await conn.execute(
                    "update enq_peer_reviews set status = 'findings_recorded',"
                    " findings = findings + 1 where tenant_id = $1 and peer_review_id = $2",
                    t,
                    event.peer_review_id,
                )
                if first_from_school:
                    await conn.execute(_GIVEN, t, event.school_id)
            case PeerReviewResponded():
                await conn.execute(
                    "update enq_peer_reviews set status = 'responded', response = $3"
                    " where tenant_id = $1 and peer_review_id = $2",
                    t,
                    event.peer_review_id,
                    event.response,
                )
                host = await conn.fetchval(
                    "select host_school_id from enq_peer_reviews"
                    " where tenant_id = $1 and peer_review_id = $2",
                    t,
                    event.peer_review_id,
                )
                if host is not None:
                    await conn.execute(_RESPONDED, t, host)
            case PeerReviewClosed():
                await conn.execute(_STATUS, t, event.peer_review_id, "closed")

"""Test data for peer reviews (shared ids and people come from ``builders``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from clc_enquiry.domain import (
    AgreePeerReviewFocus,
    ClosePeerReview,
    HoldPeerReviewVisit,
    PeerReviewClosed,
    PeerReviewFindingsRecorded,
    PeerReviewFocusAgreed,
    PeerReviewRequested,
    PeerReviewResponded,
    PeerReviewVisitHeld,
    RecordPeerReviewFindings,
    RequestPeerReview,
    RespondToPeerReview,
)
from eventkit.domain import Actor

from .builders import NETWORK, as_actor, uid

# --- peer reviews --------------------------------------------------------------------------------

REVIEW = uid("peer-review")
HOST_SCHOOL = "school-host"
REVIEWING_SCHOOL = "school-reviewer-1"
REVIEWING_SCHOOL_2 = "school-reviewer-2"
OTHER_SCHOOL = "school-elsewhere"
HOST_HEAD = "person-hana"  # works at the host school
REVIEWER = "person-ravi"  # works at a reviewing school
VISIT_DATE = date(2025, 5, 14)
FINDINGS_1 = uid("findings-1")


def requested(**overrides: Any) -> PeerReviewRequested:
    fields: dict[str, Any] = {
        "peer_review_id": REVIEW,
        "author_id": HOST_HEAD,
        "title": "Feedback in maths",
        "host_school_id": HOST_SCHOOL,
        "reviewing_school_ids": (REVIEWING_SCHOOL, REVIEWING_SCHOOL_2),
        "network_id": NETWORK,
    }
    return PeerReviewRequested(**{**fields, **overrides})


def focus_agreed(by: str = HOST_HEAD, focus: str = "Written feedback") -> PeerReviewFocusAgreed:
    return PeerReviewFocusAgreed(peer_review_id=REVIEW, author_id=by, focus=focus)


def visit_held(by: str = REVIEWER, notes: str | None = None) -> PeerReviewVisitHeld:
    return PeerReviewVisitHeld(
        peer_review_id=REVIEW, author_id=by, visit_date=VISIT_DATE, notes=notes
    )


def findings_recorded(
    entry_id: str = FINDINGS_1, by: str = REVIEWER, school_id: str | None = REVIEWING_SCHOOL
) -> PeerReviewFindingsRecorded:
    return PeerReviewFindingsRecorded(
        peer_review_id=REVIEW,
        author_id=by,
        entry_id=entry_id,
        school_id=school_id,
        findings="Feedback is prompt but rarely acted on",
    )


def responded(by: str = HOST_HEAD) -> PeerReviewResponded:
    return PeerReviewResponded(
        peer_review_id=REVIEW, author_id=by, response="We will add DIRT time"
    )


def closed(by: str = HOST_HEAD) -> PeerReviewClosed:
    return PeerReviewClosed(peer_review_id=REVIEW, author_id=by)


def review_until(step: str) -> list[Any]:
    """A peer review's history up to and including ``step``."""
    steps: list[tuple[str, Any]] = [
        ("requested", requested()),
        ("focus_agreed", focus_agreed()),
        ("visit_held", visit_held()),
        ("findings_recorded", findings_recorded()),
        ("responded", responded()),
    ]
    names = [name for name, _ in steps]
    return [event for _, event in steps[: names.index(step) + 1]]


def _review_command(by: str | Actor, school: str | None) -> dict[str, Any]:
    return {"actor": as_actor(by), "actor_school_id": school, "peer_review_id": REVIEW}


def request_review(
    by: str | Actor = HOST_HEAD, school: str | None = HOST_SCHOOL, **overrides: Any
) -> RequestPeerReview:
    event = requested()
    fields = {
        **_review_command(by, school),
        "title": event.title,
        "host_school_id": event.host_school_id,
        "reviewing_school_ids": event.reviewing_school_ids,
        "network_id": event.network_id,
    }
    return RequestPeerReview(**{**fields, **overrides})


def agree_focus(
    by: str | Actor = HOST_HEAD, school: str | None = HOST_SCHOOL, focus: str = "Written feedback"
) -> AgreePeerReviewFocus:
    return AgreePeerReviewFocus(**_review_command(by, school), focus=focus)


def hold_visit(
    by: str | Actor = REVIEWER, school: str | None = REVIEWING_SCHOOL, notes: str | None = None
) -> HoldPeerReviewVisit:
    return HoldPeerReviewVisit(**_review_command(by, school), visit_date=VISIT_DATE, notes=notes)


def record_findings(
    entry_id: str = FINDINGS_1, by: str | Actor = REVIEWER, school: str | None = REVIEWING_SCHOOL
) -> RecordPeerReviewFindings:
    findings = findings_recorded().findings
    return RecordPeerReviewFindings(
        **_review_command(by, school), entry_id=entry_id, findings=findings
    )


def respond(by: str | Actor = HOST_HEAD, school: str | None = HOST_SCHOOL) -> RespondToPeerReview:
    return RespondToPeerReview(**_review_command(by, school), response=responded().response)


def close_review(by: str | Actor = HOST_HEAD, school: str | None = HOST_SCHOOL) -> ClosePeerReview:
    return ClosePeerReview(**_review_command(by, school))

"""The events and commands of a peer review.

Events carry the ``peer_review_id`` (the stream id) and the ``author_id`` of the person whose
command caused them. Commands carry the ``actor`` and the ``actor_school_id``: the school the actor
works at, filled by the application layer from its read model of practitioners (``None`` for
someone at no school, who can then act only as a ``tenant_admin``).
"""

from __future__ import annotations

from datetime import date

from eventkit.domain import Actor, Command, DomainEvent
from pydantic import Field, field_validator

from .values import CalendarDate, EntryId, Identifier, LongText, Title

__all__ = [
    "AgreePeerReviewFocus",
    "ClosePeerReview",
    "HoldPeerReviewVisit",
    "PeerReviewClosed",
    "PeerReviewCommand",
    "PeerReviewEvent",
    "PeerReviewFindingsRecorded",
    "PeerReviewFocusAgreed",
    "PeerReviewRequested",
    "PeerReviewResponded",
    "PeerReviewVisitHeld",
    "RecordPeerReviewFindings",
    "RequestPeerReview",
    "RespondToPeerReview",
]


# --- events --------------------------------------------------------------------------------------


class _PeerReviewEvent(DomainEvent):
    peer_review_id: str
    author_id: str


class PeerReviewRequested(_PeerReviewEvent):
    title: str
    host_school_id: str
    reviewing_school_ids: tuple[str, ...]
    network_id: str | None = None


class PeerReviewFocusAgreed(_PeerReviewEvent):
    focus: str


class PeerReviewVisitHeld(_PeerReviewEvent):
    visit_date: date
    notes: str | None = None


class PeerReviewFindingsRecorded(_PeerReviewEvent):
    entry_id: str
    school_id: str | None  # the reviewing school the author spoke for (None: a tenant admin)
    findings: str


class PeerReviewResponded(_PeerReviewEvent):
    response: str


class PeerReviewClosed(_PeerReviewEvent):
    pass


PeerReviewEvent = (
    PeerReviewRequested
    | PeerReviewFocusAgreed
    | PeerReviewVisitHeld
    | PeerReviewFindingsRecorded
    | PeerReviewResponded
    | PeerReviewClosed
)


# --- commands ------------------------------------------------------------------------------------


class _PeerReviewCommand(Command):
    actor: Actor
    actor_school_id: Identifier | None  # filled by the application layer
    peer_review_id: EntryId


class RequestPeerReview(_PeerReviewCommand):
    title: Title
    host_school_id: Identifier
    reviewing_school_ids: tuple[Identifier, ...] = Field(max_length=20)
    network_id: Identifier | None = None

    @field_validator("reviewing_school_ids")
    @classmethod
    def _distinct(cls, ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(ids))


class AgreePeerReviewFocus(_PeerReviewCommand):
    focus: LongText


class HoldPeerReviewVisit(_PeerReviewCommand):
    visit_date: CalendarDate
    notes: LongText | None = None


class RecordPeerReviewFindings(_PeerReviewCommand):
    entry_id: EntryId
    findings: LongText


class RespondToPeerReview(_PeerReviewCommand):
    response: LongText


class ClosePeerReview(_PeerReviewCommand):
    pass


PeerReviewCommand = (
    RequestPeerReview
    | AgreePeerReviewFocus
    | HoldPeerReviewVisit
    | RecordPeerReviewFindings
    | RespondToPeerReview
    | ClosePeerReview
)

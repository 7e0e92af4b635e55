"""The PeerReview aggregate: a structured school-to-school review, focus → visit → findings →
response → close.

Rules, in the order ``decide`` checks them:

* the review exists (``PeerReviewNotFound``), or for a request does not yet
  (``PeerReviewAlreadyExists``);
* who may act, by the school the actor works at (``actor_school_id``, filled by the application
  layer): someone from the host school requests it and responds (``NotTheHostSchool``), someone from
  a reviewing school records findings (``NotAReviewingSchool``), someone from either agrees the
  focus, holds the visit and closes it (``NotAPeerReviewParticipant``); a ``tenant_admin`` may do
  anything;
* a closed review refuses everything (``PeerReviewIsClosed``);
* it has at least one reviewing school (``NoReviewingSchools``), and the host is not one of them
  (``HostIsReviewer``);
* steps go in order (``PeerReviewStepOutOfOrder``): the focus may be re-agreed until the visit
  (``VisitBeforeFocus`` otherwise); the visit is held once; findings follow the visit
  (``FindingsBeforeVisit``) and each reviewing school may record its own until the host responds;
  the host responds once, after findings (``ResponseBeforeFindings``); closing follows the response
  (``CloseBeforeResponse``);
* a findings entry id is used once (``DuplicateEntryId``).

Events carry the ``peer_review_id`` (the stream id) and the ``author_id`` of the person whose
command caused them. Commands carry the ``actor`` and the ``actor_school_id``: the school the actor
works at, filled by the application layer from its read model of practitioners (``None`` for
someone at no school, who can then act only as a ``tenant_admin``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import ClassVar

from eventkit.domain import Actor, Command, Decider, DomainEvent
from pydantic import Field, field_validator

from .errors import (
    CloseBeforeResponse,
    DuplicateEntryId,
    FindingsBeforeVisit,
    HostIsReviewer,
    NoReviewingSchools,
    NotAPeerReviewParticipant,
    NotAReviewingSchool,
    NotTheHostSchool,
    PeerReviewAlreadyExists,
    PeerReviewIsClosed,
    PeerReviewNotFound,
    PeerReviewStepOutOfOrder,
    ResponseBeforeFindings,
    VisitBeforeFocus,
)
from .membership import is_tenant_admin
from .values import CalendarDate, EntryId, Identifier, LongText, PeerReviewStatus, Title

__all__ = [
    "DECIDER",
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
    "PeerReviewState",
    "PeerReviewVisitHeld",
    "RecordPeerReviewFindings",
    "RequestPeerReview",
    "RespondToPeerReview",
    "decide",
    "evolve",
]

_S = PeerReviewStatus


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
    FACTS: ClassVar[frozenset[str]] = frozenset({"actor_school_id"})
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


@dataclass(frozen=True)
class PeerReviewState:
    peer_review_id: str | None = None
    status: PeerReviewStatus | None = None  # None: not requested yet
    host_school_id: str = ""
    reviewing_school_ids: frozenset[str] = frozenset()
    findings_ids: frozenset[str] = frozenset()


# --- decide --------------------------------------------------------------------------------------


def decide(state: PeerReviewState, command: PeerReviewCommand) -> Sequence[PeerReviewEvent]:
    if isinstance(command, RequestPeerReview):
        return _request(state, command)
    if state.status is None:
        raise PeerReviewNotFound(field="peer_review_id")
    _authorize(state, command)
    if state.status is _S.CLOSED:
        raise PeerReviewIsClosed()
    review_id, author = command.peer_review_id, command.actor.person_id
    match command:
        case AgreePeerReviewFocus():
            if state.status not in (_S.REQUESTED, _S.FOCUS_AGREED):
                raise PeerReviewStepOutOfOrder("The focus can be agreed only before the visit")
            return [
                PeerReviewFocusAgreed(
                    peer_review_id=review_id, author_id=author, focus=command.focus
                )
            ]
        case HoldPeerReviewVisit():
            if state.status is _S.REQUESTED:
                raise VisitBeforeFocus()
            if state.status is not _S.FOCUS_AGREED:
                raise PeerReviewStepOutOfOrder("The visit has already been held")
            return [
                PeerReviewVisitHeld(
                    peer_review_id=review_id,
                    author_id=author,
                    visit_date=command.visit_date,
                    notes=command.notes,
                )
            ]
        case RecordPeerReviewFindings():
            if state.status in (_S.REQUESTED, _S.FOCUS_AGREED):
                raise FindingsBeforeVisit()
            if state.status is _S.RESPONDED:
                raise PeerReviewStepOutOfOrder("The host has responded: findings are final")
            if command.entry_id in state.findings_ids:
                raise DuplicateEntryId(field="entry_id")
            return [
                PeerReviewFindingsRecorded(
                    peer_review_id=review_id,
                    author_id=author,
                    entry_id=command.entry_id,
                    school_id=command.actor_school_id,
                    findings=command.findings,
                )
            ]
        case RespondToPeerReview():
            if state.status in (_S.REQUESTED, _S.FOCUS_AGREED, _S.VISIT_HELD):
                raise ResponseBeforeFindings()
            if state.status is _S.RESPONDED:
                raise PeerReviewStepOutOfOrder("The host has already responded")
            return [
                PeerReviewResponded(
                    peer_review_id=review_id, author_id=author, response=command.response
                )
            ]
        case ClosePeerReview():
            if state.status is not _S.RESPONDED:
                raise CloseBeforeResponse()
            return [PeerReviewClosed(peer_review_id=review_id, author_id=author)]
    unknown = type(command).__name__  # pragma: no cover, no mutate
    raise TypeError(f"not a peer review command: {unknown}")  # pragma: no cover, no mutate


def _request(state: PeerReviewState, c: RequestPeerReview) -> Sequence[PeerReviewEvent]:
    if not (is_tenant_admin(c.actor) or c.actor_school_id == c.host_school_id):
        raise NotTheHostSchool()
    if state.status is not None:
        raise PeerReviewAlreadyExists(field="peer_review_id")
    if not c.reviewing_school_ids:
        raise NoReviewingSchools(field="reviewing_school_ids")
    if c.host_school_id in c.reviewing_school_ids:
        raise HostIsReviewer(field="reviewing_school_ids")
    return [
        PeerReviewRequested(
            peer_review_id=c.peer_review_id,
            author_id=c.actor.person_id,
            title=c.title,
            host_school_id=c.host_school_id,
            reviewing_school_ids=c.reviewing_school_ids,
            network_id=c.network_id,
        )
    ]


def _authorize(state: PeerReviewState, command: PeerReviewCommand) -> None:
    if is_tenant_admin(command.actor):
        return
    school = command.actor_school_id
    is_host = school is not None and school == state.host_school_id
    is_reviewer = school is not None and school in state.reviewing_school_ids
    match command:
        case RespondToPeerReview() if not is_host:
            raise NotTheHostSchool()
        case RecordPeerReviewFindings() if not is_reviewer:
            raise NotAReviewingSchool()
        case AgreePeerReviewFocus() | HoldPeerReviewVisit() | ClosePeerReview() if not (
            is_host or is_reviewer
        ):
            raise NotAPeerReviewParticipant()


# --- evolve --------------------------------------------------------------------------------------


def evolve(state: PeerReviewState, event: PeerReviewEvent) -> PeerReviewState:
    match event:
        case PeerReviewRequested():
            return PeerReviewState(
                peer_review_id=event.peer_review_id,
                status=_S.REQUESTED,
                host_school_id=event.host_school_id,
                reviewing_school_ids=frozenset(event.reviewing_school_ids),
            )
        case PeerReviewFocusAgreed():
            return replace(state, status=_S.FOCUS_AGREED)
        case PeerReviewVisitHeld():
            return replace(state, status=_S.VISIT_HELD)
        case PeerReviewFindingsRecorded():
            return replace(
                state,
                status=_S.FINDINGS_RECORDED,
                findings_ids=state.findings_ids | {event.entry_id},
            )
        case PeerReviewResponded():
            return replace(state, status=_S.RESPONDED)
        case PeerReviewClosed():
            return replace(state, status=_S.CLOSED)
    return state  # pragma: no cover


DECIDER: Decider[PeerReviewState, PeerReviewCommand, PeerReviewEvent] = Decider(
    stream_type="peer_review",
    initial_state=PeerReviewState,
    decide=decide,
    evolve=evolve,
)

"""What every command use case shares: the handlers, building commands, running them.

The application layer is where a verified ``Principal`` becomes the domain's ``Actor``, where the
facts a command needs are looked up (group membership and the actor's school from the local
membership read model, the tenant's pupil-data setting from configuration), and where pydantic's
validation errors become ``InvalidInput`` naming the offending field. It never calls another
service.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from eventkit.domain import Command, DomainEvent
from eventkit.errors import DomainError, InvalidInput, NotFound, WrongExpectedVersion
from eventkit.handling import CommandContext, CommandHandler, CommandResult
from eventkit.principal import Principal
from eventkit.registry import EventRegistry
from eventkit.store.base import EventStore
from pydantic import ValidationError

from clc_enquiry.domain import (
    ENQUIRY_DECIDER,
    LEARNING_CLAIM_DECIDER,
    PEER_REVIEW_DECIDER,
    ActionCompleted,
    ActionPlanned,
    CycleCompleted,
    CyclePhaseAdvanced,
    CycleStarted,
    EnquiryConcluded,
    EnquiryLaunched,
    EnquiryProposed,
    EnquiryQuestionRefined,
    EnquiryState,
    EvidenceAttached,
    ExperienceRecorded,
    FindingsShared,
    IdeaProposed,
    LearningClaimChallenged,
    LearningClaimed,
    LearningClaimState,
    LearningClaimValidated,
    PeerReviewClosed,
    PeerReviewFindingsRecorded,
    PeerReviewFocusAgreed,
    PeerReviewRequested,
    PeerReviewResponded,
    PeerReviewState,
    PeerReviewVisitHeld,
    ReflectionRecorded,
)

__all__ = [
    "EVENT_TYPES",
    "ConcurrentChange",
    "GroupNotFound",
    "Handlers",
    "build",
    "context_for",
    "execute",
    "registry",
]

C = TypeVar("C", bound=Command)
S = TypeVar("S")

EVENT_TYPES: tuple[type[DomainEvent], ...] = (
    EnquiryProposed,
    EnquiryQuestionRefined,
    EnquiryLaunched,
    CycleStarted,
    ExperienceRecorded,
    ReflectionRecorded,
    IdeaProposed,
    ActionPlanned,
    ActionCompleted,
    EvidenceAttached,
    CyclePhaseAdvanced,
    CycleCompleted,
    FindingsShared,
    EnquiryConcluded,
    LearningClaimed,
    LearningClaimValidated,
    LearningClaimChallenged,
    PeerReviewRequested,
    PeerReviewFocusAgreed,
    PeerReviewVisitHeld,
    PeerReviewFindingsRecorded,
    PeerReviewResponded,
    PeerReviewClosed,
)


class ConcurrentChange(DomainError):
    """Someone else changed the aggregate at the same moment, more often than a retry absorbs."""

    code = "CONCURRENT_CHANGE"
    default_message = "The item changed at the same moment; reload and try again"


class GroupNotFound(NotFound):
    """The learning group is unknown to this service in the caller's tenant (or not yet known:
    the membership model learns groups from the groups service's events)."""

    code = "GROUP_NOT_FOUND"
    default_message = "No such learning group"


def registry() -> EventRegistry:
    return EventRegistry(EVENT_TYPES)


@dataclass(frozen=True)
class Handlers:
    """One command handler per aggregate, sharing a store."""

    enquiries: CommandHandler[EnquiryState]
    learning_claims: CommandHandler[LearningClaimState]
    peer_reviews: CommandHandler[PeerReviewState]

    @classmethod
    def over(cls, store: EventStore, events: EventRegistry | None = None) -> Handlers:
        reg = events or registry()
        return cls(
            enquiries=CommandHandler(store, reg, ENQUIRY_DECIDER),
            learning_claims=CommandHandler(store, reg, LEARNING_CLAIM_DECIDER),
            peer_reviews=CommandHandler(store, reg, PEER_REVIEW_DECIDER),
        )


def context_for(principal: Principal, command_id: str | None) -> CommandContext:
    return CommandContext(
        tenant_id=principal.tenant_id, actor=principal.person_id, command_id=command_id
    )


def build(command_type: type[C], principal: Principal, **fields: Any) -> C:
    """The command, or ``InvalidInput`` naming the first field that failed validation."""
    try:
        return command_type(actor=principal.actor(), **fields)  # type: ignore[call-arg]
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = first.get("loc", ())
        field = str(loc[0]) if loc else None
        raise InvalidInput(
            f"{field or 'input'}: {first.get('msg', 'invalid')}", field=field
        ) from None


async def execute(
    handler: CommandHandler[S],
    stream_id: str,
    command: Command,
    principal: Principal,
    command_id: str | None,
) -> CommandResult[S]:
    # Retrying on a conflict is safe: every command names what the client meant in full (the cycle
    # it writes into, the phase it advances to), so re-deciding on newer state refuses rather than
    # re-targets a stale intention. Many members writing into one enquiry is the normal case.
    try:
        return await handler.handle(
            stream_id, command, context_for(principal, command_id), retry_on_conflict=True
        )
    except WrongExpectedVersion:
        raise ConcurrentChange() from None

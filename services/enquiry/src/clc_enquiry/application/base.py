"""What every command use case shares: the handlers, building commands, running them.

The application layer is where a verified ``Principal`` becomes the domain's ``Actor``, where the
facts a command needs are looked up (group membership and the actor's school from the local
membership read model, the tenant's pupil-data setting from configuration), and where pydantic's
validation errors become ``InvalidInput`` naming the offending field. It never calls another
service.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventkit.domain import DomainEvent
from eventkit.errors import InvalidInput, NotFound, RuleViolated
from eventkit.handling import CommandHandler
from eventkit.idempotency import DEVELOPMENT_FINGERPRINT_KEY
from eventkit.registry import EventRegistry
from eventkit.store.base import EventStore
from servicekit.commands import ConcurrentChange, execute
from servicekit.commands import build_command as build
from servicekit.commands import command_context as context_for

from clc_enquiry.domain import (
    ENQUIRY_DECIDER,
    LEARNING_CLAIM_DECIDER,
    PEER_REVIEW_DECIDER,
    REFLECTIVE_LOG_DECIDER,
    ActionCompleted,
    ActionImpactRecorded,
    ActionLearningTurnTaken,
    ActionOutcomeShared,
    ActionPlanned,
    ClaimImpactRecorded,
    CycleCompleted,
    CycleLoopedBack,
    CyclePhaseAdvanced,
    CycleStarted,
    EnquiryConcluded,
    EnquiryLaunched,
    EnquiryProposed,
    EnquiryQuestionRefined,
    EnquirySharedWithPartnerNetworks,
    EnquiryState,
    EnquiryWithdrawnFromPartnerNetworks,
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
    ReflectiveLogEntryShared,
    ReflectiveLogEntryWritten,
    ReflectiveLogShareWithdrawn,
    ReflectiveLogState,
    TurnActionCommitted,
    TurnQuestionAsked,
)

__all__ = [
    "EVENT_TYPES",
    "CohortMeetsInNoGroup",
    "CohortNotFound",
    "ConcurrentChange",
    "GroupNotFound",
    "Handlers",
    "NotTheCohortsGroup",
    "build",
    "context_for",
    "execute",
    "registry",
]


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
    CycleLoopedBack,
    ActionLearningTurnTaken,
    TurnQuestionAsked,
    TurnActionCommitted,
    LearningClaimed,
    LearningClaimValidated,
    LearningClaimChallenged,
    PeerReviewRequested,
    PeerReviewFocusAgreed,
    PeerReviewVisitHeld,
    PeerReviewFindingsRecorded,
    PeerReviewResponded,
    PeerReviewClosed,
    ReflectiveLogEntryWritten,
    ReflectiveLogEntryShared,
    ReflectiveLogShareWithdrawn,
    ActionImpactRecorded,
    ClaimImpactRecorded,
    ActionOutcomeShared,
    EnquirySharedWithPartnerNetworks,
    EnquiryWithdrawnFromPartnerNetworks,
)


class GroupNotFound(NotFound):
    """The learning group is unknown to this service in the caller's tenant (or not yet known:
    the membership model learns groups from the groups service's events)."""

    code = "GROUP_NOT_FOUND"
    default_message = "No such learning group"


class CohortNotFound(NotFound):
    code = "COHORT_NOT_FOUND"
    default_message = "No such programme cohort"


class CohortMeetsInNoGroup(RuleViolated):
    """A programme's enquiry runs in the learning group its cohort meets in: the group's members
    read it and take its ideas home."""

    code = "COHORT_MEETS_IN_NO_GROUP"
    default_message = "This cohort meets in no learning group, so it has no enquiry of its own"


class NotTheCohortsGroup(InvalidInput):
    code = "NOT_THE_COHORTS_GROUP"
    default_message = "An enquiry of a cohort runs in the learning group the cohort meets in"


def registry() -> EventRegistry:
    return EventRegistry(EVENT_TYPES)


@dataclass(frozen=True)
class Handlers:
    """One command handler per aggregate, sharing a store."""

    enquiries: CommandHandler[EnquiryState]
    learning_claims: CommandHandler[LearningClaimState]
    peer_reviews: CommandHandler[PeerReviewState]
    reflective_logs: CommandHandler[ReflectiveLogState]

    @classmethod
    def over(
        cls,
        store: EventStore,
        events: EventRegistry | None = None,
        *,
        fingerprint_key: bytes | None = None,
    ) -> Handlers:
        reg = events or registry()
        # The key that signs idempotency fingerprints (settings); the development key if unset.
        key = fingerprint_key or DEVELOPMENT_FINGERPRINT_KEY
        return cls(
            enquiries=CommandHandler(store, reg, ENQUIRY_DECIDER, fingerprint_key=key),
            learning_claims=CommandHandler(store, reg, LEARNING_CLAIM_DECIDER, fingerprint_key=key),
            peer_reviews=CommandHandler(store, reg, PEER_REVIEW_DECIDER, fingerprint_key=key),
            reflective_logs=CommandHandler(store, reg, REFLECTIVE_LOG_DECIDER, fingerprint_key=key),
        )

"""Mutation inputs: one per command, field names as the application layer's keyword arguments.

Ids of enquiries, cycles, entries, claims and peer reviews are UUIDs the client generates (so an
app working offline can refer to what it created before syncing). Values are validated by the
domain's command models, not here, so a bad value comes back as a user error naming the field
instead of a GraphQL error (ids are checked first, the same way in every service, see
``payloads``). Inputs take ids (``groupId``, ``ownerId``); outputs give references
(``proposedBy``, ``ownedBy``). ``commandId`` makes a retry safe.
"""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from .enums import Approach as ApproachEnum
from .enums import Depth, KnowledgeField, LevelOfLearning, Phase
from .impact import ImpactMeasureInput

__all__ = [
    "AdvanceCyclePhaseInput",
    "AgreePeerReviewFocusInput",
    "AskTurnQuestionInput",
    "AttachEvidenceInput",
    "ChallengeLearningClaimInput",
    "ClaimLearningInput",
    "ClosePeerReviewInput",
    "CommitToActionInput",
    "CompleteActionInput",
    "CompleteCycleInput",
    "ConcludeEnquiryInput",
    "HoldPeerReviewVisitInput",
    "LaunchEnquiryInput",
    "LoopBackToReflectionInput",
    "PlanActionInput",
    "ProposeEnquiryInput",
    "ProposeIdeaInput",
    "RecordActionImpactInput",
    "RecordClaimImpactInput",
    "RecordExperienceInput",
    "RecordPeerReviewFindingsInput",
    "RecordReflectionInput",
    "RefineEnquiryQuestionInput",
    "RequestPeerReviewInput",
    "RespondToPeerReviewInput",
    "ShareActionOutcomeInput",
    "ShareFindingsInput",
    "ShareReflectiveLogEntryInput",
    "StartCycleInput",
    "TakeTurnInput",
    "ValidateLearningClaimInput",
    "WithdrawReflectiveLogShareInput",
    "WriteReflectiveLogEntryInput",
]

ID = strawberry.ID


# -- enquiries ------------------------------------------------------------------------------------


@strawberry.input
class ProposeEnquiryInput:
    """In a learning group (``groupId``), or within a programme cohort (``cohortId``): then in
    the learning group the cohort meets in."""

    enquiry_id: ID
    title: str
    question: str
    approach: ApproachEnum
    levels: list[LevelOfLearning]
    group_id: ID | None = None
    cohort_id: ID | None = None
    command_id: str | None = None


@strawberry.input
class RefineEnquiryQuestionInput:
    enquiry_id: ID
    question: str
    rationale: str | None = None
    command_id: str | None = None


@strawberry.input
class LaunchEnquiryInput:
    enquiry_id: ID
    command_id: str | None = None


@strawberry.input
class StartCycleInput:
    enquiry_id: ID
    cycle_id: ID
    focus: str | None = None
    command_id: str | None = None


@strawberry.input
class RecordExperienceInput:
    enquiry_id: ID
    cycle_id: ID
    entry_id: ID
    text: str
    written_at: datetime | None = None
    command_id: str | None = None


@strawberry.input
class RecordReflectionInput:
    enquiry_id: ID
    cycle_id: ID
    entry_id: ID
    text: str
    written_at: datetime | None = None
    command_id: str | None = None


@strawberry.input
class ProposeIdeaInput:
    enquiry_id: ID
    cycle_id: ID
    entry_id: ID
    text: str
    knowledge_field: KnowledgeField
    sources: list[str] = strawberry.field(default_factory=list)
    written_at: datetime | None = None
    command_id: str | None = None


@strawberry.input
class PlanActionInput:
    enquiry_id: ID
    cycle_id: ID
    entry_id: ID
    description: str
    owner_id: ID | None = None
    due_date: date | None = None
    written_at: datetime | None = None
    command_id: str | None = None
    source_enquiry_id: ID | None = strawberry.field(
        default=None, description="The enquiry (a programme's) whose idea this action takes home"
    )
    source_idea_id: ID | None = None


@strawberry.input
class CompleteActionInput:
    enquiry_id: ID
    action_id: ID
    outcome: str | None = None
    command_id: str | None = None


@strawberry.input
class AttachEvidenceInput:
    enquiry_id: ID
    cycle_id: ID
    entry_id: ID
    title: str
    reference: str
    contains_pupil_data: bool
    description: str | None = None
    about_entry_id: ID | None = None
    written_at: datetime | None = None
    command_id: str | None = None


@strawberry.input
class AdvanceCyclePhaseInput:
    """Moves the cycle to its next phase; ``toPhase``, if given, is a guard: a different next
    phase is refused (``PHASE_OUT_OF_ORDER``) instead of skipping or repeating one."""

    enquiry_id: ID
    cycle_id: ID
    to_phase: Phase | None = None
    command_id: str | None = None


@strawberry.input
class LoopBackToReflectionInput:
    """Returns an open cycle from new ideas or planned action to reflection; ``reason`` says why
    (the journal shows it). Reflections may then be recorded again."""

    enquiry_id: ID
    cycle_id: ID
    reason: str
    command_id: str | None = None


@strawberry.input
class TakeTurnInput:
    """A participant's turn in an action learning set on their own issue; ``presenterId``
    defaults to the caller (a leader may record a turn for another member)."""

    enquiry_id: ID
    cycle_id: ID
    turn_id: ID
    issue: str
    presenter_id: ID | None = None
    written_at: datetime | None = None
    command_id: str | None = None


@strawberry.input
class AskTurnQuestionInput:
    enquiry_id: ID
    turn_id: ID
    entry_id: ID
    question: str
    command_id: str | None = None


@strawberry.input
class CommitToActionInput:
    """Ends a turn: the presenter commits to one of the enquiry's planned actions they own."""

    enquiry_id: ID
    turn_id: ID
    action_id: ID
    command_id: str | None = None


@strawberry.input
class CompleteCycleInput:
    enquiry_id: ID
    cycle_id: ID
    command_id: str | None = None


@strawberry.input
class ShareFindingsInput:
    enquiry_id: ID
    entry_id: ID
    summary: str
    title: str | None = None
    command_id: str | None = None


@strawberry.input
class ConcludeEnquiryInput:
    enquiry_id: ID
    summary: str | None = None
    command_id: str | None = None


# -- learning claims ------------------------------------------------------------------------------


@strawberry.input
class ClaimLearningInput:
    claim_id: ID
    group_id: ID
    level: LevelOfLearning
    depth: Depth
    statement: str
    evidence_refs: list[str] = strawberry.field(default_factory=list)
    enquiry_id: ID | None = None
    command_id: str | None = None


@strawberry.input
class ValidateLearningClaimInput:
    claim_id: ID
    note: str | None = None
    command_id: str | None = None


@strawberry.input
class ChallengeLearningClaimInput:
    claim_id: ID
    reason: str
    command_id: str | None = None


# -- peer reviews ---------------------------------------------------------------------------------


@strawberry.input
class RequestPeerReviewInput:
    peer_review_id: ID
    title: str
    host_school_id: ID
    reviewing_school_ids: list[ID]
    network_id: ID | None = None
    command_id: str | None = None


@strawberry.input
class AgreePeerReviewFocusInput:
    peer_review_id: ID
    focus: str
    command_id: str | None = None


@strawberry.input
class HoldPeerReviewVisitInput:
    peer_review_id: ID
    visit_date: date
    notes: str | None = None
    command_id: str | None = None


@strawberry.input
class RecordPeerReviewFindingsInput:
    peer_review_id: ID
    entry_id: ID
    findings: str
    command_id: str | None = None


@strawberry.input
class RespondToPeerReviewInput:
    peer_review_id: ID
    response: str
    command_id: str | None = None


@strawberry.input
class ClosePeerReviewInput:
    peer_review_id: ID
    command_id: str | None = None


@strawberry.input
class WriteReflectiveLogEntryInput:
    """An entry of the caller's own reflective log: private until they share it."""

    entry_id: ID
    text: str
    written_at: datetime | None = None
    command_id: str | None = None


@strawberry.input
class ShareReflectiveLogEntryInput:
    """Shares one entry with a group the caller is a member of (its members then read it)."""

    entry_id: ID
    group_id: ID
    command_id: str | None = None


@strawberry.input
class WithdrawReflectiveLogShareInput:
    entry_id: ID
    group_id: ID
    command_id: str | None = None


@strawberry.input
class RecordActionImpactInput:
    """A baseline or outcome of one of the enquiry's planned actions."""

    enquiry_id: ID
    action_id: ID
    measure_id: ID
    measure: ImpactMeasureInput
    command_id: str | None = None


@strawberry.input
class RecordClaimImpactInput:
    """A baseline or outcome backing a learning claim."""

    claim_id: ID
    measure_id: ID
    measure: ImpactMeasureInput
    command_id: str | None = None


@strawberry.input
class ShareEnquiryWithPartnerNetworksInput:
    """Mark the enquiry "shared with partner networks" (a leader of its group or a co-leader of
    its network, once its network has a partnership both sides consented to)."""

    enquiry_id: ID
    command_id: str | None = None


@strawberry.input
class WithdrawEnquiryFromPartnerNetworksInput:
    """Take the marking back: partner networks no longer see the enquiry."""

    enquiry_id: ID
    command_id: str | None = None


@strawberry.input
class ShareActionOutcomeInput:
    """The home group's consent: the outcome of an action taken from another enquiry's idea is
    shown in that enquiry (``Enquiry.ideasTakenHome``)."""

    enquiry_id: ID
    action_id: ID
    command_id: str | None = None

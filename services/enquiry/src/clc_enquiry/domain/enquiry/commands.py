"""What people ask an enquiry to do, in the imperative.

Every command carries the ``actor`` and the owning group's ``membership``: the application layer
fills both, the first from the verified principal, the second from the local membership read model
(projected from the groups service's events). Ids of new entries and cycles are UUIDs the client may
generate itself, so it can work offline; the client command id that makes a command idempotent is
handled by the application layer, outside the domain.

Input limits (lengths, formats, enum values) are checked here by pydantic, naming the field; the
rules between fields and against the enquiry's state are checked by ``decide``.
"""

from __future__ import annotations

from typing import ClassVar

from eventkit.domain import Actor, Command
from pydantic import Field, field_validator

from clc_enquiry.domain.impact import ImpactMeasure
from clc_enquiry.domain.membership import GroupMembership
from clc_enquiry.domain.values import (
    Approach,
    CalendarDate,
    EntryId,
    Identifier,
    Instant,
    KnowledgeField,
    LevelOfLearning,
    LongText,
    Phase,
    Question,
    Reference,
    Title,
)

__all__ = [
    "AdvanceCyclePhase",
    "AskTurnQuestion",
    "AttachEvidence",
    "CommitToAction",
    "CompleteAction",
    "CompleteCycle",
    "ConcludeEnquiry",
    "EnquiryCommand",
    "LaunchEnquiry",
    "LoopBackToReflection",
    "PlanAction",
    "ProposeEnquiry",
    "ProposeIdea",
    "RecordActionImpact",
    "RecordExperience",
    "RecordReflection",
    "RefineEnquiryQuestion",
    "ShareActionOutcome",
    "ShareFindings",
    "ShareWithPartnerNetworks",
    "StartCycle",
    "TakeTurn",
    "WithdrawFromPartnerNetworks",
]


class _EnquiryCommand(Command):
    FACTS: ClassVar[frozenset[str]] = frozenset({"membership"})
    actor: Actor
    membership: GroupMembership
    enquiry_id: EntryId


class _EntryCommand(_EnquiryCommand):
    cycle_id: EntryId  # the cycle the client believes is open: a stale one is refused
    entry_id: EntryId
    written_at: Instant | None = None


class ProposeEnquiry(_EnquiryCommand):
    title: Title
    question: Question
    approach: Approach
    levels: tuple[LevelOfLearning, ...] = Field(min_length=1)

    @field_validator("levels")
    @classmethod
    def _distinct_levels(cls, levels: tuple[LevelOfLearning, ...]) -> tuple[LevelOfLearning, ...]:
        return tuple(dict.fromkeys(levels))


class RefineEnquiryQuestion(_EnquiryCommand):
    question: Question
    rationale: LongText | None = None


class LaunchEnquiry(_EnquiryCommand):
    pass


class StartCycle(_EnquiryCommand):
    cycle_id: EntryId
    focus: LongText | None = None


class RecordExperience(_EntryCommand):
    text: LongText


class RecordReflection(_EntryCommand):
    text: LongText


class ProposeIdea(_EntryCommand):
    text: LongText
    knowledge_field: KnowledgeField
    sources: tuple[Reference, ...] = Field(default=(), max_length=50)


class PlanAction(_EntryCommand):
    FACTS: ClassVar[frozenset[str]] = _EntryCommand.FACTS | {"source_found", "source_takes_part"}
    description: LongText
    owner_id: Identifier | None = None  # defaults to the actor
    due_date: CalendarDate | None = None
    # the two loops: the idea of another enquiry (a programme's) this action takes home
    source_enquiry_id: EntryId | None = None
    source_idea_id: EntryId | None = None
    source_found: bool = False  # the source enquiry has that idea (application layer)
    source_takes_part: bool = False  # the actor is a member of the source enquiry's group


class CompleteAction(_EnquiryCommand):
    action_id: EntryId
    outcome: LongText | None = None


class AttachEvidence(_EntryCommand):
    FACTS: ClassVar[frozenset[str]] = _EntryCommand.FACTS | {"tenant_allows_pupil_data"}
    title: Title
    reference: Reference
    description: LongText | None = None
    about_entry_id: EntryId | None = None
    contains_pupil_data: bool
    tenant_allows_pupil_data: bool  # the tenant's setting, filled by the application layer


class AdvanceCyclePhase(_EnquiryCommand):
    cycle_id: EntryId
    to_phase: Phase | None = None  # the next phase is implied; naming it is an optional guard


class LoopBackToReflection(_EnquiryCommand):
    cycle_id: EntryId
    reason: LongText  # why the group returns to reflection: the journal shows it


class TakeTurn(_EnquiryCommand):
    """A participant's turn in an action learning set; a leader may record it for them."""

    cycle_id: EntryId
    turn_id: EntryId
    issue: LongText
    presenter_id: Identifier | None = None  # defaults to the actor
    written_at: Instant | None = None


class AskTurnQuestion(_EnquiryCommand):
    turn_id: EntryId
    entry_id: EntryId
    question: LongText


class CommitToAction(_EnquiryCommand):
    turn_id: EntryId
    action_id: EntryId  # a planned action of this enquiry, owned by the presenter


class RecordActionImpact(_EnquiryCommand):
    action_id: EntryId
    measure_id: EntryId
    measure: ImpactMeasure


class ShareActionOutcome(_EnquiryCommand):
    """The home group's consent to show the action's outcome in the enquiry its idea came from."""

    action_id: EntryId


class CompleteCycle(_EnquiryCommand):
    cycle_id: EntryId


class ShareFindings(_EnquiryCommand):
    entry_id: EntryId
    summary: LongText
    title: Title | None = None  # defaults to the enquiry's title


class ConcludeEnquiry(_EnquiryCommand):
    summary: LongText | None = None


class _PartnerSharingCommand(_EnquiryCommand):
    FACTS: ClassVar[frozenset[str]] = _EnquiryCommand.FACTS | {
        "network_co_leader",
        "partnered",
    }
    network_co_leader: bool = False  # the actor co-leads the enquiry's network (application)
    partnered: bool = False  # the network has a partnership both sides consented to


class ShareWithPartnerNetworks(_PartnerSharingCommand):
    """Mark the enquiry "shared with partner networks": its board entry, shared findings and
    the network's learning matrix become readable by the networks partnered with its own."""


class WithdrawFromPartnerNetworks(_PartnerSharingCommand):
    """Take the marking back: partner networks no longer see the enquiry."""


EnquiryCommand = (
    ProposeEnquiry
    | RefineEnquiryQuestion
    | LaunchEnquiry
    | StartCycle
    | RecordExperience
    | RecordReflection
    | ProposeIdea
    | PlanAction
    | CompleteAction
    | AttachEvidence
    | AdvanceCyclePhase
    | LoopBackToReflection
    | TakeTurn
    | AskTurnQuestion
    | CommitToAction
    | RecordActionImpact
    | ShareActionOutcome
    | CompleteCycle
    | ShareFindings
    | ConcludeEnquiry
    | ShareWithPartnerNetworks
    | WithdrawFromPartnerNetworks
)

"""The domain's vocabulary as GraphQL enums.

The domain's ``StrEnum``s (and the read model's ``JournalKind``) are registered with strawberry as
they are, not copied, so the schema cannot drift from the rules. GraphQL names are the members'
names, UPPER_SNAKE_CASE as GraphQL clients and code generators expect (``COLLABORATIVE_ENQUIRY``,
``SCHOOL_TO_SCHOOL``, ``NEW_IDEAS``); events and read models keep storing the values
(``collaborative_enquiry``), and strawberry maps one to the other at the API edge. A value outside
an enum is a GraphQL validation error naming the argument.
"""

from __future__ import annotations

import strawberry

from clc_enquiry.domain import (
    Approach,
    ClaimStatus,
    CycleStatus,
    Depth,
    EnquiryStatus,
    KnowledgeField,
    LevelOfLearning,
    MeasuredGroup,
    MeasureKind,
    PeerReviewStatus,
    Phase,
)
from clc_enquiry.readmodels import JournalKind

__all__ = [
    "Approach",
    "ClaimStatus",
    "CycleStatus",
    "Depth",
    "EnquiryStatus",
    "JournalKind",
    "KnowledgeField",
    "LevelOfLearning",
    "MeasureKind",
    "MeasuredGroup",
    "PeerReviewStatus",
    "Phase",
]

for _enum, _name, _description in (
    (Approach, None, "How an enquiry is run."),
    (LevelOfLearning, None, "Where learning happens, from the classroom out to networks."),
    (Depth, None, "How deep a piece of learning goes."),
    (KnowledgeField, None, "The field of knowledge an idea comes from."),
    (EnquiryStatus, None, "An enquiry is proposed, launched, then concluded."),
    (CycleStatus, None, "A cycle is open until it completes."),
    (ClaimStatus, None, "A learning claim is claimed, then validated or challenged."),
    (PeerReviewStatus, None, "The steps of a peer review, in order."),
    (
        Phase,
        "CyclePhase",
        "The phases of one cycle, in order (a cycle may loop back to reflection).",
    ),
    (JournalKind, "JournalEntryKind", "What one journal entry records."),
    (MeasureKind, "ImpactMeasureKind", "A baseline (before the change) or an outcome (after)."),
    (MeasuredGroup, None, "Whose learning or practice a measure is about."),
):
    strawberry.enum(_enum, name=_name, description=_description)

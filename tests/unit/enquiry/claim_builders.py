"""Test data for learning claims (shared ids and people come from ``builders``)."""

from __future__ import annotations

from typing import Any

from clc_enquiry.domain import (
    ChallengeLearningClaim,
    ClaimLearning,
    Depth,
    GroupMembership,
    LearningClaimed,
    LevelOfLearning,
    ValidateLearningClaim,
)
from eventkit.domain import Actor

from .builders import ENQUIRY, GROUP, MEMBER, NETWORK, OUTSIDER, as_actor, membership, uid

# --- learning claims -----------------------------------------------------------------------------

CLAIM = uid("claim")


def claimed(by: str = MEMBER, **overrides: Any) -> LearningClaimed:
    fields: dict[str, Any] = {
        "claim_id": CLAIM,
        "author_id": by,
        "group_id": GROUP,
        "network_id": NETWORK,
        "enquiry_id": ENQUIRY,
        "level": LevelOfLearning.ADULT,
        "depth": Depth.DEEP,
        "statement": "We learned to listen before we plan",
        "evidence_refs": ("files/transcript-1.pdf",),
    }
    return LearningClaimed(**{**fields, **overrides})


def claim_learning(
    by: str | Actor = MEMBER, group: GroupMembership | None = None, **overrides: Any
) -> ClaimLearning:
    event = claimed()
    fields: dict[str, Any] = {
        "actor": as_actor(by),
        "membership": group or membership(),
        "claim_id": CLAIM,
        "enquiry_id": ENQUIRY,
        "level": event.level,
        "depth": event.depth,
        "statement": event.statement,
        "evidence_refs": event.evidence_refs,
    }
    return ClaimLearning(**{**fields, **overrides})


def validate_claim(by: str | Actor = OUTSIDER, note: str | None = None) -> ValidateLearningClaim:
    return ValidateLearningClaim(actor=as_actor(by), claim_id=CLAIM, note=note)


def challenge_claim(
    by: str | Actor = OUTSIDER, reason: str = "Where is the pupils' voice?"
) -> ChallengeLearningClaim:
    return ChallengeLearningClaim(actor=as_actor(by), claim_id=CLAIM, reason=reason)

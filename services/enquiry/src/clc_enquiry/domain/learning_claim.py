"""The LearningClaim aggregate: "we learned X at level L with depth D", backed by evidence and
validated by peers.

Rules, in the order ``decide`` checks them:

* a claim is made by a member of the group it speaks for (``NotAGroupMember``; a ``tenant_admin``
  may too), once per id (``LearningClaimAlreadyExists``), with at least one piece of evidence
  (``ClaimNeedsEvidence``);
* it is validated or challenged by someone other than the claimant (``SelfValidation``,
  ``SelfChallenge``), who need not be a member of the group: a critical friend or a peer reviewer
  usually is not;
* members of its group attach impact evidence (baselines, outcomes) at any time, each measure
  id once (``DuplicateEntryId``); pupil data only as de-identified aggregates (``impact``);
* it may be challenged any number of times while it is not validated, and is validated once, after
  which it stands (``ClaimAlreadyValidated``).

``LearningClaimValidated`` repeats the claim's group, network, level and depth so the learning
matrix (validated claims by level and depth) can be counted from it alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from eventkit.domain import Actor, Command, Decider, DomainEvent
from pydantic import Field

from .errors import (
    ClaimAlreadyValidated,
    ClaimNeedsEvidence,
    DuplicateEntryId,
    LearningClaimAlreadyExists,
    LearningClaimNotFound,
    SelfChallenge,
    SelfValidation,
)
from .impact import ImpactMeasure, guard_measure
from .membership import GroupMembership, require_member, require_same_group
from .values import ClaimStatus, Depth, EntryId, LevelOfLearning, LongText, Reference

__all__ = [
    "DECIDER",
    "ChallengeLearningClaim",
    "ClaimImpactRecorded",
    "ClaimLearning",
    "LearningClaimChallenged",
    "LearningClaimCommand",
    "LearningClaimEvent",
    "LearningClaimState",
    "LearningClaimValidated",
    "LearningClaimed",
    "RecordClaimImpact",
    "ValidateLearningClaim",
    "decide",
    "evolve",
]


# --- events --------------------------------------------------------------------------------------


class LearningClaimed(DomainEvent):
    claim_id: str
    author_id: str  # the claimant
    group_id: str
    network_id: str | None
    enquiry_id: str | None
    level: LevelOfLearning
    depth: Depth
    statement: str
    evidence_refs: tuple[str, ...]


class LearningClaimValidated(DomainEvent):
    claim_id: str
    author_id: str  # the validator
    claimant_id: str
    group_id: str
    network_id: str | None
    level: LevelOfLearning
    depth: Depth
    note: str | None = None


class LearningClaimChallenged(DomainEvent):
    claim_id: str
    author_id: str  # the challenger
    reason: str


class ClaimImpactRecorded(DomainEvent):
    """A baseline or outcome measure backing the claim (pupil data only as an aggregate)."""

    claim_id: str
    author_id: str
    measure_id: str
    measure: ImpactMeasure


LearningClaimEvent = (
    LearningClaimed | LearningClaimValidated | LearningClaimChallenged | ClaimImpactRecorded
)


# --- commands ------------------------------------------------------------------------------------


class ClaimLearning(Command):
    FACTS: ClassVar[frozenset[str]] = frozenset({"membership"})
    actor: Actor
    membership: GroupMembership  # the group the claim speaks for, from the membership read model
    claim_id: EntryId
    enquiry_id: EntryId | None = None
    level: LevelOfLearning
    depth: Depth
    statement: LongText
    evidence_refs: tuple[Reference, ...] = Field(default=(), max_length=50)


class ValidateLearningClaim(Command):
    actor: Actor
    claim_id: EntryId
    note: LongText | None = None


class ChallengeLearningClaim(Command):
    actor: Actor
    claim_id: EntryId
    reason: LongText


class RecordClaimImpact(Command):
    FACTS: ClassVar[frozenset[str]] = frozenset({"membership"})
    actor: Actor
    membership: GroupMembership  # the claim's group, from the membership read model
    claim_id: EntryId
    measure_id: EntryId
    measure: ImpactMeasure


LearningClaimCommand = (
    ClaimLearning | ValidateLearningClaim | ChallengeLearningClaim | RecordClaimImpact
)


# --- state ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LearningClaimState:
    claim_id: str | None = None
    status: ClaimStatus | None = None  # None: not claimed yet
    claimant_id: str = ""
    group_id: str = ""
    network_id: str | None = None
    level: LevelOfLearning = LevelOfLearning.PUPIL
    depth: Depth = Depth.SHALLOW
    measure_ids: frozenset[str] = frozenset()


# --- decide --------------------------------------------------------------------------------------


def decide(
    state: LearningClaimState, command: LearningClaimCommand
) -> Sequence[LearningClaimEvent]:
    if isinstance(command, ClaimLearning):
        return _claim(state, command)
    if state.status is None:
        raise LearningClaimNotFound(field="claim_id")
    person = command.actor.person_id
    if isinstance(command, RecordClaimImpact):
        return _record_impact(state, command)
    if isinstance(command, ValidateLearningClaim):
        if person == state.claimant_id:
            raise SelfValidation()
        if state.status is ClaimStatus.VALIDATED:
            raise ClaimAlreadyValidated()
        return [
            LearningClaimValidated(
                claim_id=command.claim_id,
                author_id=person,
                claimant_id=state.claimant_id,
                group_id=state.group_id,
                network_id=state.network_id,
                level=state.level,
                depth=state.depth,
                note=command.note,
            )
        ]
    if person == state.claimant_id:
        raise SelfChallenge()
    if state.status is ClaimStatus.VALIDATED:
        raise ClaimAlreadyValidated()
    return [
        LearningClaimChallenged(claim_id=command.claim_id, author_id=person, reason=command.reason)
    ]


def _claim(state: LearningClaimState, c: ClaimLearning) -> Sequence[LearningClaimEvent]:
    require_member(c.actor, c.membership)
    if state.status is not None:
        raise LearningClaimAlreadyExists(field="claim_id")
    if not c.evidence_refs:
        raise ClaimNeedsEvidence(field="evidence_refs")
    return [
        LearningClaimed(
            claim_id=c.claim_id,
            author_id=c.actor.person_id,
            group_id=c.membership.group_id,
            network_id=c.membership.network_id,
            enquiry_id=c.enquiry_id,
            level=c.level,
            depth=c.depth,
            statement=c.statement,
            evidence_refs=tuple(dict.fromkeys(c.evidence_refs)),
        )
    ]


def _record_impact(state: LearningClaimState, c: RecordClaimImpact) -> Sequence[LearningClaimEvent]:
    """Members of the claim's group add baselines and outcomes, before or after validation."""
    require_same_group(c.membership, state.group_id)
    require_member(c.actor, c.membership)
    if c.measure_id in state.measure_ids:
        raise DuplicateEntryId(field="measure_id")
    guard_measure(c.measure)
    return [
        ClaimImpactRecorded(
            claim_id=c.claim_id,
            author_id=c.actor.person_id,
            measure_id=c.measure_id,
            measure=c.measure,
        )
    ]


# --- evolve --------------------------------------------------------------------------------------


def evolve(state: LearningClaimState, event: LearningClaimEvent) -> LearningClaimState:
    match event:
        case LearningClaimed():
            return LearningClaimState(
                claim_id=event.claim_id,
                status=ClaimStatus.CLAIMED,
                claimant_id=event.author_id,
                group_id=event.group_id,
                network_id=event.network_id,
                level=event.level,
                depth=event.depth,
            )
        case LearningClaimValidated():
            return replace(state, status=ClaimStatus.VALIDATED)
        case LearningClaimChallenged():
            return replace(state, status=ClaimStatus.CHALLENGED)
        case ClaimImpactRecorded():
            return replace(state, measure_ids=state.measure_ids | {event.measure_id})
    return state  # pragma: no cover


DECIDER: Decider[LearningClaimState, LearningClaimCommand, LearningClaimEvent] = Decider(
    stream_type="learning_claim",
    initial_state=LearningClaimState,
    decide=decide,
    evolve=evolve,
)

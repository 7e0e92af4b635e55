"""A climate audit's commands and events: the data contract of the audit read model.

Two streams per audit, kept apart on purpose:

* the audit's own stream (``climate_audit``, id = the audit id): ``ClimateAuditOpened``,
  ``ClimateAuditAnswered`` (one per answer: a random ``ballot_id`` and the scores — *no* person,
  and written with empty envelope metadata: no actor, command id, correlation or trace) and
  ``ClimateAuditClosed``;
* its roll (``climate_audit_roll``, id = ``roll_id(audit)``): ``ClimateAuditParticipationRecorded``
  names who has answered (no scores), so each member answers once.

Answers reach the audit stream only in sealed batches (``SealClimateAuditAnswers``, shuffled, one
append per batch, at least ``SEAL_BATCH`` at a time until the audit closes): see
``application.climate_audits`` for why and what is left.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from eventkit.domain import Actor, Command, DomainEvent
from pydantic import BaseModel, ConfigDict, Field

from clc_knowledge.domain.standing import Standing
from clc_knowledge.domain.values import ArtefactKind, ArtefactStatus, EntryId, Identifier

__all__ = [
    "AnswerClimateAudit",
    "AuditFact",
    "Ballot",
    "ClimateAuditAnswered",
    "ClimateAuditClosed",
    "ClimateAuditOpened",
    "ClimateAuditParticipationRecorded",
    "CloseClimateAudit",
    "ItemScore",
    "OpenClimateAudit",
    "SealClimateAuditAnswers",
    "ToolFact",
    "roll_id",
]


def roll_id(audit_id: str) -> str:
    """The id of an audit's roll (who has answered): derived, so it needs no lookup."""
    return str(uuid.uuid5(uuid.UUID(audit_id), "climate-audit-roll"))


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ItemScore(_Value):
    item_id: str = Field(min_length=1, max_length=50)
    score: int


class Ballot(_Value):
    """One anonymous answer: a random id (to seal it once) and the scores."""

    ballot_id: EntryId
    scores: tuple[ItemScore, ...]


class ToolFact(_Value):
    """The audit tool artefact as the actor sees it: ``status`` None if not found/visible."""

    artefact_id: EntryId
    kind: ArtefactKind | None = None
    status: ArtefactStatus | None = None


class AuditFact(_Value):
    """The audit as its stream says, for answering it (looked up)."""

    opened: bool = False
    closed: bool = False
    group_id: str | None = None
    school_id: str | None = None


class _AuditCommand(Command):
    FACTS: ClassVar[frozenset[str]] = frozenset({"standing"})
    actor: Actor
    standing: Standing = Standing()  # relative to the audited group
    audit_id: EntryId


class OpenClimateAudit(_AuditCommand):
    FACTS: ClassVar[frozenset[str]] = frozenset({"standing", "tool"})
    tool: ToolFact
    group_id: Identifier | None = None
    school_id: Identifier | None = None


class AnswerClimateAudit(_AuditCommand):
    """Decided on the audit's roll; the scores go to the ballot box, never into the roll."""

    FACTS: ClassVar[frozenset[str]] = frozenset({"standing", "audit"})
    audit: AuditFact
    answers: tuple[ItemScore, ...] = Field(max_length=100)


class CloseClimateAudit(_AuditCommand):
    pass


class SealClimateAuditAnswers(Command):
    """The service seals answers from its ballot box: no actor."""

    audit_id: EntryId
    ballots: tuple[Ballot, ...]
    # Seal nothing unless this many are new: a retry after a concurrent seal must not write a
    # batch of one right after its author's participation (1 when the audit closes).
    at_least: int = Field(default=1, ge=1)


class ClimateAuditOpened(DomainEvent):
    audit_id: str
    author_id: str
    tool_artefact_id: str
    instrument_id: str
    group_id: str | None = None
    school_id: str | None = None


class ClimateAuditAnswered(DomainEvent):
    """One member's answer. Carries no person, by design."""

    audit_id: str
    ballot_id: str
    scores: tuple[ItemScore, ...]


class ClimateAuditClosed(DomainEvent):
    audit_id: str
    author_id: str


class ClimateAuditParticipationRecorded(DomainEvent):
    """``person_id`` has answered ``audit_id`` (what they answered is never here)."""

    audit_id: str
    person_id: str

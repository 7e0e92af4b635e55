"""Climate audit use cases: opening a run of an audit tool for a group or school, answering it
anonymously, closing it.

How an answer is kept apart from the person who gave it (what a stored row could link):

* **The roll and the answers are two streams.** Answering appends
  ``ClimateAuditParticipationRecorded`` (the person, no scores) to the audit's *roll* — that is
  what allows one answer per member — and puts the scores, with a random ballot id and nothing
  else, in the ballot box (``kn_climate_ballot_box``: no person, no time column).
* **Answers are sealed in shuffled batches.** Only when ``SEAL_BATCH`` (5) ballots wait, or when
  the audit closes, are they appended to the audit's stream — all in one append, in random order,
  so they share one transaction, one ``recorded_at``, and consecutive positions that say nothing
  about who answered first. A seal writes nothing unless a whole batch of its ballots is new, so
  a retry after a concurrent seal cannot write a batch of one. An answer's position and time
  therefore link it at most to the batch, i.e. to one of at least five members who answered
  since the previous batch.
* **No actor anywhere on the answer path.** The sealing append runs under ``_Anonymous``: its
  envelope metadata is empty (no actor, command id, correlation, causation or traceparent), so
  neither the ``events`` row nor the Kafka record's headers name anyone; no command id is taken,
  so the command log (the idempotency table) gets no row for it. The answer mutation ignores
  ``commandId``: its retry is answered ``ALREADY_ANSWERED``.

What is left, and said: a batch sealed at close may hold fewer than five answers (the members
who answered since the last batch); until a batch is sealed, someone with raw database access
could relate a waiting ballot's ``xmin`` to the roll event's transaction; and a crash between
recording participation and putting the ballot loses that one answer (the member cannot answer
again) rather than risk counting anyone twice.
"""

from __future__ import annotations

import dataclasses
import random
import uuid
from collections.abc import Sequence
from typing import Any

from eventkit.envelope import EventMetadata
from eventkit.handling import CommandContext, CommandHandler, CommandResult
from eventkit.idempotency import DEVELOPMENT_FINGERPRINT_KEY
from eventkit.principal import Principal
from eventkit.registry import EventRegistry
from eventkit.store.base import EventStore

from clc_knowledge.domain.climate_audit import (
    AUDIT_DECIDER,
    ROLL_DECIDER,
    SEAL_BATCH,
    AnswerClimateAudit,
    AuditFact,
    Ballot,
    ClimateAuditState,
    CloseClimateAudit,
    OpenClimateAudit,
    SealClimateAuditAnswers,
    ToolFact,
    check_answers,
    roll_id,
)

from .artefacts import ArtefactCommands
from .base import build, execute, registry
from .climate_ballots import BallotBox, MemoryBallotBox
from .facts import Standings, canonical_id
from .toolkits import Wiring, artefact_fact

__all__ = ["ClimateAuditCommands"]

Result = CommandResult[Any]
_SHUFFLE = random.SystemRandom()


@dataclasses.dataclass(frozen=True)
class _Anonymous(CommandContext):
    """A command context whose events carry no metadata at all."""

    def metadata(self) -> EventMetadata:
        return EventMetadata()


def _anonymous(tenant_id: str) -> CommandContext:
    return _Anonymous(tenant_id=tenant_id, actor="")


class ClimateAuditCommands:
    def __init__(
        self,
        store: EventStore,
        service: Wiring,
        events: EventRegistry | None = None,
        fingerprint_key: bytes | None = None,
        ballots: BallotBox | None = None,
    ) -> None:
        reg, key = events or registry(), fingerprint_key or DEVELOPMENT_FINGERPRINT_KEY
        self.audits = CommandHandler(store, reg, AUDIT_DECIDER, fingerprint_key=key)
        self.roll = CommandHandler(store, reg, ROLL_DECIDER, fingerprint_key=key)
        self._standings: Standings = service.standings
        self._artefacts: ArtefactCommands = service.artefacts
        self._ballots: BallotBox = ballots or MemoryBallotBox()

    async def open(
        self,
        principal: Principal,
        *,
        audit_id: str,
        tool_artefact_id: str,
        command_id: str | None = None,
        **fields: Any,
    ) -> Result:
        """``fields``: group_id or school_id."""
        aid = canonical_id("audit_id", audit_id)
        fact, tool = await artefact_fact(
            self._artefacts, self._standings, principal, tool_artefact_id
        )
        standing = await self._standings.standing(principal, fields.get("group_id"), None)
        command = build(
            OpenClimateAudit,
            principal,
            audit_id=aid,
            standing=standing,
            tool=ToolFact(artefact_id=fact.artefact_id, kind=tool.kind, status=fact.status),
            **fields,
        )
        return await execute(self.audits, aid, command, principal, command_id)

    async def answer(
        self,
        principal: Principal,
        *,
        audit_id: str,
        answers: Sequence[Any],
        command_id: str | None = None,
    ) -> Result:
        """Record that the caller answered, put the scores in the ballot box, seal a full batch.
        ``command_id`` is ignored on purpose (see the module's docstring)."""
        aid = canonical_id("audit_id", audit_id)
        state = await self.state_of(principal, aid)
        standing = await self._standings.standing(principal, state.group_id, None)
        fact = AuditFact(
            opened=state.opened,
            closed=state.closed,
            group_id=state.group_id,
            school_id=state.school_id,
        )
        command = build(
            AnswerClimateAudit,
            principal,
            audit_id=aid,
            standing=standing,
            audit=fact,
            answers=tuple(answers),
        )
        recorded = await execute(self.roll, roll_id(aid), command, principal, None)
        scores = check_answers(command.answers)
        await self._ballots.put(
            principal.tenant_id, aid, Ballot(ballot_id=str(uuid.uuid4()), scores=scores)
        )
        sealed = await self._seal(principal.tenant_id, aid, everything=False)
        return _later(recorded, sealed)

    async def close(
        self, principal: Principal, *, audit_id: str, command_id: str | None = None
    ) -> Result:
        """Close, then seal every answer still waiting (however few)."""
        aid = canonical_id("audit_id", audit_id)
        state = await self.state_of(principal, aid)
        standing = await self._standings.standing(principal, state.group_id, None)
        command = build(CloseClimateAudit, principal, audit_id=aid, standing=standing)
        closed = await execute(self.audits, aid, command, principal, command_id)
        return _later(closed, await self._seal(principal.tenant_id, aid, everything=True))

    async def state_of(self, principal: Principal, audit_id: str) -> ClimateAuditState:
        state, _ = await self.audits.load(audit_id, principal.tenant_id)
        return state

    async def _seal(self, tenant_id: str, audit_id: str, *, everything: bool) -> Result | None:
        pending = await self._ballots.pending(tenant_id, audit_id)
        if not pending or (len(pending) < SEAL_BATCH and not everything):
            return None
        _SHUFFLE.shuffle(pending)
        at_least = 1 if everything else SEAL_BATCH
        command = SealClimateAuditAnswers(
            audit_id=audit_id, ballots=tuple(pending), at_least=at_least
        )
        sealed = await self.audits.handle(
            audit_id, command, _anonymous(tenant_id), retry_on_conflict=True
        )
        # Only what is in the store now: a crash before this re-seals them (the decider records
        # each ballot id once); one a concurrent seal left out waits for the next batch.
        state, _ = await self.audits.load(audit_id, tenant_id)
        done = [b.ballot_id for b in pending if b.ballot_id in state.sealed]
        await self._ballots.remove(tenant_id, audit_id, done)
        return sealed


def _later(first: Result, then: Result | None) -> Result:
    """``first``, with the consistency token of ``then`` if that was written later."""
    if then is None or then.position <= first.position:
        return first
    return dataclasses.replace(first, position=then.position)

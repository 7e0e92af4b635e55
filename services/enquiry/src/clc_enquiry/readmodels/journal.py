"""The journal's vocabulary and how an event becomes a journal row.

Every event of an enquiry is one row of ``enq_journal``, in stream order (``seq`` is the event's
version in the enquiry stream), with its author; ``kind`` says what it is. The kinds are a closed
vocabulary, so the API shows them as an enum.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from eventkit.envelope import RecordedEvent
from eventkit.projection import ProjectionConnection

__all__ = ["JournalKind", "write_journal"]


class JournalKind(StrEnum):
    """What one journal row records."""

    PROPOSED = "proposed"
    QUESTION_REFINED = "question_refined"
    LAUNCHED = "launched"
    CYCLE_STARTED = "cycle_started"
    EXPERIENCE = "experience"
    REFLECTION = "reflection"
    IDEA = "idea"
    ACTION = "action"
    EVIDENCE = "evidence"
    PHASE_ADVANCED = "phase_advanced"
    LOOPED_BACK = "looped_back"  # back to reflection, with the reason as body
    TURN_TAKEN = "turn_taken"  # an action learning set turn: the issue as body
    TURN_QUESTION = "turn_question"  # a question the set asked in a turn
    TURN_COMMITTED = "turn_committed"  # the action the presenter committed to
    IMPACT_MEASURED = "impact_measured"  # a baseline or outcome of an action (an aggregate)
    OUTCOME_SHARED = "outcome_shared"  # an action's outcome shared back to its source enquiry
    ACTION_COMPLETED = "action_completed"
    CYCLE_COMPLETED = "cycle_completed"
    FINDINGS = "findings"
    SHARED_WITH_PARTNERS = "shared_with_partners"  # marked "shared with partner networks"
    WITHDRAWN_FROM_PARTNERS = "withdrawn_from_partners"  # the marking taken back
    CONCLUDED = "concluded"


_JOURNAL = (
    "insert into enq_journal (tenant_id, enquiry_id, seq, kind, cycle_id, entry_id, phase,"
    " author_id, body, details, written_at, recorded_at)"
    " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    " on conflict (tenant_id, enquiry_id, seq) do nothing"
)


async def write_journal(
    conn: ProjectionConnection,
    envelope: RecordedEvent,
    event: Any,
    kind: JournalKind,
    *,
    cycle_id: str | None = None,
    entry_id: str | None = None,
    phase: str | None = None,
    body: str | None = None,
    details: dict[str, Any] | None = None,
    written_at: datetime | None = None,
) -> None:
    """The journal row of ``event`` (an enquiry event: it has ``enquiry_id`` and ``author_id``)."""
    await conn.execute(
        _JOURNAL,
        envelope.tenant_id,
        event.enquiry_id,
        envelope.stream_version,
        kind.value,
        cycle_id,
        entry_id,
        phase,
        event.author_id,
        body,
        {k: v for k, v in (details or {}).items() if v is not None},
        written_at,
        envelope.recorded_at,
    )

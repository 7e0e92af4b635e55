"""The enquiry board, the journal, open actions and the knowledge balance, from enquiry events.

* board (``enq_enquiries``, ``enq_cycles``): each enquiry's status, current cycle and phase;
* journal (``enq_journal``): every event of an enquiry in stream order, with its author;
* actions (``enq_actions``): planned actions with owner and due date, completed or not;
* knowledge balance (``enq_knowledge_balance``): ideas counted per knowledge field, for the enquiry
  and for its group.
"""

from __future__ import annotations

from typing import Any

from eventkit.domain import DomainEvent
from eventkit.envelope import RecordedEvent
from eventkit.projection import ProjectionConnection

from clc_enquiry.domain import (
    ActionCompleted,
    ActionPlanned,
    CycleCompleted,
    CyclePhaseAdvanced,
    CycleStarted,
    EnquiryConcluded,
    EnquiryLaunched,
    EnquiryProposed,
    EnquiryQuestionRefined,
    EvidenceAttached,
    ExperienceRecorded,
    FindingsShared,
    IdeaProposed,
    ReflectionRecorded,
)

from .base import EnquiryProjection

__all__ = ["EnquiriesProjection"]

_JOURNAL = (
    "insert into enq_journal (tenant_id, enquiry_id, seq, kind, cycle_id, entry_id, phase,"
    " author_id, body, details, written_at, recorded_at)"
    " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    " on conflict (tenant_id, enquiry_id, seq) do nothing"
)

_TOUCH = (
    "update enq_enquiries set updated_at = $3, stream_version = $4"
    " where tenant_id = $1 and enquiry_id = $2"
)


class EnquiriesProjection(EnquiryProjection):
    name = "enquiry-board"
    tables = ("enq_enquiries", "enq_cycles", "enq_journal", "enq_actions", "enq_knowledge_balance")

    async def handle(
        self, conn: ProjectionConnection, envelope: RecordedEvent, event: DomainEvent
    ) -> None:
        if envelope.stream_type != "enquiry":
            return
        t, at = envelope.tenant_id, envelope.recorded_at
        match event:
            case EnquiryProposed():
                await conn.execute(
                    "insert into enq_enquiries (tenant_id, enquiry_id, group_id, network_id,"
                    " title, question, approach, levels, status, proposed_by, proposed_at,"
                    " updated_at, stream_version)"
                    " values ($1, $2, $3, $4, $5, $6, $7, $8, 'proposed', $9, $10, $10, $11)"
                    " on conflict (tenant_id, enquiry_id) do nothing",
                    t,
                    event.enquiry_id,
                    event.group_id,
                    event.network_id,
                    event.title,
                    event.question,
                    event.approach.value,
                    [lv.value for lv in event.levels],
                    event.author_id,
                    at,
                    envelope.stream_version,
                )
                await self._journal(conn, envelope, event, "proposed", body=event.question)
                return
            case EnquiryQuestionRefined():
                await conn.execute(
                    "update enq_enquiries set question = $3 where tenant_id = $1"
                    " and enquiry_id = $2",
                    t,
                    event.enquiry_id,
                    event.question,
                )
                await self._journal(
                    conn,
                    envelope,
                    event,
                    "question_refined",
                    body=event.question,
                    details={"rationale": event.rationale},
                )
            case EnquiryLaunched():
                await self._status(conn, t, event.enquiry_id, "launched")
                await self._journal(conn, envelope, event, "launched")
            case EnquiryConcluded():
                await self._status(conn, t, event.enquiry_id, "concluded")
                await self._journal(conn, envelope, event, "concluded", body=event.summary)
            case CycleStarted():
                await conn.execute(
                    "insert into enq_cycles (tenant_id, enquiry_id, cycle_id, number, focus,"
                    " phase, status, started_by, started_at)"
                    " values ($1, $2, $3, $4, $5, 'experience', 'open', $6, $7)"
                    " on conflict do nothing",
                    t,
                    event.enquiry_id,
                    event.cycle_id,
                    event.number,
                    event.focus,
                    event.author_id,
                    at,
                )
                await conn.execute(
                    "update enq_enquiries set current_cycle_id = $3, current_cycle_number = $4,"
                    " phase = 'experience' where tenant_id = $1 and enquiry_id = $2",
                    t,
                    event.enquiry_id,
                    event.cycle_id,
                    event.number,
                )
                await self._journal(
                    conn,
                    envelope,
                    event,
                    "cycle_started",
                    cycle_id=event.cycle_id,
                    phase="experience",
                    body=event.focus,
                    details={"number": event.number},
                )
            case CyclePhaseAdvanced():
                to = event.to_phase.value
                await conn.execute(
                    "update enq_cycles set phase = $4"
                    " where tenant_id = $1 and enquiry_id = $2 and cycle_id = $3",
                    t,
                    event.enquiry_id,
                    event.cycle_id,
                    to,
                )
                await conn.execute(
                    "update enq_enquiries set phase = $4 where tenant_id = $1"
                    " and enquiry_id = $2 and current_cycle_id = $3",
                    t,
                    event.enquiry_id,
                    event.cycle_id,
                    to,
                )
                await self._journal(
                    conn,
                    envelope,
                    event,
                    "phase_advanced",
                    cycle_id=event.cycle_id,
                    phase=to,
                    details={"from_phase": event.from_phase.value},
                )
            case CycleCompleted():
                await conn.execute(
                    "update enq_cycles set status = 'completed', completed_at = $4"
                    " where tenant_id = $1 and enquiry_id = $2 and cycle_id = $3",
                    t,
                    event.enquiry_id,
                    event.cycle_id,
                    at,
                )
                await conn.execute(
                    "update enq_enquiries set cycles_completed = cycles_completed + 1,"
                    " current_cycle_id = null, phase = null"
                    " where tenant_id = $1 and enquiry_id = $2",
                    t,
                    event.enquiry_id,
                )
                await self._journal(
                    conn, envelope, event, "cycle_completed", cycle_id=event.cycle_id
                )
            case ExperienceRecorded():
                await self._entry(conn, envelope, event, "experience", "experience", event.text)
            case ReflectionRecorded():
                await self._entry(conn, envelope, event, "reflection", "reflection", event.text)
            case IdeaProposed():
                await self._entry(
                    conn,
                    envelope,
                    event,
                    "idea",
                    "new_ideas",
                    event.text,
                    {
                        "knowledge_field": event.knowledge_field.value,
                        "sources": list(event.sources),
                    },
                )
                await self._count_idea(conn, t, event)
            case ActionPlanned():
                await self._entry(
                    conn,
                    envelope,
                    event,
                    "action",
                    "planned_action",
                    event.description,
                    {
                        "owner_id": event.owner_id,
                        "due_date": event.due_date.isoformat() if event.due_date else None,
                    },
                )
                await conn.execute(
                    "insert into enq_actions (tenant_id, enquiry_id, action_id, group_id,"
                    " cycle_id, owner_id, description, due_date, planned_by, planned_at)"
                    " select $1, $2, $3, e.group_id, $4, $5, $6, $7, $8, $9"
                    " from enq_enquiries e where e.tenant_id = $1 and e.enquiry_id = $2"
                    " on conflict do nothing",
                    t,
                    event.enquiry_id,
                    event.entry_id,
                    event.cycle_id,
                    event.owner_id,
                    event.description,
                    event.due_date,
                    event.author_id,
                    at,
                )
            case EvidenceAttached():
                phase = await conn.fetchval(
                    "select phase from enq_cycles"
                    " where tenant_id = $1 and enquiry_id = $2 and cycle_id = $3",
                    t,
                    event.enquiry_id,
                    event.cycle_id,
                )
                await self._entry(
                    conn,
                    envelope,
                    event,
                    "evidence",
                    phase,
                    event.title,
                    {
                        "reference": event.reference,
                        "description": event.description,
                        "about_entry_id": event.about_entry_id,
                        "contains_pupil_data": event.contains_pupil_data,
                    },
                )
            case ActionCompleted():
                await conn.execute(
                    "update enq_actions set completed = true, completed_by = $4,"
                    " completed_at = $5, outcome = $6"
                    " where tenant_id = $1 and enquiry_id = $2 and action_id = $3",
                    t,
                    event.enquiry_id,
                    event.action_id,
                    event.author_id,
                    at,
                    event.outcome,
                )
                await self._journal(
                    conn,
                    envelope,
                    event,
                    "action_completed",
                    entry_id=event.action_id,
                    body=event.outcome,
                )
            case FindingsShared():
                await conn.execute(
                    "update enq_enquiries set findings_shared = findings_shared + 1"
                    " where tenant_id = $1 and enquiry_id = $2",
                    t,
                    event.enquiry_id,
                )
                await self._journal(
                    conn,
                    envelope,
                    event,
                    "findings",
                    entry_id=event.entry_id,
                    body=event.summary,
                    details={"title": event.title, "contributor_ids": list(event.contributor_ids)},
                )
            case _:
                return
        await conn.execute(_TOUCH, t, getattr(event, "enquiry_id", ""), at, envelope.stream_version)

    @staticmethod
    async def _status(
        conn: ProjectionConnection, tenant: str, enquiry_id: str, status: str
    ) -> None:
        await conn.execute(
            "update enq_enquiries set status = $3 where tenant_id = $1 and enquiry_id = $2",
            tenant,
            enquiry_id,
            status,
        )

    async def _entry(
        self,
        conn: ProjectionConnection,
        envelope: RecordedEvent,
        event: ExperienceRecorded
        | ReflectionRecorded
        | IdeaProposed
        | ActionPlanned
        | EvidenceAttached,
        kind: str,
        phase: str | None,
        body: str,
        details: dict[str, Any] | None = None,
    ) -> None:
        await self._journal(
            conn,
            envelope,
            event,
            kind,
            cycle_id=event.cycle_id,
            entry_id=event.entry_id,
            phase=phase,
            body=body,
            details=details,
            written_at=event.written_at,
        )

    @staticmethod
    async def _journal(
        conn: ProjectionConnection,
        envelope: RecordedEvent,
        event: Any,
        kind: str,
        *,
        cycle_id: str | None = None,
        entry_id: str | None = None,
        phase: str | None = None,
        body: str | None = None,
        details: dict[str, Any] | None = None,
        written_at: Any = None,
    ) -> None:
        await conn.execute(
            _JOURNAL,
            envelope.tenant_id,
            event.enquiry_id,
            envelope.stream_version,
            kind,
            cycle_id,
            entry_id,
            phase,
            event.author_id,
            body,
            {k: v for k, v in (details or {}).items() if v is not None},
            written_at,
            envelope.recorded_at,
        )

    @staticmethod
    async def _count_idea(conn: ProjectionConnection, tenant: str, event: IdeaProposed) -> None:
        field = event.knowledge_field.value
        await conn.execute(
            "insert into enq_knowledge_balance (tenant_id, scope, scope_id, knowledge_field, ideas)"
            " values ($1, 'enquiry', $2, $3, 1)"
            " on conflict (tenant_id, scope, scope_id, knowledge_field)"
            " do update set ideas = enq_knowledge_balance.ideas + 1",
            tenant,
            event.enquiry_id,
            field,
        )
        await conn.execute(
            "insert into enq_knowledge_balance (tenant_id, scope, scope_id, knowledge_field, ideas)"
            " select $1, 'group', e.group_id, $3, 1 from enq_enquiries e"
            " where e.tenant_id = $1 and e.enquiry_id = $2"
            " on conflict (tenant_id, scope, scope_id, knowledge_field)"
            " do update set ideas = enq_knowledge_balance.ideas + 1",
            tenant,
            event.enquiry_id,
            field,
        )

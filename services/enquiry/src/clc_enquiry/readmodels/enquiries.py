"""The enquiry board, the journal, open actions and the knowledge balance, from enquiry events.

* board (``enq_enquiries``, ``enq_cycles``): each enquiry's status, current cycle and phase;
* journal (``enq_journal``): every event of an enquiry in stream order, with its author;
* actions (``enq_actions``): planned actions with owner and due date, completed or not;
* knowledge balance (``enq_knowledge_balance``): ideas counted per knowledge field, for the enquiry
  and for its group.

One small method per event; each writes its own rows, then ``_touch`` records the enquiry's
version and last change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eventkit.envelope import RecordedEvent as Env
from eventkit.projection import ProjectionConnection as Conn

from clc_enquiry.domain import (
    ActionCompleted,
    ActionImpactRecorded,
    ActionOutcomeShared,
    ActionPlanned,
    CycleCompleted,
    CycleLoopedBack,
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

from .base import EnquiryProjection, Handler
from .journal import JournalKind as K
from .journal import write_journal
from .partner_views import SHARING_JOURNAL
from .turns import TURN_HANDLERS, TURN_TABLES

__all__ = ["EnquiriesProjection"]

_TOUCH = (
    "update enq_enquiries set updated_at = $3, stream_version = $4"
    " where tenant_id = $1 and enquiry_id = $2"
)
_STATUS = "update enq_enquiries set status = $3 where tenant_id = $1 and enquiry_id = $2"
_COUNT_IDEA = (
    "insert into enq_knowledge_balance (tenant_id, scope, scope_id, knowledge_field, ideas)"
    " {source} on conflict (tenant_id, scope, scope_id, knowledge_field)"
    " do update set ideas = enq_knowledge_balance.ideas + 1"
)

Entry = ExperienceRecorded | ReflectionRecorded | IdeaProposed | ActionPlanned | EvidenceAttached


async def _touch(conn: Conn, env: Env, enquiry_id: str) -> None:
    await conn.execute(_TOUCH, env.tenant_id, enquiry_id, env.recorded_at, env.stream_version)


async def _entry(
    conn: Conn, env: Env, e: Entry, kind: K, phase: str | None, body: str, **details: Any
) -> None:
    await write_journal(
        conn,
        env,
        e,
        kind,
        cycle_id=e.cycle_id,
        entry_id=e.entry_id,
        phase=phase,
        body=body,
        details=details,
        written_at=e.written_at,
    )
    await _touch(conn, env, e.enquiry_id)


class EnquiriesProjection(EnquiryProjection):
    name = "enquiry-board"
    tables = (
        "enq_enquiries",
        "enq_cycles",
        "enq_journal",
        "enq_actions",
        "enq_knowledge_balance",
        *TURN_TABLES,
    )

    def handlers(self) -> Mapping[type, Handler]:
        return {
            EnquiryProposed: self._proposed,
            EnquiryQuestionRefined: self._question_refined,
            EnquiryLaunched: self._launched,
            EnquiryConcluded: self._concluded,
            CycleStarted: self._cycle_started,
            CyclePhaseAdvanced: self._phase_advanced,
            CycleLoopedBack: self._looped_back,
            CycleCompleted: self._cycle_completed,
            ExperienceRecorded: self._experience,
            ReflectionRecorded: self._reflection,
            IdeaProposed: self._idea,
            ActionPlanned: self._action_planned,
            EvidenceAttached: self._evidence,
            ActionCompleted: self._action_completed,
            FindingsShared: self._findings,
            ActionOutcomeShared: self._outcome_shared,
            ActionImpactRecorded: self._impact_measured,
            **TURN_HANDLERS,
            **SHARING_JOURNAL,
        }

    async def _proposed(self, conn: Conn, env: Env, e: EnquiryProposed) -> None:
        await conn.execute(
            "insert into enq_enquiries (tenant_id, enquiry_id, group_id, network_id,"
            " title, question, approach, levels, status, proposed_by, proposed_at,"
            " updated_at, stream_version)"
            " values ($1, $2, $3, $4, $5, $6, $7, $8, 'proposed', $9, $10, $10, $11)"
            " on conflict (tenant_id, enquiry_id) do nothing",
            env.tenant_id,
            e.enquiry_id,
            e.group_id,
            e.network_id,
            e.title,
            e.question,
            e.approach.value,
            [lv.value for lv in e.levels],
            e.author_id,
            env.recorded_at,
            env.stream_version,
        )
        await write_journal(conn, env, e, K.PROPOSED, body=e.question)

    async def _question_refined(self, conn: Conn, env: Env, e: EnquiryQuestionRefined) -> None:
        await conn.execute(
            "update enq_enquiries set question = $3 where tenant_id = $1 and enquiry_id = $2",
            env.tenant_id,
            e.enquiry_id,
            e.question,
        )
        details = {"rationale": e.rationale}
        await write_journal(conn, env, e, K.QUESTION_REFINED, body=e.question, details=details)
        await _touch(conn, env, e.enquiry_id)

    async def _launched(self, conn: Conn, env: Env, e: EnquiryLaunched) -> None:
        await conn.execute(_STATUS, env.tenant_id, e.enquiry_id, "launched")
        await write_journal(conn, env, e, K.LAUNCHED)
        await _touch(conn, env, e.enquiry_id)

    async def _concluded(self, conn: Conn, env: Env, e: EnquiryConcluded) -> None:
        await conn.execute(_STATUS, env.tenant_id, e.enquiry_id, "concluded")
        await write_journal(conn, env, e, K.CONCLUDED, body=e.summary)
        await _touch(conn, env, e.enquiry_id)

    async def _cycle_started(self, conn: Conn, env: Env, e: CycleStarted) -> None:
        t = env.tenant_id
        await conn.execute(
            "insert into enq_cycles (tenant_id, enquiry_id, cycle_id, number, focus,"
            " phase, status, started_by, started_at)"
            " values ($1, $2, $3, $4, $5, 'experience', 'open', $6, $7) on conflict do nothing",
            t,
            e.enquiry_id,
            e.cycle_id,
            e.number,
            e.focus,
            e.author_id,
            env.recorded_at,
        )
        await conn.execute(
            "update enq_enquiries set current_cycle_id = $3, current_cycle_number = $4,"
            " phase = 'experience' where tenant_id = $1 and enquiry_id = $2",
            t,
            e.enquiry_id,
            e.cycle_id,
            e.number,
        )
        await write_journal(
            conn,
            env,
            e,
            K.CYCLE_STARTED,
            cycle_id=e.cycle_id,
            phase="experience",
            body=e.focus,
            details={"number": e.number},
        )
        await _touch(conn, env, e.enquiry_id)

    async def _phase_advanced(self, conn: Conn, env: Env, e: CyclePhaseAdvanced) -> None:
        await self._set_phase(conn, env, e.enquiry_id, e.cycle_id, e.to_phase.value)
        details = {"from_phase": e.from_phase.value}
        await write_journal(
            conn,
            env,
            e,
            K.PHASE_ADVANCED,
            cycle_id=e.cycle_id,
            phase=e.to_phase.value,
            details=details,
        )
        await _touch(conn, env, e.enquiry_id)

    async def _looped_back(self, conn: Conn, env: Env, e: CycleLoopedBack) -> None:
        to = e.to_phase.value
        await self._set_phase(conn, env, e.enquiry_id, e.cycle_id, to)
        details = {"from_phase": e.from_phase.value}
        await write_journal(
            conn,
            env,
            e,
            K.LOOPED_BACK,
            cycle_id=e.cycle_id,
            phase=to,
            body=e.reason,
            details=details,
        )
        await _touch(conn, env, e.enquiry_id)

    async def _set_phase(
        self, conn: Conn, env: Env, enquiry_id: str, cycle_id: str, to: str
    ) -> None:
        t = env.tenant_id
        await conn.execute(
            "update enq_cycles set phase = $4"
            " where tenant_id = $1 and enquiry_id = $2 and cycle_id = $3",
            t,
            enquiry_id,
            cycle_id,
            to,
        )
        await conn.execute(
            "update enq_enquiries set phase = $4 where tenant_id = $1"
            " and enquiry_id = $2 and current_cycle_id = $3",
            t,
            enquiry_id,
            cycle_id,
            to,
        )

    async def _impact_measured(self, conn: Conn, env: Env, e: ActionImpactRecorded) -> None:
        m = e.measure
        details = {
            "action_id": e.action_id,
            "kind": m.kind.value,
            "about": m.about.value,
            "count": m.count,
            "percentage": m.percentage,
            "cohort_size": m.cohort_size,
        }
        await write_journal(
            conn, env, e, K.IMPACT_MEASURED, entry_id=e.measure_id, body=m.measure, details=details
        )
        await _touch(conn, env, e.enquiry_id)

    async def _outcome_shared(self, conn: Conn, env: Env, e: ActionOutcomeShared) -> None:
        details = {"action_id": e.action_id, "source_enquiry_id": e.source_enquiry_id}
        await write_journal(conn, env, e, K.OUTCOME_SHARED, entry_id=e.action_id, details=details)
        await _touch(conn, env, e.enquiry_id)

    async def _cycle_completed(self, conn: Conn, env: Env, e: CycleCompleted) -> None:
        t = env.tenant_id
        await conn.execute(
            "update enq_cycles set status = 'completed', completed_at = $4"
            " where tenant_id = $1 and enquiry_id = $2 and cycle_id = $3",
            t,
            e.enquiry_id,
            e.cycle_id,
            env.recorded_at,
        )
        await conn.execute(
            "update enq_enquiries set cycles_completed = cycles_completed + 1,"
            " current_cycle_id = null, phase = null where tenant_id = $1 and enquiry_id = $2",
            t,
            e.enquiry_id,
        )
        await write_journal(conn, env, e, K.CYCLE_COMPLETED, cycle_id=e.cycle_id)
        await _touch(conn, env, e.enquiry_id)

    async def _experience(self, conn: Conn, env: Env, e: ExperienceRecorded) -> None:
        await _entry(conn, env, e, K.EXPERIENCE, "experience", e.text)

    async def _reflection(self, conn: Conn, env: Env, e: ReflectionRecorded) -> None:
        await _entry(conn, env, e, K.REFLECTION, "reflection", e.text)

    async def _idea(self, conn: Conn, env: Env, e: IdeaProposed) -> None:
        field = e.knowledge_field.value
        await _entry(
            conn, env, e, K.IDEA, "new_ideas", e.text, knowledge_field=field, sources=[*e.sources]
        )
        await conn.execute(
            _COUNT_IDEA.format(source="values ($1, 'enquiry', $2, $3, 1)"),
            env.tenant_id,
            e.enquiry_id,
            field,
        )
        await conn.execute(
            _COUNT_IDEA.format(
                source="select $1, 'group', e.group_id, $3, 1 from enq_enquiries e"
                " where e.tenant_id = $1 and e.enquiry_id = $2"
            ),
            env.tenant_id,
            e.enquiry_id,
            field,
        )

    async def _action_planned(self, conn: Conn, env: Env, e: ActionPlanned) -> None:
        due = e.due_date.isoformat() if e.due_date else None
        await _entry(
            conn,
            env,
            e,
            K.ACTION,
            "planned_action",
            e.description,
            owner_id=e.owner_id,
            due_date=due,
            source_enquiry_id=e.source_enquiry_id,
            source_idea_id=e.source_idea_id,
        )
        await conn.execute(
            "insert into enq_actions (tenant_id, enquiry_id, action_id, group_id,"
            " cycle_id, owner_id, description, due_date, planned_by, planned_at)"
            " select $1, $2, $3, e.group_id, $4, $5, $6, $7, $8, $9"
            " from enq_enquiries e where e.tenant_id = $1 and e.enquiry_id = $2"
            " on conflict do nothing",
            env.tenant_id,
            e.enquiry_id,
            e.entry_id,
            e.cycle_id,
            e.owner_id,
            e.description,
            e.due_date,
            e.author_id,
            env.recorded_at,
        )

    async def _evidence(self, conn: Conn, env: Env, e: EvidenceAttached) -> None:
        phase = await conn.fetchval(
            "select phase from enq_cycles"
            " where tenant_id = $1 and enquiry_id = $2 and cycle_id = $3",
            env.tenant_id,
            e.enquiry_id,
            e.cycle_id,
        )
        await _entry(
            conn,
            env,
            e,
            K.EVIDENCE,
            phase,
            e.title,
            reference=e.reference,
            description=e.description,
            about_entry_id=e.about_entry_id,
            contains_pupil_data=e.contains_pupil_data,
        )

    async def _action_completed(self, conn: Conn, env: Env, e: ActionCompleted) -> None:
        await conn.execute(
            "update enq_actions set completed = true, completed_by = $4,"
            " completed_at = $5, outcome = $6"
            " where tenant_id = $1 and enquiry_id = $2 and action_id = $3",
            env.tenant_id,
            e.enquiry_id,
            e.action_id,
            e.author_id,
            env.recorded_at,
            e.outcome,
        )
        await write_journal(conn, env, e, K.ACTION_COMPLETED, entry_id=e.action_id, body=e.outcome)
        await _touch(conn, env, e.enquiry_id)

    async def _findings(self, conn: Conn, env: Env, e: FindingsShared) -> None:
        await conn.execute(
            "update enq_enquiries set findings_shared = findings_shared + 1"
            " where tenant_id = $1 and enquiry_id = $2",
            env.tenant_id,
            e.enquiry_id,
        )
        details = {"title": e.title, "contributor_ids": [*e.contributor_ids]}
        await write_journal(
            conn, env, e, K.FINDINGS, entry_id=e.entry_id, body=e.summary, details=details
        )
        await _touch(conn, env, e.enquiry_id)

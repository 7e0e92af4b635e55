"""Action learning set turns (``enq_turns``, ``enq_turn_questions``), and their journal rows.

A turn is a participant's issue, the questions the set asked (in order: ``seq`` is the event's
version in the enquiry stream) and the planned action the participant committed to. Like the
journal, these are the group's own work: read only by its readers (``visibility``).
"""

from __future__ import annotations

from collections.abc import Mapping

from eventkit.envelope import RecordedEvent as Env
from eventkit.projection import ProjectionConnection as Conn

from clc_enquiry.domain import ActionLearningTurnTaken, TurnActionCommitted, TurnQuestionAsked

from .base import Handler
from .journal import JournalKind as K
from .journal import write_journal

__all__ = ["TURNS_MIGRATION_SQL", "TURN_HANDLERS", "TURN_TABLES"]

TURN_TABLES = ("enq_turns", "enq_turn_questions")

TURNS_MIGRATION_SQL = """
create table enq_turns (
    tenant_id text not null, enquiry_id text not null, turn_id text not null,
    group_id text not null, cycle_id text not null,
    presenter_id text not null, issue text not null,
    taken_by text not null, taken_at timestamptz not null, seq int not null,
    action_id text, committed_by text, committed_at timestamptz,
    primary key (tenant_id, enquiry_id, turn_id));
create table enq_turn_questions (
    tenant_id text not null, enquiry_id text not null, turn_id text not null,
    seq int not null, entry_id text not null,
    asked_by text not null, question text not null, asked_at timestamptz not null,
    primary key (tenant_id, enquiry_id, turn_id, seq));
"""


async def _taken(conn: Conn, env: Env, e: ActionLearningTurnTaken) -> None:
    await conn.execute(
        "insert into enq_turns (tenant_id, enquiry_id, turn_id, group_id, cycle_id,"
        " presenter_id, issue, taken_by, taken_at, seq)"
        " select $1, $2, $3, e.group_id, $4, $5, $6, $7, $8, $9 from enq_enquiries e"
        " where e.tenant_id = $1 and e.enquiry_id = $2 on conflict do nothing",
        env.tenant_id,
        e.enquiry_id,
        e.turn_id,
        e.cycle_id,
        e.presenter_id,
        e.issue,
        e.author_id,
        env.recorded_at,
        env.stream_version,
    )
    details = {"turn_id": e.turn_id, "presenter_id": e.presenter_id}
    await write_journal(
        conn,
        env,
        e,
        K.TURN_TAKEN,
        cycle_id=e.cycle_id,
        entry_id=e.turn_id,
        body=e.issue,
        details=details,
        written_at=e.written_at,
    )


async def _asked(conn: Conn, env: Env, e: TurnQuestionAsked) -> None:
    await conn.execute(
        "insert into enq_turn_questions (tenant_id, enquiry_id, turn_id, seq, entry_id,"
        " asked_by, question, asked_at) values ($1, $2, $3, $4, $5, $6, $7, $8)"
        " on conflict do nothing",
        env.tenant_id,
        e.enquiry_id,
        e.turn_id,
        env.stream_version,
        e.entry_id,
        e.author_id,
        e.question,
        env.recorded_at,
    )
    cycle_id = await _cycle_of(conn, env, e.enquiry_id, e.turn_id)
    await write_journal(
        conn,
        env,
        e,
        K.TURN_QUESTION,
        cycle_id=cycle_id,
        entry_id=e.entry_id,
        body=e.question,
        details={"turn_id": e.turn_id},
    )


async def _committed(conn: Conn, env: Env, e: TurnActionCommitted) -> None:
    await conn.execute(
        "update enq_turns set action_id = $4, committed_by = $5, committed_at = $6"
        " where tenant_id = $1 and enquiry_id = $2 and turn_id = $3",
        env.tenant_id,
        e.enquiry_id,
        e.turn_id,
        e.action_id,
        e.author_id,
        env.recorded_at,
    )
    cycle_id = await _cycle_of(conn, env, e.enquiry_id, e.turn_id)
    details = {"turn_id": e.turn_id, "action_id": e.action_id}
    await write_journal(conn, env, e, K.TURN_COMMITTED, cycle_id=cycle_id, details=details)


async def _cycle_of(conn: Conn, env: Env, enquiry_id: str, turn_id: str) -> str | None:
    found: str | None = await conn.fetchval(
        "select cycle_id from enq_turns where tenant_id = $1 and enquiry_id = $2 and turn_id = $3",
        env.tenant_id,
        enquiry_id,
        turn_id,
    )
    return found


# The enquiry projection handles these too (its journal and the turns are rebuilt together).
TURN_HANDLERS: Mapping[type, Handler] = {
    ActionLearningTurnTaken: _taken,
    TurnQuestionAsked: _asked,
    TurnActionCommitted: _committed,
}

"""The two loops (``enq_idea_uptakes``): a programme enquiry's ideas taken into home groups'
enquiries as planned actions, and — once the home group consents — what came of them.

The programme's enquiry shows only the uptakes whose home group shared the outcome
(``ActionOutcomeShared``): until then the action is the home group's own work. Who reads the
shared outcomes: the readers of the programme enquiry's group (``visibility``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import asyncpg
from eventkit.envelope import RecordedEvent as Env
from eventkit.projection import ProjectionConnection as Conn

from clc_enquiry.domain import ActionOutcomeShared, ActionPlanned

from .base import EnquiryProjection, Handler
from .visibility import reader_condition

__all__ = ["UPTAKE_MIGRATION_SQL", "UPTAKE_TABLES", "TwoLoopsProjection", "taken_home"]

UPTAKE_TABLES = ("enq_idea_uptakes",)

UPTAKE_MIGRATION_SQL = """
create table enq_idea_uptakes (
    tenant_id text not null, home_enquiry_id text not null, action_id text not null,
    source_enquiry_id text not null, source_idea_id text not null,
    group_id text,                        -- the source enquiry's group: who reads shared outcomes
    home_group_id text,
    shared boolean not null default false, shared_at timestamptz,
    primary key (tenant_id, home_enquiry_id, action_id));
create index enq_idea_uptakes_source on enq_idea_uptakes (tenant_id, source_enquiry_id, shared);
"""


class TwoLoopsProjection(EnquiryProjection):
    name = "enquiry-two-loops"
    tables = UPTAKE_TABLES

    def handlers(self) -> Mapping[type, Handler]:
        return {ActionPlanned: self._planned, ActionOutcomeShared: self._shared}

    async def _planned(self, conn: Conn, env: Env, e: ActionPlanned) -> None:
        if e.source_enquiry_id is None or e.source_idea_id is None:
            return
        await conn.execute(
            "insert into enq_idea_uptakes (tenant_id, home_enquiry_id, action_id,"
            " source_enquiry_id, source_idea_id, group_id, home_group_id)"
            " select $1, $2, $3, $4, $5, (select s.group_id from enq_enquiries s"
            " where s.tenant_id = $1 and s.enquiry_id = $4), (select h.group_id"
            " from enq_enquiries h where h.tenant_id = $1 and h.enquiry_id = $2)"
            " on conflict do nothing",
            env.tenant_id,
            e.enquiry_id,
            e.entry_id,
            e.source_enquiry_id,
            e.source_idea_id,
        )

    async def _shared(self, conn: Conn, env: Env, e: ActionOutcomeShared) -> None:
        await conn.execute(
            "update enq_idea_uptakes set shared = true, shared_at = $4"
            " where tenant_id = $1 and home_enquiry_id = $2 and action_id = $3",
            env.tenant_id,
            e.enquiry_id,
            e.action_id,
            env.recorded_at,
        )


async def taken_home(
    conn: asyncpg.Connection,
    tenant_id: str,
    source_enquiry_id: str,
    reader_id: str,
    *,
    after: tuple[datetime, str] | None,
    first: int,
) -> list[asyncpg.Record]:
    """Shared outcomes of the source enquiry's ideas taken home, in the order they were shared."""
    at, action_id = after if after else (None, None)
    rows: list[asyncpg.Record] = await conn.fetch(
        "select u.*, a.description, a.completed, a.outcome, a.completed_at,"
        " to_char(u.shared_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"
        " || '|' || u.action_id as page_key"
        " from enq_idea_uptakes u join enq_actions a on a.tenant_id = u.tenant_id"
        " and a.enquiry_id = u.home_enquiry_id and a.action_id = u.action_id"
        " where u.tenant_id = $1 and u.source_enquiry_id = $2 and u.shared"
        f" and {reader_condition('u', '$3')}"
        " and ($4::timestamptz is null or (u.shared_at, u.action_id) > ($4, $5::text))"
        " order by u.shared_at, u.action_id limit $6",
        tenant_id,
        source_enquiry_id,
        reader_id,
        at,
        action_id,
        first + 1,
    )
    return rows

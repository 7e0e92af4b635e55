"""Impact evidence (``enq_impact_measures``): baselines and outcomes of actions and claims.

A measure of an action is the group's own work, read like its journal (``visibility``); a
measure backing a learning claim is read wherever the claim is (in the tenant). Pupil data here
is only ever a de-identified aggregate: the domain's guard refused anything else.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import asyncpg
from eventkit.envelope import RecordedEvent as Env
from eventkit.projection import ProjectionConnection as Conn

from clc_enquiry.domain import ActionImpactRecorded, ClaimImpactRecorded, ImpactMeasure

from .base import EnquiryProjection, Handler
from .visibility import reader_condition

__all__ = ["IMPACT_MIGRATION_SQL", "IMPACT_TABLES", "ImpactProjection", "measures"]

IMPACT_TABLES = ("enq_impact_measures",)

IMPACT_MIGRATION_SQL = """
create table enq_impact_measures (
    tenant_id text not null,
    scope text not null,                   -- action | claim
    owner_id text not null,                -- the enquiry (of an action) or the claim
    measure_id text not null,
    subject_id text not null,              -- the action or the claim
    group_id text not null,
    kind text not null, measure text not null, about text not null,
    count int, percentage double precision, cohort_size int, note text,
    recorded_by text not null, recorded_at timestamptz not null,
    primary key (tenant_id, scope, owner_id, measure_id));
"""

_INSERT = (
    "insert into enq_impact_measures (tenant_id, scope, owner_id, measure_id, subject_id,"
    " group_id, kind, measure, about, count, percentage, cohort_size, note, recorded_by,"
    " recorded_at) select $1, $2, $3, $4, $5, {group}, $6, $7, $8, $9, $10, $11, $12, $13, $14"
    " {source} on conflict do nothing"
)


async def _insert(
    conn: Conn,
    env: Env,
    scope: str,
    owner: str,
    subject: str,
    m: ImpactMeasure,
    *,
    by: str,
    measure_id: str,
    group: str,
    source: str,
) -> None:
    await conn.execute(
        _INSERT.format(group=group, source=source),
        env.tenant_id,
        scope,
        owner,
        measure_id,
        subject,
        m.kind.value,
        m.measure,
        m.about.value,
        m.count,
        m.percentage,
        m.cohort_size,
        m.note,
        by,
        env.recorded_at,
    )


class ImpactProjection(EnquiryProjection):
    name = "enquiry-impact"
    tables = IMPACT_TABLES

    def handlers(self) -> Mapping[type, Handler]:
        return {ActionImpactRecorded: self._on_action, ClaimImpactRecorded: self._on_claim}

    async def _on_action(self, conn: Conn, env: Env, e: ActionImpactRecorded) -> None:
        await _insert(
            conn,
            env,
            "action",
            e.enquiry_id,
            e.action_id,
            e.measure,
            by=e.author_id,
            measure_id=e.measure_id,
            group="x.group_id",
            source="from enq_enquiries x where x.tenant_id = $1 and x.enquiry_id = $3",
        )

    async def _on_claim(self, conn: Conn, env: Env, e: ClaimImpactRecorded) -> None:
        await _insert(
            conn,
            env,
            "claim",
            e.claim_id,
            e.claim_id,
            e.measure,
            by=e.author_id,
            measure_id=e.measure_id,
            group="x.group_id",
            source="from enq_claims x where x.tenant_id = $1 and x.claim_id = $3",
        )


async def measures(
    conn: asyncpg.Connection,
    tenant_id: str,
    scope: str,
    owner_id: str,
    reader_id: str,
    *,
    after: tuple[datetime, str] | None,
    first: int,
) -> list[asyncpg.Record]:
    """The measures of an enquiry's actions (group readers only) or of a claim, oldest first."""
    at, measure_id = after if after else (None, None)
    rows: list[asyncpg.Record] = await conn.fetch(
        "select m.*, to_char(m.recorded_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"
        " || '|' || m.measure_id as page_key from enq_impact_measures m"
        " where m.tenant_id = $1 and m.scope = $2 and m.owner_id = $3"
        f" and (m.scope = 'claim' or {reader_condition('m', '$4')})"
        " and ($5::timestamptz is null or (m.recorded_at, m.measure_id) > ($5, $6::text))"
        " order by m.recorded_at, m.measure_id limit $7",
        tenant_id,
        scope,
        owner_id,
        reader_id,
        at,
        measure_id,
        first + 1,
    )
    return rows

"""What a network shares with partner networks of other tenants, copied into tables made for
sharing (ARCHITECTURE.md, "Crossing tenants"): the enquiries marked "shared with partner
networks" (``enq_partner_enquiries``: the board entry, nothing of the journal), their shared
findings (``enq_partner_findings``: title, summary, levels — no contributors) and the network's
learning matrix (``enq_partner_matrix``: counts).

A copy is written by its own tenant's projection; its RLS policy lets the partner tenant read it
only while a partnership both sides consented to joins the copy's network and a network of the
reader's tenant (``enq_partnership_consents``). The service's own read models keep their plain
tenant policy. Inside that boundary, who reads is the rule of ``domain.partner_visibility``; its
SQL form is ``partner_reader_sql``, embedded in every query so a page is filtered before it is
cut. A withdrawn marking deletes the copies; an ended partnership hides them at once (the policy
and the rule both ask for both consents).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import asyncpg
from eventkit.envelope import RecordedEvent as Env
from eventkit.projection import ProjectionConnection as Conn

from clc_enquiry.domain import (
    CycleCompleted,
    CycleLoopedBack,
    CyclePhaseAdvanced,
    CycleStarted,
    EnquiryConcluded,
    EnquiryLaunched,
    EnquiryQuestionRefined,
    EnquirySharedWithPartnerNetworks,
    EnquiryWithdrawnFromPartnerNetworks,
    FindingsShared,
    LearningClaimValidated,
)
from clc_enquiry.membership import mirrors_sql

from .base import EnquiryProjection, Handler
from .journal import JournalKind, write_journal

__all__ = [
    "PARTNER_VIEW_MIGRATION_SQL",
    "PARTNER_VIEW_TABLES",
    "SHARING_JOURNAL",
    "PartnerViewsProjection",
    "partner_enquiries",
    "partner_findings",
    "partner_matrix",
    "partner_reader_sql",
    "partners_of",
    "reader_networks",
]

PARTNER_VIEW_TABLES = ("enq_partner_enquiries", "enq_partner_findings", "enq_partner_matrix")


def _sharing_policy(table: str) -> str:
    """Own tenant, or a partner tenant while both sides' consents stand."""
    return f"""
alter table {table} enable row level security;
alter table {table} force row level security;
create policy {table}_tenant on {table}
    using (tenant_id = current_setting('app.tenant_id', true)
           or exists (select 1 from enq_partnership_consents theirs
                      join enq_partnership_consents mine on {mirrors_sql("theirs", "mine")}
                      where theirs.tenant_id = {table}.tenant_id
                      and theirs.network_id = {table}.network_id
                      and mine.tenant_id = current_setting('app.tenant_id', true)))
    with check (tenant_id = current_setting('app.tenant_id', true));
"""


PARTNER_VIEW_MIGRATION_SQL = """
create table enq_partner_enquiries (
    tenant_id text not null, enquiry_id text not null, network_id text not null,
    title text not null, question text not null, approach text not null,
    levels text[] not null, status text not null, phase text,
    cycles_completed int not null default 0,
    shared_at timestamptz not null,
    primary key (tenant_id, enquiry_id));
create index enq_partner_enquiries_network on enq_partner_enquiries (tenant_id, network_id);
create table enq_partner_findings (
    tenant_id text not null, enquiry_id text not null, entry_id text not null,
    network_id text not null, title text not null, summary text not null,
    levels text[] not null, shared_at timestamptz not null,
    primary key (tenant_id, enquiry_id, entry_id));
create table enq_partner_matrix (
    tenant_id text not null, network_id text not null, level text not null,
    depth text not null, validated int not null,
    primary key (tenant_id, network_id, level, depth));
""" + "".join(_sharing_policy(t) for t in PARTNER_VIEW_TABLES)

# The board entry as it stands, copied over the shared row (the board projection ran first).
_REFRESH = (
    "update enq_partner_enquiries p set title = e.title, question = e.question,"
    " approach = e.approach, levels = e.levels, status = e.status, phase = e.phase,"
    " cycles_completed = e.cycles_completed from enq_enquiries e"
    " where p.tenant_id = $1 and p.enquiry_id = $2"
    " and e.tenant_id = p.tenant_id and e.enquiry_id = p.enquiry_id"
)

BoardChange = (
    EnquiryQuestionRefined
    | EnquiryLaunched
    | CycleStarted
    | CyclePhaseAdvanced
    | CycleLoopedBack
    | CycleCompleted
    | EnquiryConcluded
)


class PartnerViewsProjection(EnquiryProjection):
    name = "enquiry-partner-views"
    tables = PARTNER_VIEW_TABLES

    def handlers(self) -> Mapping[type, Handler]:
        board: dict[type, Handler] = {
            t: self._board_changed
            for t in (
                EnquiryQuestionRefined,
                EnquiryLaunched,
                CycleStarted,
                CyclePhaseAdvanced,
                CycleLoopedBack,
                CycleCompleted,
                EnquiryConcluded,
            )
        }
        return {
            **board,
            EnquirySharedWithPartnerNetworks: self._marked,
            EnquiryWithdrawnFromPartnerNetworks: self._withdrawn,
            FindingsShared: self._findings,
            LearningClaimValidated: self._validated,
        }

    async def _marked(self, conn: Conn, env: Env, e: EnquirySharedWithPartnerNetworks) -> None:
        t = env.tenant_id
        await conn.execute(
            "insert into enq_partner_enquiries (tenant_id, enquiry_id, network_id, title,"
            " question, approach, levels, status, phase, cycles_completed, shared_at)"
            " select tenant_id, enquiry_id, $3, title, question, approach, levels, status,"
            " phase, cycles_completed, $4 from enq_enquiries"
            " where tenant_id = $1 and enquiry_id = $2 on conflict do nothing",
            t,
            e.enquiry_id,
            e.network_id,
            env.recorded_at,
        )
        # findings shared before the marking go with it (from the journal, not its authors)
        await conn.execute(
            "insert into enq_partner_findings (tenant_id, enquiry_id, entry_id, network_id,"
            " title, summary, levels, shared_at)"
            " select j.tenant_id, j.enquiry_id, j.entry_id, $3, j.details->>'title', j.body,"
            " e.levels, j.recorded_at from enq_journal j join enq_enquiries e"
            " on e.tenant_id = j.tenant_id and e.enquiry_id = j.enquiry_id"
            " where j.tenant_id = $1 and j.enquiry_id = $2 and j.kind = 'findings'"
            " on conflict do nothing",
            t,
            e.enquiry_id,
            e.network_id,
        )

    async def _withdrawn(
        self, conn: Conn, env: Env, e: EnquiryWithdrawnFromPartnerNetworks
    ) -> None:
        for table in ("enq_partner_findings", "enq_partner_enquiries"):
            await conn.execute(
                f"delete from {table} where tenant_id = $1 and enquiry_id = $2",
                env.tenant_id,
                e.enquiry_id,
            )

    async def _board_changed(self, conn: Conn, env: Env, e: BoardChange) -> None:
        await conn.execute(_REFRESH, env.tenant_id, e.enquiry_id)

    async def _findings(self, conn: Conn, env: Env, e: FindingsShared) -> None:
        await conn.execute(
            "insert into enq_partner_findings (tenant_id, enquiry_id, entry_id, network_id,"
            " title, summary, levels, shared_at)"
            " select tenant_id, enquiry_id, $3, network_id, $4, $5, $6, $7"
            " from enq_partner_enquiries where tenant_id = $1 and enquiry_id = $2"
            " on conflict do nothing",
            env.tenant_id,
            e.enquiry_id,
            e.entry_id,
            e.title,
            e.summary,
            [level.value for level in e.levels],
            env.recorded_at,
        )

    async def _validated(self, conn: Conn, env: Env, e: LearningClaimValidated) -> None:
        if e.network_id is None:
            return
        await conn.execute(
            "insert into enq_partner_matrix (tenant_id, network_id, level, depth, validated)"
            " values ($1, $2, $3, $4, 1) on conflict (tenant_id, network_id, level, depth)"
            " do update set validated = enq_partner_matrix.validated + 1",
            env.tenant_id,
            e.network_id,
            e.level.value,
            e.depth.value,
        )


# The journal shows the marking and its withdrawal (written by the board's projection, which owns
# the journal: ``SHARING_JOURNAL`` is among its handlers).


async def _journal_marked(conn: Conn, env: Env, e: EnquirySharedWithPartnerNetworks) -> None:
    await write_journal(conn, env, e, JournalKind.SHARED_WITH_PARTNERS)


async def _journal_withdrawn(conn: Conn, env: Env, e: EnquiryWithdrawnFromPartnerNetworks) -> None:
    await write_journal(conn, env, e, JournalKind.WITHDRAWN_FROM_PARTNERS)


SHARING_JOURNAL: Mapping[type, Handler] = {
    EnquirySharedWithPartnerNetworks: _journal_marked,
    EnquiryWithdrawnFromPartnerNetworks: _journal_withdrawn,
}


# --- reading ------------------------------------------------------------------------------------


def partner_reader_sql(alias: str, tenant: str, admin: str, networks: str) -> str:
    """SQL true when the reader (``tenant``, ``admin`` boolean, ``networks`` text[] of their own
    tenant) may read ``alias``'s shared work: ``domain.partner_visibility.partner_sees``."""
    return (
        f"(({alias}.tenant_id = {tenant} and ({admin} or {alias}.network_id = any({networks})))"
        " or exists (select 1 from enq_partnership_consents theirs"
        f" join enq_partnership_consents mine on {mirrors_sql('theirs', 'mine')}"
        f" where theirs.tenant_id = {alias}.tenant_id and theirs.network_id = {alias}.network_id"
        f" and mine.tenant_id = {tenant} and ({admin} or mine.network_id = any({networks}))))"
    )


async def reader_networks(conn: asyncpg.Connection, tenant_id: str, person_id: str) -> list[str]:
    """The networks of the reader's tenant they belong to: through a group of the network they
    have not left, or as its co-leader."""
    rows = await conn.fetch(
        "select g.network_id from enq_group_members m join enq_groups g"
        " on g.tenant_id = m.tenant_id and g.group_id = m.group_id"
        " where m.tenant_id = $1 and m.practitioner_id = $2 and not m.has_left"
        " and g.network_id is not null"
        " union select network_id from enq_network_co_leaders"
        " where tenant_id = $1 and practitioner_id = $2 and active",
        tenant_id,
        person_id,
    )
    return sorted(r["network_id"] for r in rows)


async def partners_of(
    conn: asyncpg.Connection, tenant_id: str, network_id: str
) -> list[tuple[str, str]]:
    """The (tenant, network) pairs partnered with this network, both sides having consented."""
    rows = await conn.fetch(
        "select theirs.tenant_id, theirs.network_id from enq_partnership_consents mine"
        f" join enq_partnership_consents theirs on {mirrors_sql('mine', 'theirs')}"
        " where mine.tenant_id = $1 and mine.network_id = $2"
        " order by theirs.tenant_id, theirs.network_id",
        tenant_id,
        network_id,
    )
    return [(r["tenant_id"], r["network_id"]) for r in rows]


Reader = tuple[str, bool, list[str]]  # tenant, admin, networks


async def partner_enquiries(
    conn: asyncpg.Connection,
    reader: Reader,
    tenant_id: str,
    network_id: str,
    *,
    after: tuple[datetime, str] | None,
    first: int,
) -> list[asyncpg.Record]:
    """A network's shared enquiries the reader may read, most recently shared first."""
    at, enquiry_id = after if after else (None, None)
    rows: list[asyncpg.Record] = await conn.fetch(
        "select x.*, to_char(x.shared_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"
        " || '|' || x.enquiry_id as page_key from enq_partner_enquiries x"
        " where x.tenant_id = $4 and x.network_id = $5"
        f" and {partner_reader_sql('x', '$1', '$2', '$3')}"
        " and ($6::timestamptz is null or (x.shared_at, x.enquiry_id) < ($6, $7::text))"
        " order by x.shared_at desc, x.enquiry_id desc limit $8",
        *reader,
        tenant_id,
        network_id,
        at,
        enquiry_id,
        first + 1,
    )
    return rows


async def partner_findings(
    conn: asyncpg.Connection, reader: Reader, tenant_id: str, enquiry_ids: list[str]
) -> list[asyncpg.Record]:
    rows: list[asyncpg.Record] = await conn.fetch(
        "select x.* from enq_partner_findings x where x.tenant_id = $4"
        f" and x.enquiry_id = any($5::text[]) and {partner_reader_sql('x', '$1', '$2', '$3')}"
        " order by x.enquiry_id, x.shared_at, x.entry_id",
        *reader,
        tenant_id,
        enquiry_ids,
    )
    return rows


async def partner_matrix(
    conn: asyncpg.Connection, reader: Reader, tenant_id: str, network_id: str
) -> dict[tuple[str, str], int]:
    rows = await conn.fetch(
        "select x.level, x.depth, x.validated from enq_partner_matrix x"
        f" where x.tenant_id = $4 and x.network_id = $5"
        f" and {partner_reader_sql('x', '$1', '$2', '$3')}",
        *reader,
        tenant_id,
        network_id,
    )
    return {(r["level"], r["depth"]): r["validated"] for r in rows}

"""Reading the enquiry read models, always inside the caller's ``tenant_transaction``.

People's names come from ``enq_practitioners`` (the one place they are kept; an erased person's is
the neutral label), and "overdue" is decided against the date the caller passes: today, in
production.

Who may read a group's journal and open actions is decided by ``visibility``: the API asks it per
group before reading a journal (``pages.journal``), and the only open-actions query
(``pages.actions``) applies it in SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import asyncpg

from clc_enquiry.domain import Depth, KnowledgeField, LevelOfLearning

__all__ = [
    "KnowledgeShare",
    "MatrixCell",
    "board",
    "board_page",
    "claims_by_id",
    "enquiries_by_id",
    "journal",
    "knowledge_balance",
    "knowledge_balance_cells",
    "learning_matrix",
    "learning_matrix_cells",
    "peer_reviews_by_id",
    "school_peer_reviews",
]


async def board(
    conn: asyncpg.Connection,
    tenant_id: str,
    *,
    today: date,
    group_id: str | None = None,
    network_id: str | None = None,
    status: str | None = None,
    phase: str | None = None,
) -> list[asyncpg.Record]:
    """Enquiries of a group or network (or all), newest first, each with its overdue actions."""
    rows: list[asyncpg.Record] = await conn.fetch(
        "select e.*, (select count(*) from enq_actions a where a.tenant_id = e.tenant_id"
        " and a.enquiry_id = e.enquiry_id and not a.completed and a.due_date < $6)"
        " as overdue_actions"
        " from enq_enquiries e where e.tenant_id = $1"
        " and ($2::text is null or e.group_id = $2) and ($3::text is null or e.network_id = $3)"
        " and ($4::text is null or e.status = $4) and ($5::text is null or e.phase = $5)"
        " order by e.proposed_at desc, e.enquiry_id",
        tenant_id,
        group_id,
        network_id,
        status,
        phase,
        today,
    )
    return rows


async def journal(
    conn: asyncpg.Connection, tenant_id: str, enquiry_id: str
) -> list[asyncpg.Record]:
    """Everything that happened in an enquiry, in order."""
    rows: list[asyncpg.Record] = await conn.fetch(
        "select j.* from enq_journal j where j.tenant_id = $1 and j.enquiry_id = $2 order by j.seq",
        tenant_id,
        enquiry_id,
    )
    return rows


async def learning_matrix(
    conn: asyncpg.Connection, tenant_id: str, scope: str, scope_id: str
) -> dict[tuple[str, str], int]:
    """Validated learning claims by (level, depth) for a ``group`` or a ``network``."""
    rows = await conn.fetch(
        "select level, depth, validated from enq_learning_matrix"
        " where tenant_id = $1 and scope = $2 and scope_id = $3",
        tenant_id,
        scope,
        scope_id,
    )
    return {(r["level"], r["depth"]): r["validated"] for r in rows}


@dataclass(frozen=True)
class KnowledgeShare:
    knowledge_field: str
    ideas: int
    share: float  # of all the scope's ideas, 0..1


async def knowledge_balance(
    conn: asyncpg.Connection, tenant_id: str, scope: str, scope_id: str
) -> list[KnowledgeShare]:
    """Ideas per knowledge field for an ``enquiry`` or a ``group``, with each field's share."""
    rows = await conn.fetch(
        "select knowledge_field, ideas from enq_knowledge_balance"
        " where tenant_id = $1 and scope = $2 and scope_id = $3 order by knowledge_field",
        tenant_id,
        scope,
        scope_id,
    )
    total = sum(r["ideas"] for r in rows)
    return [
        KnowledgeShare(r["knowledge_field"], r["ideas"], r["ideas"] / total if total else 0.0)
        for r in rows
    ]


async def school_peer_reviews(
    conn: asyncpg.Connection, tenant_id: str, school_id: str
) -> dict[str, Any]:
    """How many peer reviews a school requested, gave and responded to."""
    row = await conn.fetchrow(
        "select requested, given, responded from enq_school_peer_reviews"
        " where tenant_id = $1 and school_id = $2",
        tenant_id,
        school_id,
    )
    return dict(row) if row else {"requested": 0, "given": 0, "responded": 0}


# -- what the GraphQL subgraph reads ----------------------------------------------------------

_ENQUIRY = (
    "select e.*, (select count(*) from enq_actions a where a.tenant_id = e.tenant_id"
    " and a.enquiry_id = e.enquiry_id and not a.completed and a.due_date < $2)"
    " as overdue_actions,"
    " exists (select 1 from enq_partner_enquiries s where s.tenant_id = e.tenant_id"
    " and s.enquiry_id = e.enquiry_id) as shared_with_partner_networks,"
    " (select min(c.cohort_id) from enq_cohorts c where c.tenant_id = e.tenant_id"
    " and c.cohort_group_id = e.group_id) as cohort_id,"
    " to_char(e.proposed_at at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"
    " || '|' || e.enquiry_id as board_key"
    " from enq_enquiries e where e.tenant_id = $1"
)


async def enquiries_by_id(
    conn: asyncpg.Connection, tenant_id: str, enquiry_ids: Sequence[str], *, today: date
) -> list[asyncpg.Record]:
    """Board rows (with overdue actions) of the given enquiries, in no particular order."""
    rows: list[asyncpg.Record] = await conn.fetch(
        f"{_ENQUIRY} and e.enquiry_id = any($3::text[])", tenant_id, today, list(enquiry_ids)
    )
    return rows


async def board_page(
    conn: asyncpg.Connection,
    tenant_id: str,
    *,
    today: date,
    first: int,
    after: tuple[datetime, str] | None = None,
    group_id: str | None = None,
    network_id: str | None = None,
    status: str | None = None,
    phase: str | None = None,
) -> list[asyncpg.Record]:
    """Up to ``first + 1`` board rows, newest first, after the ``(proposed_at, enquiry_id)`` key
    ``after``; each row's ``board_key`` is its cursor key (``<proposed_at UTC>|<enquiry_id>``)."""
    after_at, after_id = after if after else (None, None)
    rows: list[asyncpg.Record] = await conn.fetch(
        f"{_ENQUIRY}"
        " and ($3::text is null or e.group_id = $3) and ($4::text is null or e.network_id = $4)"
        " and ($5::text is null or e.status = $5) and ($6::text is null or e.phase = $6)"
        " and ($7::timestamptz is null or (e.proposed_at, e.enquiry_id) < ($7, $8::text))"
        " order by e.proposed_at desc, e.enquiry_id desc limit $9",
        tenant_id,
        today,
        group_id,
        network_id,
        status,
        phase,
        after_at,
        after_id,
        first + 1,
    )
    return rows


async def claims_by_id(
    conn: asyncpg.Connection, tenant_id: str, claim_ids: Sequence[str]
) -> list[asyncpg.Record]:
    rows: list[asyncpg.Record] = await conn.fetch(
        "select c.* from enq_claims c where c.tenant_id = $1 and c.claim_id = any($2::text[])",
        tenant_id,
        list(claim_ids),
    )
    return rows


async def peer_reviews_by_id(
    conn: asyncpg.Connection, tenant_id: str, peer_review_ids: Sequence[str]
) -> list[asyncpg.Record]:
    rows: list[asyncpg.Record] = await conn.fetch(
        "select * from enq_peer_reviews where tenant_id = $1 and peer_review_id = any($2::text[])",
        tenant_id,
        list(peer_review_ids),
    )
    return rows


@dataclass(frozen=True)
class MatrixCell:
    level: LevelOfLearning
    depth: Depth
    count: int


async def learning_matrix_cells(
    conn: asyncpg.Connection, tenant_id: str, scope: str, scope_id: str
) -> list[MatrixCell]:
    """Every level x depth cell of a ``group``'s or ``network``'s matrix, zeros included."""
    counted = await learning_matrix(conn, tenant_id, scope, scope_id)
    return [
        MatrixCell(level, depth, counted.get((level.value, depth.value), 0))
        for level in LevelOfLearning
        for depth in Depth
    ]


async def knowledge_balance_cells(
    conn: asyncpg.Connection, tenant_id: str, scope: str, scope_id: str
) -> list[KnowledgeShare]:
    """Like ``knowledge_balance``, with every knowledge field (zeros included), in field order."""
    shares = await knowledge_balance(conn, tenant_id, scope, scope_id)
    found = {s.knowledge_field: s for s in shares}
    return [found.get(f.value, KnowledgeShare(f.value, 0, 0.0)) for f in KnowledgeField]

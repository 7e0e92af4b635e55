"""Reading the enquiry read models, always inside the caller's ``tenant_transaction``.

People's names come from ``enq_practitioners`` (the one place they are kept; an erased person's is
the neutral label), and "overdue" is decided against the date the caller passes: today, in
production.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import asyncpg

__all__ = [
    "KnowledgeShare",
    "board",
    "journal",
    "knowledge_balance",
    "learning_matrix",
    "open_actions",
    "school_peer_reviews",
]

# An id with no known practitioner behind it is shown as the id itself.
_AUTHOR = (
    "coalesce((select p.display_name from enq_practitioners p"
    " where p.tenant_id = {t}.tenant_id and p.practitioner_id = {t}.{col}), {t}.{col})"
)


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
    """Everything that happened in an enquiry, in order, with each author's current name."""
    rows: list[asyncpg.Record] = await conn.fetch(
        f"select j.*, {_AUTHOR.format(t='j', col='author_id')} as author_name"
        " from enq_journal j where j.tenant_id = $1 and j.enquiry_id = $2 order by j.seq",
        tenant_id,
        enquiry_id,
    )
    return rows


async def open_actions(
    conn: asyncpg.Connection, tenant_id: str, practitioner_id: str, *, today: date
) -> list[asyncpg.Record]:
    """A practitioner's open actions, soonest due first, each marked overdue or not."""
    rows: list[asyncpg.Record] = await conn.fetch(
        "select a.*, e.title as enquiry_title, coalesce(a.due_date < $3, false) as overdue"
        " from enq_actions a join enq_enquiries e"
        " on e.tenant_id = a.tenant_id and e.enquiry_id = a.enquiry_id"
        " where a.tenant_id = $1 and a.owner_id = $2 and not a.completed"
        " order by a.due_date nulls last, a.planned_at, a.action_id",
        tenant_id,
        practitioner_id,
        today,
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

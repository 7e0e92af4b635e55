"""What a subscription reads for one announced change, as its subscriber (row-level security and
the group's visibility rule, ``readmodels.visibility``, both apply)."""

from __future__ import annotations

from datetime import date

import asyncpg

from clc_enquiry.readmodels.visibility import reader_condition

__all__ = ["journal_entry", "open_action"]


async def journal_entry(
    conn: asyncpg.Connection, tenant_id: str, enquiry_id: str, entry_id: str, reader_id: str
) -> asyncpg.Record | None:
    """The journal entry ``entry_id`` if ``reader_id`` may read its group's work."""
    row: asyncpg.Record | None = await conn.fetchrow(
        "select j.* from enq_journal j join enq_enquiries x"
        " on x.tenant_id = j.tenant_id and x.enquiry_id = j.enquiry_id"
        " where j.tenant_id = $1 and j.enquiry_id = $2 and j.entry_id = $4"
        f" and {reader_condition('x', '$3')}"
        " order by j.seq limit 1",
        tenant_id,
        enquiry_id,
        reader_id,
        entry_id,
    )
    return row


async def open_action(
    conn: asyncpg.Connection, tenant_id: str, action_id: str, reader_id: str, today: date
) -> asyncpg.Record | None:
    """The open action ``action_id`` if ``reader_id`` owns it or may read its group's work."""
    row: asyncpg.Record | None = await conn.fetchrow(
        "select a.*, e.title as enquiry_title, coalesce(a.due_date < $4, false) as overdue"
        " from enq_actions a join enq_enquiries e"
        " on e.tenant_id = a.tenant_id and e.enquiry_id = a.enquiry_id"
        " where a.tenant_id = $1 and a.action_id = $2 and not a.completed"
        f" and (a.owner_id = $3 or {reader_condition('a', '$3')})",
        tenant_id,
        action_id,
        reader_id,
        today,
    )
    return row

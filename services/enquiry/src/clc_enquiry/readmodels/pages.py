"""Keyset pages of the lists that grow: journal entries, cycles, open actions, a school's reviews,
a review's findings.

Each query returns up to ``first + 1`` rows after a key (the extra row only says a next page
exists) and a ``page_key`` column, the text the API encodes as the row's opaque cursor. Keys are
the list's own sort order, so a page never repeats or skips a row that existed when it was read.
"""

from __future__ import annotations

from datetime import date, datetime

import asyncpg

from .visibility import reader_condition

__all__ = [
    "actions",
    "cycles",
    "findings",
    "journal",
    "reviews_of_school",
    "turn_questions",
    "turns",
]

_UTC_MICROS = "to_char({col} at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"


async def journal(
    conn: asyncpg.Connection,
    tenant_id: str,
    enquiry_id: str,
    *,
    cycle_id: str | None,
    after: int | None,
    first: int,
) -> list[asyncpg.Record]:
    """An enquiry's journal (or one cycle's part of it) in order, after ``seq`` ``after``."""
    rows: list[asyncpg.Record] = await conn.fetch(
        "select j.*, j.seq::text as page_key"
        " from enq_journal j where j.tenant_id = $1 and j.enquiry_id = $2"
        " and ($3::text is null or j.cycle_id = $3) and ($4::int is null or j.seq > $4)"
        " order by j.seq limit $5",
        tenant_id,
        enquiry_id,
        cycle_id,
        after,
        first + 1,
    )
    return rows


async def cycles(
    conn: asyncpg.Connection, tenant_id: str, enquiry_id: str, *, after: int | None, first: int
) -> list[asyncpg.Record]:
    """An enquiry's cycles in the order they started, after cycle number ``after``."""
    rows: list[asyncpg.Record] = await conn.fetch(
        "select c.*, c.number::text as page_key from enq_cycles c"
        " where c.tenant_id = $1 and c.enquiry_id = $2 and ($3::int is null or c.number > $3)"
        " order by c.number limit $4",
        tenant_id,
        enquiry_id,
        after,
        first + 1,
    )
    return rows


async def actions(
    conn: asyncpg.Connection,
    tenant_id: str,
    owner_id: str,
    reader_id: str,
    *,
    today: date,
    after: tuple[str, datetime, str] | None,
    first: int,
) -> list[asyncpg.Record]:
    """``owner_id``'s open actions that ``reader_id`` may see, soonest due first (no date last).

    The reader sees an action if it is their own or if they may read its group's work
    (``visibility``); the filter is in the query, so a page is never cut short by it.
    """
    due, planned, action_id = after if after else (None, None, None)
    rows: list[asyncpg.Record] = await conn.fetch(
        "select a.*, e.title as enquiry_title, coalesce(a.due_date < $4, false) as overdue,"
        " coalesce(a.due_date::text, 'infinity') || '|' || "
        + _UTC_MICROS.format(col="a.planned_at")
        + " || '|' || a.action_id as page_key"
        " from enq_actions a join enq_enquiries e"
        " on e.tenant_id = a.tenant_id and e.enquiry_id = a.enquiry_id"
        " where a.tenant_id = $1 and a.owner_id = $2 and not a.completed"
        f" and (a.owner_id = $3 or {reader_condition('a', '$3')})"
        " and ($5::text is null or (coalesce(a.due_date, 'infinity'::date), a.planned_at,"
        " a.action_id) > (cast($5::text as date), $6::timestamptz, $7::text))"
        " order by coalesce(a.due_date, 'infinity'::date), a.planned_at, a.action_id limit $8",
        tenant_id,
        owner_id,
        reader_id,
        today,
        due,
        planned,
        action_id,
        first + 1,
    )
    return rows


async def reviews_of_school(
    conn: asyncpg.Connection,
    tenant_id: str,
    school_id: str,
    *,
    after: tuple[datetime, str] | None,
    first: int,
) -> list[asyncpg.Record]:
    """Peer reviews the school hosts or reviews in, newest first."""
    after_at, after_id = after if after else (None, None)
    rows: list[asyncpg.Record] = await conn.fetch(
        "select r.*, "
        + _UTC_MICROS.format(col="r.requested_at")
        + " || '|' || r.peer_review_id as page_key"
        " from enq_peer_reviews r where r.tenant_id = $1"
        " and (r.host_school_id = $2 or $2 = any(r.reviewing_school_ids))"
        " and ($3::timestamptz is null or (r.requested_at, r.peer_review_id) < ($3, $4::text))"
        " order by r.requested_at desc, r.peer_review_id desc limit $5",
        tenant_id,
        school_id,
        after_at,
        after_id,
        first + 1,
    )
    return rows


async def findings(
    conn: asyncpg.Connection,
    tenant_id: str,
    peer_review_id: str,
    *,
    after: tuple[datetime, str] | None,
    first: int,
) -> list[asyncpg.Record]:
    """A review's findings in the order they were recorded."""
    after_at, after_id = after if after else (None, None)
    rows: list[asyncpg.Record] = await conn.fetch(
        "select f.*, "
        + _UTC_MICROS.format(col="f.recorded_at")
        + " || '|' || f.entry_id as page_key"
        " from enq_peer_review_findings f where f.tenant_id = $1 and f.peer_review_id = $2"
        " and ($3::timestamptz is null or (f.recorded_at, f.entry_id) > ($3, $4::text))"
        " order by f.recorded_at, f.entry_id limit $5",
        tenant_id,
        peer_review_id,
        after_at,
        after_id,
        first + 1,
    )
    return rows


async def turns(
    conn: asyncpg.Connection, tenant_id: str, enquiry_id: str, *, after: int | None, first: int
) -> list[asyncpg.Record]:
    """An enquiry's action learning set turns in the order they were taken, with the committed
    action (if any)."""
    rows: list[asyncpg.Record] = await conn.fetch(
        "select t.*, t.seq::text as page_key, a.description as action_description,"
        " a.completed as action_completed, a.outcome as action_outcome,"
        " a.due_date as action_due_date"
        " from enq_turns t left join enq_actions a on a.tenant_id = t.tenant_id"
        " and a.enquiry_id = t.enquiry_id and a.action_id = t.action_id"
        " where t.tenant_id = $1 and t.enquiry_id = $2 and ($3::int is null or t.seq > $3)"
        " order by t.seq limit $4",
        tenant_id,
        enquiry_id,
        after,
        first + 1,
    )
    return rows


async def turn_questions(
    conn: asyncpg.Connection,
    tenant_id: str,
    enquiry_id: str,
    turn_id: str,
    *,
    after: int | None,
    first: int,
) -> list[asyncpg.Record]:
    """The questions asked in a turn, in the order they were asked."""
    rows: list[asyncpg.Record] = await conn.fetch(
        "select q.*, q.seq::text as page_key"
        " from enq_turn_questions q where q.tenant_id = $1 and q.enquiry_id = $2"
        " and q.turn_id = $3 and ($4::int is null or q.seq > $4) order by q.seq limit $5",
        tenant_id,
        enquiry_id,
        turn_id,
        after,
        first + 1,
    )
    return rows

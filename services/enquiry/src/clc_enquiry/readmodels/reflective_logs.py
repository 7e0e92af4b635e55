"""Personal reflective logs (``enq_log_entries``, ``enq_log_shares``): who reads which entry.

An entry is read by its writer; an entry shared with a group is also read by that group's
members who have not left — and only while the share stands (a withdrawn share is deleted). Not by
the network's co-leaders and not by a tenant admin: a personal log is shared with a group by its
writer's choice, entry by entry, and with nobody else. The reader filter is inside the queries,
so a page is filtered before it is cut.

Entries arrive with their text sealed with the author's key (``application.sealing``); the
projection opens it through the groups' key endpoint (``data_keys``). When the author is erased
(``PractitionerErased`` on the groups topic) their entries are deleted here and the key client
forgets the key; a rebuild after that finds the key destroyed and projects no entry of theirs.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import asyncpg
from eventkit.envelope import RecordedEvent as Env
from eventkit.projection import ProjectionConnection as Conn

from clc_enquiry.application.sealing import ERASED_ENTRY
from clc_enquiry.domain import (
    ReflectiveLogEntryShared,
    ReflectiveLogEntryWritten,
    ReflectiveLogShareWithdrawn,
)

from .base import EnquiryProjection, Handler

__all__ = [
    "LOGS_MIGRATION_SQL",
    "LOG_TABLES",
    "ReflectiveLogsProjection",
    "log_entry",
    "my_log",
    "shared_with_group",
]

LOG_TABLES = ("enq_log_entries", "enq_log_shares")

LOGS_MIGRATION_SQL = """
create table enq_log_entries (
    tenant_id text not null, entry_id text not null,
    author_id text not null, text text not null,
    written_at timestamptz, recorded_at timestamptz not null,
    primary key (tenant_id, entry_id));
create index enq_log_entries_author on enq_log_entries (tenant_id, author_id, recorded_at);
create table enq_log_shares (
    tenant_id text not null, entry_id text not null, group_id text not null,
    shared_at timestamptz not null,
    primary key (tenant_id, entry_id, group_id));
create index enq_log_shares_group on enq_log_shares (tenant_id, group_id, shared_at);
"""

_UTC = "to_char({col} at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"

# The entry's columns and the groups it is shared with when the reader ($2)
# is its writer (whom else it is shared with is the writer's business).
_ENTRY = (
    "select l.*, case when l.author_id = $2 then array(select s.group_id"
    " from enq_log_shares s where s.tenant_id = l.tenant_id and s.entry_id = l.entry_id"
    " order by s.group_id) else '{}'::text[] end as shared_with"
)
# $2 reads the entry: they wrote it, or it is shared with a group they are a member of.
_READS = (
    "(l.author_id = $2 or exists (select 1 from enq_log_shares s join enq_group_members m"
    " on m.tenant_id = s.tenant_id and m.group_id = s.group_id where s.tenant_id = l.tenant_id"
    " and s.entry_id = l.entry_id and m.practitioner_id = $2 and not m.has_left))"
)


class ReflectiveLogsProjection(EnquiryProjection):
    name = "enquiry-reflective-logs"
    tables = LOG_TABLES

    async def apply(self, conn: Conn, event: Env) -> None:
        if event.event_type == "PractitionerErased" and event.stream_type == "practitioner":
            await self._author_erased(conn, event)
            return
        opened = await self.opened(conn, event)
        if opened is not event and opened.data.get("text") == ERASED_ENTRY:
            return  # the author is erased: their entry is gone for good
        await super().apply(conn, opened)

    async def _author_erased(self, conn: Conn, event: Env) -> None:
        author = event.data["practitioner_id"]
        if self._keys is not None and self._keys.remote is not None:
            self._keys.remote.forget(event.tenant_id, f"practitioner:{author}")
        await conn.execute(
            "delete from enq_log_shares s using enq_log_entries l where s.tenant_id = $1"
            " and l.tenant_id = s.tenant_id and l.entry_id = s.entry_id and l.author_id = $2",
            event.tenant_id,
            author,
        )
        await conn.execute(
            "delete from enq_log_entries where tenant_id = $1 and author_id = $2",
            event.tenant_id,
            author,
        )

    def handlers(self) -> Mapping[type, Handler]:
        return {
            ReflectiveLogEntryWritten: self._written,
            ReflectiveLogEntryShared: self._shared,
            ReflectiveLogShareWithdrawn: self._withdrawn,
        }

    async def _written(self, conn: Conn, env: Env, e: ReflectiveLogEntryWritten) -> None:
        await conn.execute(
            "insert into enq_log_entries (tenant_id, entry_id, author_id, text, written_at,"
            " recorded_at) values ($1, $2, $3, $4, $5, $6) on conflict do nothing",
            env.tenant_id,
            e.entry_id,
            e.author_id,
            e.text,
            e.written_at,
            env.recorded_at,
        )

    async def _shared(self, conn: Conn, env: Env, e: ReflectiveLogEntryShared) -> None:
        await conn.execute(
            "insert into enq_log_shares (tenant_id, entry_id, group_id, shared_at)"
            " values ($1, $2, $3, $4) on conflict do nothing",
            env.tenant_id,
            e.entry_id,
            e.group_id,
            env.recorded_at,
        )

    async def _withdrawn(self, conn: Conn, env: Env, e: ReflectiveLogShareWithdrawn) -> None:
        await conn.execute(
            "delete from enq_log_shares where tenant_id = $1 and entry_id = $2 and group_id = $3",
            env.tenant_id,
            e.entry_id,
            e.group_id,
        )


async def log_entry(
    conn: asyncpg.Connection, tenant_id: str, reader_id: str, entry_id: str
) -> asyncpg.Record | None:
    """The entry, if ``reader_id`` may read it."""
    row: asyncpg.Record | None = await conn.fetchrow(
        f"{_ENTRY} from enq_log_entries l where l.tenant_id = $1 and l.entry_id = $3 and {_READS}",
        tenant_id,
        reader_id,
        entry_id,
    )
    return row


async def my_log(
    conn: asyncpg.Connection,
    tenant_id: str,
    reader_id: str,
    *,
    after: tuple[datetime, str] | None,
    first: int,
) -> list[asyncpg.Record]:
    """The reader's own log, newest first."""
    at, entry_id = after if after else (None, None)
    rows: list[asyncpg.Record] = await conn.fetch(
        f"{_ENTRY}, {_UTC.format(col='l.recorded_at')} || '|' || l.entry_id as page_key"
        " from enq_log_entries l where l.tenant_id = $1 and l.author_id = $2"
        " and ($3::timestamptz is null or (l.recorded_at, l.entry_id) < ($3, $4::text))"
        " order by l.recorded_at desc, l.entry_id desc limit $5",
        tenant_id,
        reader_id,
        at,
        entry_id,
        first + 1,
    )
    return rows


async def shared_with_group(
    conn: asyncpg.Connection,
    tenant_id: str,
    reader_id: str,
    group_id: str,
    *,
    after: tuple[datetime, str] | None,
    first: int,
) -> list[asyncpg.Record]:
    """Entries shared with ``group_id``, newest share first, if the reader is a member of it (or
    wrote the entry); to anyone else, nothing."""
    at, entry_id = after if after else (None, None)
    rows: list[asyncpg.Record] = await conn.fetch(
        f"{_ENTRY}, {_UTC.format(col='g.shared_at')} || '|' || l.entry_id as page_key"
        " from enq_log_shares g join enq_log_entries l"
        " on l.tenant_id = g.tenant_id and l.entry_id = g.entry_id"
        " where g.tenant_id = $1 and g.group_id = $3"
        " and (l.author_id = $2 or exists (select 1 from enq_group_members m"
        " where m.tenant_id = g.tenant_id and m.group_id = g.group_id"
        " and m.practitioner_id = $2 and not m.has_left))"
        " and ($4::timestamptz is null or (g.shared_at, l.entry_id) < ($4, $5::text))"
        " order by g.shared_at desc, l.entry_id desc limit $6",
        tenant_id,
        reader_id,
        group_id,
        at,
        entry_id,
        first + 1,
    )
    return rows

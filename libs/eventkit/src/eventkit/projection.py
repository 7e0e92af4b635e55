"""What a read model implements so the projector runner can feed it, and the connection it gets.

A projection writes through a ``ProjectionConnection``. Writes (``execute``) are queued and sent
as pipelined ``executemany`` runs: consecutive calls with the same SQL text become one run, and
runs go out in the order they were queued, so the effect is exactly that of executing each
statement in turn — only without a network round trip per statement, which is what bounds a
rebuild otherwise. Any read (``fetch``, ``fetchrow``, ``fetchval``) first flushes the queue, so a
projection always reads its own earlier writes.
"""

from __future__ import annotations

from typing import Any, Protocol

import asyncpg

from .envelope import RecordedEvent

__all__ = ["Projection", "ProjectionConnection"]

_MAX_QUEUED = 2_000


class ProjectionConnection:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn
        self._runs: list[tuple[str, list[tuple[Any, ...]]]] = []
        self._queued = 0

    async def execute(self, sql: str, *args: Any) -> None:
        if self._runs and self._runs[-1][0] == sql:
            self._runs[-1][1].append(args)
        else:
            self._runs.append((sql, [args]))
        self._queued += 1
        if self._queued >= _MAX_QUEUED:
            await self.flush()

    async def flush(self) -> None:
        runs, self._runs, self._queued = self._runs, [], 0
        for sql, rows in runs:
            if len(rows) == 1:
                await self._conn.execute(sql, *rows[0])
            else:
                await self._conn.executemany(sql, rows)

    def discard(self) -> None:
        """Drop queued writes: those of an event that failed and was rolled back."""
        self._runs, self._queued = [], 0

    async def fetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        await self.flush()
        rows: list[asyncpg.Record] = await self._conn.fetch(sql, *args)
        return rows

    async def fetchrow(self, sql: str, *args: Any) -> asyncpg.Record | None:
        await self.flush()
        row: asyncpg.Record | None = await self._conn.fetchrow(sql, *args)
        return row

    async def fetchval(self, sql: str, *args: Any) -> Any:
        await self.flush()
        return await self._conn.fetchval(sql, *args)


class Projection(Protocol):
    """A read model fed by events.

    ``apply`` runs inside the runner's transaction with ``app.tenant_id`` set to the event's tenant,
    so row-level security guards every write. It must be deterministic in the event alone: a
    rebuild replays the same events and must arrive at the same rows.
    """

    name: str

    async def apply(self, conn: ProjectionConnection, event: RecordedEvent) -> None: ...

    async def reset(self, conn: ProjectionConnection) -> None:
        """Delete every row this read model owns (used before a rebuild)."""
        ...

"""servicekit's live updates on a real PostgreSQL: a notification queued in a transaction reaches
subscribers only when it commits (never when it rolls back), only those of its tenant, through one
LISTEN connection however many subscribe."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
from eventkit.projection import ProjectionConnection
from servicekit.live import Listener, announce

pytestmark = pytest.mark.integration

CHANNEL = "test_live"


async def _collect(listener: Listener, tenant: str, into: list[dict[str, Any]]) -> None:
    async for note in listener.notes(CHANNEL, tenant):
        into.append(note)


@contextlib.asynccontextmanager
async def _subscribed(listener: Listener, tenant: str) -> AsyncIterator[list[dict[str, Any]]]:
    heard: list[dict[str, Any]] = []
    task = asyncio.create_task(_collect(listener, tenant, heard))
    try:
        yield heard
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _settled(listener: Listener, subscribers: int) -> None:
    while listener.subscribers < subscribers or CHANNEL not in listener.listening:
        await asyncio.sleep(0.01)


async def test_notifications_arrive_on_commit_only_and_only_for_their_tenant(
    postgres_admin_dsn: str,
) -> None:
    listener = Listener(postgres_admin_dsn)
    conn = await asyncpg.connect(postgres_admin_dsn)
    try:
        async with (
            _subscribed(listener, "a") as first,
            _subscribed(listener, "a") as second,
            _subscribed(listener, "b") as other,
        ):
            await _settled(listener, 3)
            with contextlib.suppress(RuntimeError):
                async with conn.transaction():
                    writer = ProjectionConnection(conn)
                    await announce(writer, CHANNEL, "a", kind="ROLLED_BACK")
                    await writer.flush()
                    raise RuntimeError("roll back")
            async with conn.transaction():
                writer = ProjectionConnection(conn)
                await announce(writer, CHANNEL, "a", kind="COMMITTED", id="x1")
                await writer.flush()
                await asyncio.sleep(0.2)
                assert first == []  # not before the commit
            for _ in range(200):
                if first and second:
                    break
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.1)
        expected = [{"tenant": "a", "kind": "COMMITTED", "id": "x1"}]
        assert (first, second, other) == (expected, expected, [])
        assert listener.subscribers == 0
    finally:
        await conn.close()
        await listener.close()

"""Point-in-time restore of the event stores (``clc backup``, :mod:`devstack.backup`): events
written, a base backup taken, more written, a time T noted, more written; the server restored
into a fresh one at T holds exactly the events committed before T, its read models rebuilt from
the restored store (``clc projection rebuild``) and ``clc verify`` clean."""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from devstack import backup
from devstack.databases import create_database, dsn_for_database
from devstack.paths import cache_dir
from devstack.postgres import EmbeddedPostgres
from eventkit.envelope import NewEvent, StreamRef
from eventkit.pg import create_pool
from eventkit.store import PostgresEventStore

from tests.integration.clc.test_clc_operations import _environment, clc
from tests.integration.groups.rig import a_groups_database
from tests.integration.groups.service import settings_for

pytestmark = pytest.mark.integration

DATABASE = "groups_backup"


@pytest.fixture
async def folder() -> AsyncIterator[Path]:
    # under the project cache, which the server's unprivileged user can reach (tmp_path is not)
    path = cache_dir() / "backup-test" / uuid.uuid4().hex[:10]
    path.mkdir(parents=True)
    yield path
    shutil.rmtree(path, ignore_errors=True)


async def _register(owner_dsn: str, schools: list[str]) -> None:
    pool = await create_pool(owner_dsn, max_size=1)
    try:
        store = PostgresEventStore(pool)
        for school in schools:
            await store.append(
                StreamRef(stream_id=school, stream_type="School", tenant_id="tenant-a"),
                [
                    NewEvent(
                        event_type="SchoolRegistered",
                        data={"school_id": school, "tenant_id": "tenant-a", "name": school},
                    )
                ],
                expected_version=0,
            )
    finally:
        await pool.close()


async def _schools(owner_dsn: str, query: str) -> list[str]:
    pool = await create_pool(owner_dsn, max_size=1)
    try:
        async with pool.acquire() as conn, conn.transaction():
            await conn.execute("select set_config('eventkit.all_tenants', 'on', true)")
            await conn.execute("select set_config('app.tenant_id', 'tenant-a', true)")
            return sorted(r[0] for r in await conn.fetch(query))
    finally:
        await pool.close()


def _ok(*args: str) -> str:
    done = clc(*args)
    assert done.exit_code == 0, done.output
    return done.output


async def test_a_restore_to_t_holds_exactly_the_events_before_t_and_verifies_clean(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLC_CACHE_DIR", str(folder))  # where clc backup finds its instances
    source = EmbeddedPostgres("source", settings=backup.ARCHIVING)
    await asyncio.to_thread(source.start)
    restored = EmbeddedPostgres("restored")
    try:
        db = await a_groups_database(lambda name: create_database(source.dsn(), DATABASE))
        await _register(db.owner_dsn, ["a1", "a2", "a3"])
        on_source = ("--admin-dsn", source.dsn())
        await asyncio.to_thread(_ok, "backup", "create", *on_source, "--instance", "source")
        await _register(db.owner_dsn, ["b1", "b2", "b3"])
        await asyncio.sleep(0.3)
        target = datetime.now(UTC)
        await asyncio.sleep(0.3)
        await _register(db.owner_dsn, ["c1", "c2", "c3"])
        await asyncio.to_thread(_ok, "backup", "archive-now", *on_source)

        listed = await asyncio.to_thread(_ok, "backup", "list", "--instance", "source")
        assert len(listed.splitlines()) == 1
        restore = ("backup", "restore", "--to", target.isoformat(), "--instance", "source")
        await asyncio.to_thread(_ok, *restore, "--into", "restored", "--no-reapply-erasures")
        await asyncio.to_thread(restored.start)
        owner_dsn = dsn_for_database(restored.dsn(), DATABASE)
        before_t = ["a1", "a2", "a3", "b1", "b2", "b3"]
        assert await _schools(owner_dsn, "select stream_id from events") == before_t

        _environment(monkeypatch, settings_for(owner_dsn, "127.0.0.1:9"))
        rebuilt = await asyncio.to_thread(_ok, "projection", "rebuild", "groups")
        assert "from 6 events" in rebuilt
        assert await _schools(owner_dsn, "select school_id from gr_schools") == before_t
        verified = await asyncio.to_thread(_ok, "verify", "groups")
        assert "6 events replayed, 0 table(s) differ" in verified
    finally:
        await asyncio.to_thread(restored.stop)
        await asyncio.to_thread(source.stop)

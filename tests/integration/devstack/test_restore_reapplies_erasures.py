"""A restore to before an erasure brings the erased practitioner's data key back with the key
table; ``clc backup restore`` re-applies every erasure still on the groups topic (Kafka is not
rewound) before anything serves the restored server: the key is destroyed again, the store
gets the erasure back through the groups' use case, and no groups table reads the name."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest
from clc_cli.migrate import republish
from clc_groups.service import GROUPS
from devstack import backup
from devstack.databases import create_database, dsn_for_database
from devstack.postgres import EmbeddedPostgres
from eventkit.principal import Principal
from eventkit.store import PostgresEventStore

from tests.integration.clc.test_clc_operations import _environment
from tests.integration.devstack.test_backup_restore import _ok, folder
from tests.integration.groups.rig import a_groups_database, app_pool
from tests.integration.groups.service import settings_for

pytestmark = pytest.mark.integration

__all__ = ["folder"]  # the fixture, shared with the restore test

DATABASE = "groups_erasure"
ADMIN = Principal(tenant_id="tenant-a", person_id="admin", roles=frozenset({"tenant_admin"}))
NAME = "Wilhelmina"


async def _name_in_any_table(owner_dsn: str) -> list[str]:
    conn = await asyncpg.connect(owner_dsn)
    try:
        tables = await conn.fetch(
            "select tablename from pg_tables where schemaname = 'public' order by 1"
        )
        return [
            t["tablename"]
            for t in tables
            if NAME in str(await conn.fetch(f'select t::text from "{t["tablename"]}" t'))
        ]
    finally:
        await conn.close()


async def test_a_restore_to_before_an_erasure_erases_again(  # type: ignore[no-untyped-def]
    folder: Path, kafka_bootstrap: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CLC_CACHE_DIR", str(folder))
    source = EmbeddedPostgres("source", settings=backup.ARCHIVING)
    await asyncio.to_thread(source.start)
    restored = EmbeddedPostgres("restored")
    try:
        db = await a_groups_database(lambda name: create_database(source.dsn(), DATABASE))
        settings = settings_for(db.owner_dsn, kafka_bootstrap)
        async with app_pool(db) as pool:
            groups = GROUPS.commands(PostgresEventStore(pool), pool, settings)
            await groups.schools.register(ADMIN, school_id="oak", name="Oak")
            await groups.practitioners.register(
                ADMIN, practitioner_id="p1", school_id="oak", given_name=NAME,
                family_name="Stone", email="w@oak.example", role="teacher",
            )  # fmt: skip
            on_source = ("--admin-dsn", source.dsn())
            await asyncio.to_thread(_ok, "backup", "create", *on_source, "--instance", "source")
            await asyncio.sleep(0.3)
            target = datetime.now(UTC)
            await asyncio.sleep(0.3)
            await groups.practitioners.erase(ADMIN, practitioner_id="p1")
        await republish(settings, settings.topic)  # the relay's work: the events on the topic
        await asyncio.to_thread(_ok, "backup", "archive-now", *on_source)

        _environment(monkeypatch, settings)  # clc finds the groups' topic and KEKs
        restore = ("backup", "restore", "--to", target.isoformat(), "--instance", "source")
        said = await asyncio.to_thread(
            _ok, *restore, "--into", "restored", "--groups-database", DATABASE
        )
        assert "1 re-recorded in the store" in said
        await asyncio.to_thread(restored.start)
        owner_dsn = dsn_for_database(restored.dsn(), DATABASE)
        conn = await asyncpg.connect(owner_dsn)
        try:
            key = await conn.fetchrow(
                "select wrapped_key, destroyed_at from crypto_data_keys"
                " where subject = 'practitioner:p1'"
            )
            erased = await conn.fetchval(
                "select count(*) from events where event_type = 'PractitionerErased'"
            )
        finally:
            await conn.close()
        assert key["wrapped_key"] is None and key["destroyed_at"] is not None
        assert erased == 1

        monkeypatch.setenv("GROUPS_DATABASE_URL", owner_dsn)
        await asyncio.to_thread(_ok, "projection", "rebuild", "groups")
        assert await _name_in_any_table(owner_dsn) == []
        again = await asyncio.to_thread(_ok, "backup", "reapply-erasures")
        assert "0 re-recorded in the store, 1 already there" in again
    finally:
        await asyncio.to_thread(restored.stop)
        await asyncio.to_thread(source.stop)

"""The event store is append-only by grant and tenant-scoped by row-level security, for the role
the services work as."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
from eventkit.pg import connect
from eventkit.store import PostgresEventStore
from servicekit.roles import ensure_app_role
from servicekit.settings import with_credentials

from tests.integration.eventkit.conftest import APP_PASSWORD, APP_ROLE, postgres_store
from tests.support.events import a_stream, events

pytestmark = pytest.mark.integration


@pytest.fixture
async def store_and_dsn(new_database) -> AsyncIterator[tuple[PostgresEventStore, str, str]]:  # type: ignore[no-untyped-def]
    """A store (as the app role) holding one stream of tenant A and one of B; the app DSN."""
    owner_dsn = await new_database("store_security")
    store, close = await postgres_store(owner_dsn, as_app_role=True)
    try:
        yield store, owner_dsn, with_credentials(owner_dsn, APP_ROLE, APP_PASSWORD)
    finally:
        await close()


async def _written(store: PostgresEventStore) -> None:
    await store.append(a_stream("tenant-a"), events(2), expected_version=0, command_id="ka")
    await store.append(a_stream("tenant-b"), events(1), expected_version=0, command_id="kb")


async def test_the_app_role_cannot_update_or_delete_events_or_the_command_log(
    store_and_dsn: tuple[PostgresEventStore, str, str],
) -> None:
    store, _, app_dsn = store_and_dsn
    await _written(store)
    conn = await connect(app_dsn)
    try:
        for statement in (
            "update events set data = '{}'",
            "delete from events",
            "truncate events",
            "update command_log set position = 0",
            "delete from command_log",
        ):
            async with conn.transaction():
                await conn.execute("select set_config('app.tenant_id', 'tenant-a', true)")
                with pytest.raises(asyncpg.InsufficientPrivilegeError):
                    await conn.execute(statement)
    finally:
        await conn.close()


async def test_a_tenant_session_reads_only_its_own_events_and_commands(
    store_and_dsn: tuple[PostgresEventStore, str, str],
) -> None:
    store, _, app_dsn = store_and_dsn
    await _written(store)
    conn = await connect(app_dsn)
    try:
        # No tenant at all: nothing.
        assert await conn.fetchval("select count(*) from events") == 0
        assert await conn.fetchval("select count(*) from command_log") == 0
        async with conn.transaction():
            await conn.execute("select set_config('app.tenant_id', 'tenant-a', true)")
            tenants = await conn.fetch("select distinct tenant_id from events")
            assert [r["tenant_id"] for r in tenants] == ["tenant-a"]
            logged = await conn.fetch("select command_id from command_log")
            assert [r["command_id"] for r in logged] == ["ka"]
    finally:
        await conn.close()


async def test_a_tenant_session_cannot_write_another_tenants_event(
    store_and_dsn: tuple[PostgresEventStore, str, str],
) -> None:
    _, _, app_dsn = store_and_dsn
    conn = await connect(app_dsn)
    insert = (
        "insert into events (event_id, stream_id, stream_type, stream_version, event_type,"
        " tenant_id, data) values ($1, 's', 'Thing', 1, 'ThingHappened', 'tenant-b', '{}')"
    )
    try:
        for setting in ("app.tenant_id', 'tenant-a", "eventkit.all_tenants', 'on"):
            async with conn.transaction():
                await conn.execute(f"select set_config('{setting}', true)")
                with pytest.raises(asyncpg.InsufficientPrivilegeError, match="row-level"):
                    await conn.execute(insert, uuid.uuid4())
    finally:
        await conn.close()


async def test_reading_every_tenant_is_the_relays_read_only(
    store_and_dsn: tuple[PostgresEventStore, str, str],
) -> None:
    store, _, _ = store_and_dsn
    await _written(store)
    everything = await store.read_all()
    assert sorted({e.tenant_id for e in everything}) == ["tenant-a", "tenant-b"]
    assert len(everything) == 3


async def test_starting_again_revokes_what_an_older_version_granted(
    store_and_dsn: tuple[PostgresEventStore, str, str],
) -> None:
    _, owner_dsn, _ = store_and_dsn
    owner = await connect(owner_dsn)
    try:
        await owner.execute(f"grant update, delete on events, command_log to {APP_ROLE}")
        await ensure_app_role(owner, APP_ROLE, APP_PASSWORD, [])
        rows = await owner.fetch(
            "select table_name, privilege_type from information_schema.role_table_grants"
            " where grantee = $1 and table_name in ('events', 'command_log')",
            APP_ROLE,
        )
    finally:
        await owner.close()
    assert {r["privilege_type"] for r in rows} == {"SELECT", "INSERT"}

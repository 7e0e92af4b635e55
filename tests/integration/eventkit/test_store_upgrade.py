"""A database made by an earlier version (``make run`` keeps one) upgrades in place: the new
migrations apply over existing events and command-log entries, and both keep working."""

from __future__ import annotations

import uuid

import pytest
from eventkit.idempotency import CommandFingerprint
from eventkit.migrations import migrate
from eventkit.pg import connect, create_pool
from eventkit.store import EVENT_STORE_MIGRATIONS, PLUMBING_MIGRATIONS, PostgresEventStore

from tests.support.events import a_stream, events

pytestmark = pytest.mark.integration

#: the migrations the previous version shipped, byte for byte (their checksums are recorded)
EARLIER = [EVENT_STORE_MIGRATIONS[0], PLUMBING_MIGRATIONS[0]]


async def test_an_earlier_database_upgrades_with_its_data(new_database) -> None:  # type: ignore[no-untyped-def]
    dsn = await new_database("upgrade")
    conn = await connect(dsn)
    stream = a_stream("tenant-a")
    event_id = uuid.uuid4()
    try:
        assert await migrate(conn, EARLIER) == [m.name for m in EARLIER]
        # What the earlier version wrote: an event and a command-log entry with no fingerprint.
        position = await conn.fetchval(
            "insert into events (event_id, stream_id, stream_type, stream_version, event_type,"
            " tenant_id, data) values ($1, $2, 'Thing', 1, 'ThingHappened', 'tenant-a', $3)"
            " returning global_position",
            event_id,
            stream.stream_id,
            {"n": 1},
        )
        await conn.execute(
            "insert into command_log (tenant_id, command_id, stream_id, stream_version,"
            " position, event_ids) values ('tenant-a', 'old-key', $1, 1, $2, $3)",
            stream.stream_id,
            position,
            [event_id],
        )
        applied = await migrate(conn, [*EVENT_STORE_MIGRATIONS, *PLUMBING_MIGRATIONS])
        assert "eventkit_0004_streams_per_tenant" in applied
        assert "eventkit_0006_dead_letters" in applied
    finally:
        await conn.close()
    pool = await create_pool(dsn, max_size=2)
    try:
        store = PostgresEventStore(pool)
        [old] = await store.read_stream(stream.stream_id, tenant_id="tenant-a")
        assert old.event_id == event_id
        # An entry from before fingerprints is still a repeat, as it always was.
        fp = CommandFingerprint("p", stream.stream_id, "DoThing", "x")
        again = await store.append(
            stream, events(1), expected_version=1, command_id="old-key", fingerprint=fp
        )
        assert again.duplicate and again.position == position
        # And the id is now the tenant's own: another tenant may use it.
        other = stream.model_copy(update={"tenant_id": "tenant-b"})
        assert (await store.append(other, events(1), expected_version=0)).stream_version == 1
        assert (await store.append(stream, events(1), expected_version=1)).stream_version == 2
    finally:
        await pool.close()

"""``clc migrate encrypt-personal`` on a copy of the demo data as a system from before sealing
held it: the devstack demo seeded through the real groups service, its registrations turned back
into clear text (schema v1, no keys), then migrated — interrupted once and resumed — and checked:
no demo name or e-mail left in the store or on the new topic, every stream's events and
non-personal content unchanged, the read models rebuilt from the sealed log show the same names,
the old topic gone, and a second run a no-op."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import Counter
from typing import Any

import pytest
import uvicorn
from aiokafka.admin import AIOKafkaAdminClient
from clc_cli.main import app
from clc_cli.migrate import republish
from clc_groups.app import create_app as create_groups_app
from clc_groups.application.sealing import PERSONAL_DATA, subject_of
from clc_groups.readmodels import projections
from devstack import demo
from devstack._proc import free_port
from eventkit.pg import connect, create_pool, tenant_transaction
from eventkit.projector import ProjectorRunner
from eventkit.store import PostgresEventStore
from servicekit.crypto import KEY_TABLE, PostgresKeyStore, Sealer
from servicekit.crypto.migrate import seal_existing, stream_hashes
from typer.testing import CliRunner

from tests.integration.groups.rig import a_groups_database
from tests.integration.groups.service import SECRET, settings_for
from tests.support.kafka import consume_all

pytestmark = pytest.mark.integration

PERSONAL = ("given_name", "family_name", "email")
PEOPLE = {
    **{key: (given, family) for key, _, given, family, _ in demo.STAFF},
    **{key: (given, family) for key, _, given, family, _, _ in demo.ORGANISATION_STAFF},
    "nia": ("Nia", "Harbour"),
    "omar": ("Omar", "Harbour"),
}
NAMES = {n for pair in PEOPLE.values() for n in pair}


class Interrupted(Exception):
    pass


def _stop(position: int, done: int) -> None:
    raise Interrupted


def _strings(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return set()


def _data(raw: Any) -> dict[str, Any]:
    return json.loads(raw) if isinstance(raw, str) else dict(raw)


async def _seed_demo(settings: Any) -> None:
    """The devstack's groups seed, unchanged, against the real groups service on loopback."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_groups_app(settings), host="127.0.0.1", port=port, log_level="warning"
        )
    )
    serving = asyncio.create_task(server.serve())
    try:
        while not server.started:
            await asyncio.sleep(0.05)
        await asyncio.to_thread(demo.seed_groups, f"http://127.0.0.1:{port}", SECRET)
    finally:
        server.should_exit = True
        await serving


async def _as_before_sealing(owner_dsn: str, settings: Any) -> list[str]:
    """Open every registration, store it in the clear as schema v1, drop every key; the emails."""
    conn = await connect(owner_dsn)
    emails: list[str] = []
    try:
        await conn.execute("select set_config('eventkit.all_tenants', 'on', false)")
        sealer = Sealer(PostgresKeyStore(conn, settings.keks()))
        rows = await conn.fetch(
            "select global_position, tenant_id, data from events"
            " where event_type = 'PractitionerRegistered'"
        )
        clear = []
        for row in rows:
            data = _data(row["data"])
            opened = (await sealer.open(row["tenant_id"], subject_of(data), data, PERSONAL)).data
            assert not opened.get("given_name", "").startswith("sealed:")
            emails += [opened["email"]] if opened.get("email") else []
            clear.append((row["global_position"], json.dumps(opened)))
        async with conn.transaction():
            await conn.execute("alter table events no force row level security")
            await conn.executemany(
                "update events set data = $2::text::jsonb, schema_version = 1"
                " where global_position = $1",
                clear,
            )
            await conn.execute("alter table events force row level security")
            await conn.execute(f"delete from {KEY_TABLE}")
    finally:
        await conn.close()
    return emails


async def _stream_counts(owner_dsn: str) -> tuple[Counter[str], dict[str, str], list[Any]]:
    conn = await connect(owner_dsn)
    try:
        await conn.execute("select set_config('eventkit.all_tenants', 'on', false)")
        rows = await conn.fetch("select tenant_id, stream_id, data from events")
        hashes = await stream_hashes(conn, PERSONAL_DATA)
    finally:
        await conn.close()
    counts = Counter(f"{r['tenant_id']}/{r['stream_id']}" for r in rows)
    return counts, hashes, [_data(r["data"]) for r in rows]


async def test_the_demo_data_from_before_sealing_is_migrated_verified_and_moved(  # type: ignore[no-untyped-def]
    new_database, kafka_bootstrap: str
) -> None:
    db = await a_groups_database(new_database)
    settings = settings_for(db.owner_dsn, kafka_bootstrap)
    await _seed_demo(settings)
    emails = await _as_before_sealing(db.owner_dsn, settings)
    assert len(emails) == len(demo.STAFF) + len(demo.ORGANISATION_STAFF)
    counts, hashes, before = await _stream_counts(db.owner_dsn)
    in_clear = set().union(*(_strings(d) for d in before))
    assert in_clear >= NAMES | set(emails)  # a faithful pre-sealing copy

    # the topic a relay from before sealing would have filled: the same events, in the clear
    old = f"clc.groups.events.{uuid.uuid4().hex[:6]}"
    total = sum(counts.values())
    assert await republish(settings, old) == (total, total)
    in_old = b"".join(r.value or b"" for r in await consume_all(kafka_bootstrap, old, total))
    assert all(email.encode() in in_old for email in emails)

    # a first run interrupted after its first committed batch
    conn = await connect(db.owner_dsn)
    try:
        sealer = Sealer(PostgresKeyStore(conn, settings.keks()))
        with pytest.raises(Interrupted):
            await seal_existing(conn, sealer, PERSONAL_DATA, batch=4, progress=_stop)
    finally:
        await conn.close()

    new = f"clc.groups.events.v2.{uuid.uuid4().hex[:6]}"
    env = {
        "GROUPS_DATABASE_URL": db.owner_dsn,
        "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "GROUPS_TOPIC": old,
    }

    def migrate(*extra: str) -> str:
        result = CliRunner().invoke(
            app, ["migrate", "encrypt-personal", "--to", new, *extra], env=env
        )
        assert result.exit_code == 0, result.output
        return " ".join(result.output.split())

    first = await asyncio.to_thread(migrate)
    assert f"sealed {len(PEOPLE) - 4} events" in first  # the interrupted run sealed 4
    assert "resumed at 0" not in first and f"republished {total} events" in first, first
    again = await asyncio.to_thread(migrate)
    assert "sealed 0 events" in again and "republished 0 events" in again, again

    counts_after, hashes_after, after = await _stream_counts(db.owner_dsn)
    assert counts_after == counts and hashes_after == hashes
    left = set().union(*(_strings(d) for d in after))
    assert not (NAMES | set(emails)) & left
    records = await consume_all(kafka_bootstrap, new, expected=total)
    assert len(records) == total
    published = b"".join(r.value or b"" for r in records)
    for text in [*emails, "Okafor", "Zyskowski", "Haddad", "Amara", "Wilhelmina"]:
        assert text.encode() not in published
    on_topic = set().union(*(_strings(json.loads(r.value or b"{}")) for r in records))
    assert not (NAMES | set(emails)) & on_topic and b"sealed:v1:" in published

    # the read models rebuilt from the sealed log show the same names (opened with the keys)
    pool = await create_pool(db.app_dsn, max_size=3)
    try:
        runner = ProjectorRunner(
            name=f"migrate-demo-{uuid.uuid4().hex[:6]}",
            pool=pool,
            projections=projections(keks=settings.keks()),
            topics=["unused"],
            bootstrap_servers="unused:9092",
            own_source="/clc/groups",
            dead_letter_topic="unused.dlq",
        )
        await runner.rebuild(PostgresEventStore(pool))
        names: dict[str, str] = {}
        for tenant in (demo.DEMO_TENANT, demo.PARTNER_TENANT):
            async with tenant_transaction(pool, tenant) as c:
                rows = await c.fetch("select practitioner_id, display_name from gr_practitioners")
                names |= {r["practitioner_id"]: r["display_name"] for r in rows}
    finally:
        await pool.close()
    assert names == {demo._id("person", k): f"{g} {f}" for k, (g, f) in PEOPLE.items()}

    await asyncio.to_thread(migrate, "--delete-old-topic")
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        async with asyncio.timeout(30):
            while old in await admin.list_topics():
                await asyncio.sleep(0.2)
        assert new in await admin.list_topics()
    finally:
        await admin.close()

"""``clc migrate encrypt-personal`` on a log written before sealing existed: every name and
e-mail sealed in place (an erased person's dropped), resumable after an interruption, verified,
republished to a new topic version, and the old topic deleted."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from clc_cli.main import app
from clc_groups.application import GroupsCommands
from clc_groups.application.sealing import PERSONAL_DATA
from clc_groups.domain import TENANT_ADMIN
from clc_groups.readmodels import projections
from clc_groups.settings import GroupsSettings
from eventkit.pg import connect, tenant_transaction
from eventkit.principal import Principal
from eventkit.projector import ProjectorRunner
from eventkit.store import PostgresEventStore
from servicekit.crypto import PostgresKeyStore, Sealer
from servicekit.crypto.migrate import seal_existing
from typer.testing import CliRunner

from tests.integration.groups.rig import a_groups_database, app_pool
from tests.support.kafka import consume_all, create_topics

pytestmark = pytest.mark.integration

ADMIN = Principal(tenant_id="tenant-a", person_id="admin", roles=frozenset({TENANT_ADMIN}))
PEOPLE = [("p1", "Wilhelmina", "Quackenbush"), ("p2", "Bartholomew", "Zyskowski")]
PEOPLE += [(f"x{i}", f"Given{i}", f"Family{i}") for i in range(6)]


class Interrupted(Exception):
    pass


def _stop_after_first(position: int, done: int) -> None:
    raise Interrupted


async def test_a_clear_text_log_is_sealed_once_verified_and_moved_to_a_new_topic(  # type: ignore[no-untyped-def]
    new_database, kafka_bootstrap: str
) -> None:
    db = await a_groups_database(new_database)
    async with app_pool(db) as pool:
        legacy = GroupsCommands(PostgresEventStore(pool))  # as written before sealing existed
        await legacy.schools.register(ADMIN, school_id="oak", name="Oak")
        for pid, given, family in PEOPLE:
            await legacy.practitioners.register(
                ADMIN,
                practitioner_id=pid,
                school_id="oak",
                given_name=given,
                family_name=family,
                email=f"{pid}@oak.example",
                role="teacher",
            )
        await legacy.practitioners.erase(ADMIN, practitioner_id="p1")
    settings = GroupsSettings(database_url=db.owner_dsn)
    conn = await connect(db.owner_dsn)
    try:
        await conn.execute(
            "update events set schema_version = 1 where event_type = 'PractitionerRegistered'"
        )
        assert "Wilhelmina" in str(await conn.fetch("select data from events"))
        # an interrupted first run commits its first batch and stops
        sealer = Sealer(PostgresKeyStore(conn, settings.keks()))
        with pytest.raises(Interrupted):
            await seal_existing(conn, sealer, PERSONAL_DATA, batch=3, progress=_stop_after_first)
    finally:
        await conn.close()

    old, new = f"clc.groups.old.{uuid.uuid4().hex[:6]}", f"clc.groups.v2.{uuid.uuid4().hex[:6]}"
    await create_topics(kafka_bootstrap, old)
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
        return result.output

    first = await asyncio.to_thread(migrate)
    assert "resumed at" in first and "resumed at 0" not in first
    assert f"republished {len(PEOPLE) + 2} events" in first
    again = await asyncio.to_thread(migrate)
    assert "sealed 0 events" in again and "republished 0 events" in again

    conn = await connect(db.owner_dsn)
    try:
        stored = str(await conn.fetch("select data from events"))
    finally:
        await conn.close()
    for _, given, family in PEOPLE:
        assert given not in stored and family not in stored
    assert "@oak.example" not in stored
    records = await consume_all(kafka_bootstrap, new, expected=len(PEOPLE) + 2)
    published = b"".join(r.value or b"" for r in records)
    assert b"Bartholomew" not in published and b"sealed:v1:" in published

    # the read models rebuilt from the sealed log: names for the living, the label for p1
    async with app_pool(db) as pool:
        runner = ProjectorRunner(
            name="migrate-test",
            pool=pool,
            projections=projections(keks=settings.keks()),
            topics=["unused"],
            bootstrap_servers="unused:9092",
            own_source="/clc/groups",
            dead_letter_topic="unused.dlq",
        )
        await runner.rebuild(PostgresEventStore(pool))
        async with tenant_transaction(pool, "tenant-a") as c:
            names = {
                r["practitioner_id"]: r["display_name"]
                for r in await c.fetch("select practitioner_id, display_name from gr_practitioners")
            }
    assert names["p1"] == "Former practitioner" and names["p2"] == "Bartholomew Zyskowski"

    await asyncio.to_thread(migrate, "--delete-old-topic")
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        async with asyncio.timeout(30):
            while old in await admin.list_topics():
                await asyncio.sleep(0.2)
    finally:
        await admin.close()

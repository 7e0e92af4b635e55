"""Erasure that holds: a practitioner's name and e-mail never reach the store or the topic in
the clear, and once they are erased no read model, rebuild or replay can bring them back."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from clc_cli.main import app as clc_app
from clc_groups.application import GroupsCommands
from clc_groups.application.sealing import PERSONAL_DATA
from clc_groups.domain import TENANT_ADMIN
from clc_groups.keys import rewrap_keys
from clc_groups.readmodels import projections
from clc_groups.service import GROUPS
from clc_groups.settings import GroupsSettings
from eventkit.pg import connect, tenant_transaction
from eventkit.principal import Principal
from eventkit.projector import ProjectorRunner
from eventkit.store import PostgresEventStore
from servicekit.cli import rebuild
from servicekit.crypto import KEY_TABLE, PostgresKeyStore, Sealer, SealingEventStore, new_kek
from typer.testing import CliRunner

from tests.integration.groups.rig import a_groups_database, app_pool
from tests.integration.groups.service import Service, a_running_service, settings_for, token
from tests.support.kafka import consume_all

pytestmark = pytest.mark.integration

ADMIN = token("admin", "tenant_admin")
PAYLOAD = "userErrors { code message field } consistencyToken"
SECRETS = ("Wilhelmina", "Quackenbush", "wq@oak.example", "Bartholomew", "Zyskowski")


async def ok(service: Service, name: str, /, **fields: object) -> str:
    kind = f"{name[0].upper()}{name[1:]}Input"
    query = f"mutation($input: {kind}!) {{ {name}(input: $input) {{ {PAYLOAD} }} }}"
    result = (await service.data(ADMIN, query, input=fields))[name]
    assert result["userErrors"] == [], result
    return str(result["consistencyToken"])


async def person(service: Service, practitioner_id: str, consistency: str) -> dict[str, object]:
    query = """query($id: ID!, $t: String) { practitioner(id: $id, consistencyToken: $t) {
        displayName givenName familyName status } }"""
    found: dict[str, object] = (
        await service.data(ADMIN, query, id=practitioner_id, t=consistency)
    )["practitioner"]
    return found


async def table_text(owner_dsn: str) -> str:
    """Every row of every table of the database, as text (the owner bypasses nothing: the tables
    are read one tenant at a time is not needed, superuser sees all)."""
    conn = await connect(owner_dsn)
    try:
        tables = await conn.fetch(
            "select tablename from pg_tables where schemaname = 'public' order by 1"
        )
        dumps = [str(await conn.fetch(f"select t::text from {r['tablename']} t")) for r in tables]
    finally:
        await conn.close()
    return "\n".join(dumps)


@pytest.fixture
async def setup(
    new_database, kafka_bootstrap: str
) -> AsyncIterator[tuple[GroupsSettings, Service]]:  # type: ignore[no-untyped-def]
    db = await a_groups_database(new_database)
    settings = settings_for(db.owner_dsn, kafka_bootstrap)
    async with a_running_service(settings) as service:
        yield settings, service


async def test_erased_names_are_gone_from_store_topic_read_models_and_rebuilds(setup) -> None:  # type: ignore[no-untyped-def]
    settings, service = setup
    await ok(service, "registerSchool", schoolId="oak", name="Oak")
    await ok(
        service,
        "registerPractitioner",
        practitionerId="wq",
        schoolId="oak",
        givenName="Wilhelmina",
        familyName="Quackenbush",
        email="wq@oak.example",
        role="TEACHER",
    )
    t = await ok(
        service,
        "registerPractitioner",
        practitionerId="bz",
        schoolId="oak",
        givenName="Bartholomew",
        familyName="Zyskowski",
        role="TEACHER",
    )
    # the read model holds the names, opened; the store holds them sealed only
    assert (await person(service, "wq", t))["displayName"] == "Wilhelmina Quackenbush"
    conn = await connect(settings.database_url)
    try:
        stored = await conn.fetch(
            "select data from events where event_type = 'PractitionerRegistered'"
        )
        keys = await conn.fetch(f"select * from {KEY_TABLE}")
    finally:
        await conn.close()
    assert all(s not in str(stored) for s in SECRETS)
    assert "sealed:v1:" in str(stored) and len(keys) == 2

    t = await ok(service, "erasePractitioner", practitionerId="wq")
    erased = await person(service, "wq", t)
    assert erased["displayName"] == "Former practitioner" and erased["givenName"] is None
    # one person's erasure leaves the other readable
    assert (await person(service, "bz", t))["displayName"] == "Bartholomew Zyskowski"

    # rebuild every read model from the store: the label, never the name
    await rebuild(settings, GROUPS)
    rebuilt = await person(service, "wq", t)
    assert rebuilt["displayName"] == "Former practitioner"
    assert (await person(service, "bz", t))["displayName"] == "Bartholomew Zyskowski"
    dump = await table_text(settings.database_url)
    for secret in SECRETS[:3]:
        assert secret not in dump, secret
    # the key's bytes are deleted, not only flagged
    conn = await connect(settings.database_url)
    try:
        row = await conn.fetchrow(
            f"select wrapped_key, kek_id, destroyed_at from {KEY_TABLE} where subject = $1",
            "practitioner:wq",
        )
    finally:
        await conn.close()
    assert row["wrapped_key"] is None and row["kek_id"] is None and row["destroyed_at"]

    # the topic never carried the names in the clear
    records = await consume_all(settings.kafka_bootstrap_servers, settings.topic, expected=4)
    published = b"".join((r.value or b"") + b"".join(v for _, v in r.headers) for r in records)
    for secret in SECRETS:
        assert secret.encode() not in published, secret
    assert b"sealed:v1:" in published

    # ``clc events tail`` shows ciphertext as such; with the keys, opened (an erased one: not)
    def tail(*extra: str) -> str:
        result = CliRunner().invoke(
            clc_app,
            [
                *("events", "tail", "--topic", settings.topic, "--from", "beginning", "--json"),
                *("--type", "PractitionerRegistered"),
                *("--bootstrap", settings.kafka_bootstrap_servers, *extra),
            ],
            env={"GROUPS_DATABASE_URL": settings.database_url},
        )
        assert result.exit_code == 0, result.output
        return result.output

    plain = await asyncio.to_thread(tail)
    assert "<sealed: key" in plain and "Bartholomew" not in plain
    opened = await asyncio.to_thread(tail, "--open-with", "groups")
    assert "Bartholomew" in opened and "<erased>" in opened and "Wilhelmina" not in opened


async def test_erasing_twice_is_refused_and_the_key_stays_destroyed(setup) -> None:  # type: ignore[no-untyped-def]
    _, service = setup
    await ok(service, "registerSchool", schoolId="oak", name="Oak")
    await ok(
        service,
        "registerPractitioner",
        practitionerId="p",
        schoolId="oak",
        givenName="Wilhelmina",
        familyName="Quackenbush",
        role="TEACHER",
    )
    await ok(service, "erasePractitioner", practitionerId="p")
    query = "mutation($input: ErasePractitionerInput!) { erasePractitioner(input: $input) { %s } }"
    body = await service.data(ADMIN, query % PAYLOAD, input={"practitionerId": "p"})
    again = body["erasePractitioner"]
    assert again["userErrors"][0]["code"] == "PRACTITIONER_ALREADY_ERASED"


class _CrashBeforeDestroy(PostgresKeyStore):
    """The service stopped between appending the erasure and destroying the key."""

    async def destroy(self, tenant_id: str, subject: str) -> bool:
        return False


async def test_the_roster_projection_destroys_the_key_even_when_the_writer_did_not(  # type: ignore[no-untyped-def]
    new_database,
) -> None:
    db = await a_groups_database(new_database)
    admin = Principal(tenant_id="tenant-a", person_id="a", roles=frozenset({TENANT_ADMIN}))
    keks = GroupsSettings().keks()
    async with app_pool(db) as pool:
        sealer = Sealer(_CrashBeforeDestroy(pool, keks))
        store = SealingEventStore(PostgresEventStore(pool), sealer, PERSONAL_DATA)
        app = GroupsCommands(store)
        await app.schools.register(admin, school_id="oak", name="Oak")
        await app.practitioners.register(
            admin,
            practitioner_id="p",
            school_id="oak",
            given_name="Wilhelmina",
            family_name="Quackenbush",
            role="teacher",
        )
        await app.practitioners.erase(admin, practitioner_id="p")
        assert (
            await pool.fetchval(f"select count(*) from {KEY_TABLE} where wrapped_key is not null")
            == 1
        )
        runner = ProjectorRunner(
            name="groups-test",
            pool=pool,
            projections=projections(keks=keks),
            topics=["unused"],
            bootstrap_servers="unused:9092",
            own_source="/clc/groups",
            dead_letter_topic="unused.dlq",
        )
        await runner.rebuild(PostgresEventStore(pool))
        assert (
            await pool.fetchval(f"select count(*) from {KEY_TABLE} where wrapped_key is not null")
            == 0
        )
        async with tenant_transaction(pool, "tenant-a") as conn:
            row = await conn.fetchrow("select display_name, given_name from gr_practitioners")
        assert tuple(row) == ("Former practitioner", None)


async def test_kek_rotation_rewraps_every_key_and_the_old_kek_can_go(setup) -> None:  # type: ignore[no-untyped-def]
    settings, service = setup
    await ok(service, "registerSchool", schoolId="oak", name="Oak")
    for pid in ("a", "b", "c"):
        await ok(
            service,
            "registerPractitioner",
            practitionerId=pid,
            schoolId="oak",
            givenName="Wilhelmina",
            familyName=pid,
            role="TEACHER",
        )
    entry = new_kek("kek-2")
    rotated = settings.model_copy(
        update={"key_encryption_keys": f"{settings.key_encryption_keys},{entry}"}
    )
    assert await rewrap_keys(rotated) == 3
    assert await rewrap_keys(rotated) == 0
    only_new = settings.model_copy(update={"key_encryption_keys": entry})
    conn = await connect(settings.database_url)
    try:
        assert {r["kek_id"] for r in await conn.fetch(f"select kek_id from {KEY_TABLE}")} == {
            "kek-2"
        }
        (row,) = await conn.fetch(
            "select * from events where event_type = 'PractitionerRegistered' and stream_id = 'b'"
        )
        sealer = Sealer(PostgresKeyStore(conn, only_new.keks()))
        opened = await sealer.open(row["tenant_id"], "practitioner:b", row["data"], ["family_name"])
    finally:
        await conn.close()
    assert opened.data["family_name"] == "b"

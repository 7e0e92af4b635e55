"""Read models rebuilt from a real event store, read as the app role under row-level security."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import pytest
from clc_groups.application import GroupsCommands
from clc_groups.domain import ERASED_NAME, TENANT_ADMIN
from clc_groups.readmodels import projections
from eventkit.pg import tenant_transaction
from eventkit.principal import Principal
from eventkit.projector import ProjectorRunner
from eventkit.store import PostgresEventStore

from tests.integration.groups.rig import a_groups_database, app_pool

pytestmark = pytest.mark.integration

ADMIN_A = Principal(tenant_id="tenant-a", person_id="admin-a", roles=frozenset({TENANT_ADMIN}))
ADMIN_B = Principal(tenant_id="tenant-b", person_id="admin-b", roles=frozenset({TENANT_ADMIN}))


@pytest.fixture
async def pool(new_database) -> AsyncIterator[asyncpg.Pool]:  # type: ignore[no-untyped-def]
    db = await a_groups_database(new_database)
    async with app_pool(db) as pool:
        yield pool


async def rebuild(pool: asyncpg.Pool) -> int:
    runner = ProjectorRunner(
        name="groups-test",
        pool=pool,
        projections=projections(),
        topics=["unused"],
        bootstrap_servers="unused:9092",
        own_source="/clc/groups",
        dead_letter_topic="unused.dlq",
    )
    return await runner.rebuild(PostgresEventStore(pool))


async def a_roster(app: GroupsCommands) -> None:
    await app.schools.register(ADMIN_A, school_id="oak", name="Oak")
    await app.schools.register(ADMIN_B, school_id="elm", name="Elm")
    await app.practitioners.register(
        ADMIN_A,
        practitioner_id="pat",
        school_id="oak",
        given_name="Pat",
        family_name="Lee",
        role="teacher",
        email="pat@oak.example",
    )


async def test_the_app_role_writes_events_and_rebuilds_the_read_models(pool) -> None:  # type: ignore[no-untyped-def]
    await a_roster(GroupsCommands(PostgresEventStore(pool)))
    assert await rebuild(pool) == 3
    async with tenant_transaction(pool, "tenant-a") as conn:
        names = await conn.fetch("select name from gr_schools")
        person = await conn.fetchrow("select display_name, email from gr_practitioners")
    assert [r["name"] for r in names] == ["Oak"]
    assert (person["display_name"], person["email"]) == ("Pat Lee", "pat@oak.example")


async def test_row_level_security_hides_other_tenants_rows(pool) -> None:  # type: ignore[no-untyped-def]
    await a_roster(GroupsCommands(PostgresEventStore(pool)))
    await rebuild(pool)
    async with tenant_transaction(pool, "tenant-b") as conn:
        assert await conn.fetchval("select count(*) from gr_practitioners") == 0
        assert await conn.fetchval("select school_id from gr_schools") == "elm"
    async with pool.acquire() as conn:
        assert await conn.fetchval("select count(*) from gr_schools") == 0


async def test_no_tenant_may_write_rows_of_another(pool) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        async with tenant_transaction(pool, "tenant-b") as conn:
            await conn.execute(
                "insert into gr_schools (tenant_id, school_id, name) values ('tenant-a', 'x', 'X')"
            )


async def test_erasure_replaces_the_name_with_the_neutral_label(pool) -> None:  # type: ignore[no-untyped-def]
    app = GroupsCommands(PostgresEventStore(pool))
    await a_roster(app)
    await app.practitioners.erase(ADMIN_A, practitioner_id="pat")
    await rebuild(pool)
    async with tenant_transaction(pool, "tenant-a") as conn:
        row = await conn.fetchrow("select * from gr_practitioners where practitioner_id = 'pat'")
    assert row["display_name"] == ERASED_NAME
    assert (row["given_name"], row["family_name"], row["email"]) == (None, None, None)


async def test_participation_is_counted_in_aggregate_rebuilt_and_tenant_guarded(pool) -> None:  # type: ignore[no-untyped-def]
    app = GroupsCommands(PostgresEventStore(pool))
    await a_roster(app)
    for person in ("kim", "lou"):
        await app.practitioners.register(
            ADMIN_A,
            practitioner_id=person,
            school_id="oak",
            given_name=person.title(),
            family_name="Lee",
            role="teacher",
        )
    groups = app.learning_groups
    await groups.form(ADMIN_A, group_id="g", name="Readers", kind="study_group")
    await groups.add_member(ADMIN_A, group_id="g", practitioner_id="pat", role="co_leader")
    await groups.add_member(ADMIN_A, group_id="g", practitioner_id="kim")
    await groups.propose_ground_rules(ADMIN_A, group_id="g", text="Listen first")
    for member in ("pat", "kim"):  # consent: each member agrees by their own act
        by = Principal(tenant_id=ADMIN_A.tenant_id, person_id=member, roles=frozenset())
        await groups.agree_ground_rules(by, group_id="g", version=1)
    await groups.launch(ADMIN_A, group_id="g")
    for session in ("s1", "s2", "s3", "s4"):
        await groups.schedule_session(
            ADMIN_A,
            group_id="g",
            session_id=session,
            starts_at=datetime(2031, 1, 1, tzinfo=UTC),
            protocol="dialogue",
        )
    # s1: one of two members; then lou joins; s2: all three; s3 cancelled; s4 still to come.
    await groups.hold_session(ADMIN_A, group_id="g", session_id="s1", attendee_ids=["pat"])
    await groups.add_member(ADMIN_A, group_id="g", practitioner_id="lou")
    await groups.hold_session(
        ADMIN_A, group_id="g", session_id="s2", attendee_ids=["pat", "kim", "lou"]
    )
    await groups.cancel_session(ADMIN_A, group_id="g", session_id="s3")

    expected = {
        "members": 3,
        "sessions_scheduled": 1,
        "sessions_held": 2,
        "sessions_cancelled": 1,
        "attendances": 4,
        "expected_attendances": 5,
    }
    for _ in range(2):  # a rebuild starts from empty tables: twice gives the same counts
        await rebuild(pool)
        async with tenant_transaction(pool, "tenant-a") as conn:
            row = await conn.fetchrow("select * from gr_group_participation where group_id = 'g'")
        assert {k: row[k] for k in expected} == expected
    async with tenant_transaction(pool, "tenant-b") as conn:
        assert await conn.fetchval("select count(*) from gr_group_participation") == 0

"""Evidence containing pupil data is sealed with a key of its own and kept only for the tenant's
retention period: then the sweeper destroys the key, the journal shows the neutral label, the
store holds only what nobody can open, and a rebuild projects the label again."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from clc_enquiry.application import EnquiryService
from clc_enquiry.application.sealing import EXPIRED_EVIDENCE
from clc_enquiry.readmodels import ALL_TABLES, projections
from clc_enquiry.retention import sweep_expired_evidence
from clc_enquiry.service import ENQUIRY
from clc_enquiry.settings import EnquirySettings
from eventkit.migrations import migrate
from eventkit.pg import connect, create_pool, tenant_transaction
from eventkit.projector import ProjectorRunner
from eventkit.store import PostgresEventStore
from servicekit.crypto import KEY_TABLE, SealingEventStore
from servicekit.roles import ensure_app_role

from tests.integration.enquiry.rig import APP_PASSWORD, APP_ROLE
from tests.unit.enquiry_app.world import GROUP, MO, NETWORK, FakeMembership, World, new_id

pytestmark = pytest.mark.integration

TENANT = "tenant-a"
SECRET_TITLE = "Year 6 reading ages, named pupils"
SECRET_REFERENCE = "s3://evidence/reading-ages-y6.xlsx"


async def rebuild(settings: EnquirySettings, pool) -> None:  # type: ignore[no-untyped-def]
    runner = ProjectorRunner(
        name="retention-test",
        pool=pool,
        projections=projections(keys=settings.keys()),
        topics=["unused"],
        bootstrap_servers="unused:9092",
        own_source="/clc/enquiry",
        dead_letter_topic="unused.dlq",
    )
    await runner.rebuild(PostgresEventStore(pool))


async def journal(pool) -> list[tuple[str, dict[str, object]]]:  # type: ignore[no-untyped-def]
    async with tenant_transaction(pool, TENANT) as conn:
        rows = await conn.fetch("select body, details from enq_journal where kind = 'evidence'")
    return [(r["body"], dict(r["details"])) for r in rows]


async def test_pupil_data_evidence_is_shredded_after_the_tenants_period(new_database) -> None:  # type: ignore[no-untyped-def]
    owner_dsn = await new_database(f"enquiry_retention_{uuid.uuid4().hex[:8]}")
    conn = await connect(owner_dsn)
    try:
        await migrate(conn, ENQUIRY.migrations)
        await ensure_app_role(conn, APP_ROLE, APP_PASSWORD, [*ALL_TABLES, KEY_TABLE])
    finally:
        await conn.close()
    settings = EnquirySettings(
        database_url=owner_dsn,
        app_role=APP_ROLE,
        app_role_password=APP_PASSWORD,
        pupil_data_tenants=frozenset({TENANT}),
        pupil_data_retention_s={TENANT: 2},
    )
    pool = await create_pool(settings.app_dsn(), max_size=4)
    try:
        keys = settings.keys()
        store = SealingEventStore(PostgresEventStore(pool), keys.sealer(pool), keys.personal)
        membership = FakeMembership()
        membership.form(GROUP, network_id=NETWORK, leaders=("lea", "fay"), members=("mo",))
        app = EnquiryService(store, membership, pupil_data_tenants=settings.pupil_data_tenants)
        world = World(store, membership, app)  # type: ignore[arg-type]
        enquiry_id = await world.an_enquiry()
        cycle_id = await world.a_cycle(enquiry_id)
        for title, pupils in ((SECRET_TITLE, True), ("Staff survey", False)):
            await app.enquiries.attach_evidence(
                MO,
                enquiry_id=enquiry_id,
                cycle_id=cycle_id,
                entry_id=new_id(),
                title=title,
                reference=SECRET_REFERENCE if pupils else "s3://evidence/survey",
                contains_pupil_data=pupils,
            )
        await rebuild(settings, pool)
        assert {body for body, _ in await journal(pool)} == {SECRET_TITLE, "Staff survey"}
        async with pool.acquire() as c, c.transaction():
            await c.execute("select set_config('eventkit.all_tenants', 'on', true)")
            stored = str(await c.fetch("select data from events"))
        assert SECRET_TITLE not in stored and SECRET_REFERENCE not in stored
        assert "Staff survey" in stored  # evidence without pupil data is not sealed

        assert await sweep_expired_evidence(pool, settings) == 0  # not yet
        await asyncio.sleep(2.5)
        assert await sweep_expired_evidence(pool, settings) == 1
        assert await sweep_expired_evidence(pool, settings) == 0  # idempotent
        after = {body: details for body, details in await journal(pool)}
        assert set(after) == {EXPIRED_EVIDENCE, "Staff survey"}
        assert "reference" not in after[EXPIRED_EVIDENCE]
        # a rebuild from the store finds the key destroyed: the label again, never the content
        await rebuild(settings, pool)
        assert {body for body, _ in await journal(pool)} == {EXPIRED_EVIDENCE, "Staff survey"}
        assert (
            await pool.fetchval(f"select count(*) from {KEY_TABLE} where wrapped_key is not null")
            == 0
        )
        # the enquiry itself still loads and takes commands (its stream opens with the label)
        await app.enquiries.attach_evidence(
            MO,
            enquiry_id=enquiry_id,
            cycle_id=cycle_id,
            entry_id=new_id(),
            title="Later",
            reference="s3://evidence/later",
            contains_pupil_data=False,
        )
    finally:
        await pool.close()

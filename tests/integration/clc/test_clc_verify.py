"""``clc verify groups``: the read models rebuilt into a scratch schema equal the live ones after
real writes through a running service; a tampered live row is reported with exit status 1."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from eventkit.pg import create_pool

from tests.integration.clc.test_clc_operations import _environment, clc
from tests.integration.groups.rig import a_groups_database
from tests.integration.groups.service import Service, a_running_service, settings_for, token

pytestmark = pytest.mark.integration

ADMIN = token("admin", "tenant_admin")


@pytest.fixture
async def running(  # type: ignore[no-untyped-def]
    new_database, kafka_bootstrap: str, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[Service, str]]:
    db = await a_groups_database(new_database)
    settings = settings_for(db.owner_dsn, kafka_bootstrap)
    _environment(monkeypatch, settings)
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", kafka_bootstrap)
    async with a_running_service(settings) as service:
        yield service, db.owner_dsn


async def test_verify_is_clean_after_writes_and_reports_a_tampered_row(
    running: tuple[Service, str],
) -> None:
    service, owner_dsn = running
    last = ""
    for n in range(5):
        data = await service.data(
            ADMIN,
            "mutation($i: RegisterSchoolInput!) { registerSchool(input: $i)"
            " { userErrors { code } consistencyToken } }",
            i={"schoolId": f"v{n}", "name": f"School {n}"},
        )
        last = data["registerSchool"]["consistencyToken"]
    await service.data(
        ADMIN, "query($t: String) { schools(consistencyToken: $t) { edges { cursor } } }", t=last
    )

    clean = await asyncio.to_thread(clc, "verify", "groups")
    assert clean.exit_code == 0, clean.output
    assert "0 table(s) differ" in clean.output

    pool = await create_pool(owner_dsn, max_size=1)
    try:
        await pool.execute("update gr_schools set name = 'tampered' where school_id = 'v3'")
    finally:
        await pool.close()
    tampered = await asyncio.to_thread(clc, "verify", "groups")
    assert tampered.exit_code == 1, tampered.output
    assert "DIFFERS gr_schools: 1 row(s) only live, 1 only rebuilt" in tampered.output

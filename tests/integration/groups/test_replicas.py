"""Two replicas of the groups service on one database and one broker (issue 12's measurement:
400 commands spread over both once put 952 messages on the topic for 538 stored events, because
each replica ran its own relay). Now one relay leads and the topic holds each event once; and a
consistency token from one replica is honoured by the other."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from eventkit.cloudevents import from_kafka
from eventkit.pg import create_pool

from tests.integration.groups.rig import a_groups_database
from tests.integration.groups.service import Service, a_running_service, settings_for, token
from tests.support.kafka import consume_all

pytestmark = pytest.mark.integration

ADMIN = token("admin", "tenant_admin")
COMMANDS = 400
REGISTER = (
    "mutation($input: RegisterSchoolInput!) { registerSchool(input: $input) {"
    " school { id } userErrors { code } consistencyToken } }"
)
RENAME = (
    "mutation($input: UpdateSchoolInput!) { updateSchool(input: $input) {"
    " school { id } userErrors { code } consistencyToken } }"
)


@pytest.fixture
async def replicas(
    new_database, kafka_bootstrap: str
) -> AsyncIterator[tuple[Service, Service, str]]:  # type: ignore[no-untyped-def]
    db = await a_groups_database(new_database)
    settings = settings_for(db.owner_dsn, kafka_bootstrap, relay_poll_s=0.3)
    async with a_running_service(settings) as one, a_running_service(settings) as two:
        yield one, two, db.owner_dsn


async def _command(service: Service, n: int) -> str:
    school = f"s{n // 2}"
    if n % 2 == 0:
        data = await service.data(ADMIN, REGISTER, input={"schoolId": school, "name": school})
        result = data["registerSchool"]
    else:
        data = await service.data(ADMIN, RENAME, input={"schoolId": school, "name": f"{school}!"})
        result = data["updateSchool"]
    assert result["userErrors"] == [], result
    token_value: str = result["consistencyToken"]
    return token_value


async def test_400_commands_over_two_replicas_publish_each_stored_event_once(
    replicas: tuple[Service, Service, str], kafka_bootstrap: str
) -> None:
    one, two, owner_dsn = replicas
    gate = asyncio.Semaphore(16)

    async def send(n: int) -> str:
        async with gate:
            # Each school's register and rename go through different replicas, in order.
            return await _command(one if n % 2 == 0 else two, n)

    registered = await asyncio.gather(*(send(n) for n in range(0, COMMANDS, 2)))
    renamed = await asyncio.gather(*(send(n) for n in range(1, COMMANDS, 2)))
    assert len(registered) + len(renamed) == COMMANDS

    pool = await create_pool(owner_dsn, max_size=1)
    try:
        stored = await pool.fetchval("select count(*) from events")
    finally:
        await pool.close()
    runtimes = [s.app.state.runtime for s in (one, two)]
    async with asyncio.timeout(60):
        while sum(r.relay.stats.published for r in runtimes) < stored:
            await asyncio.sleep(0.05)
    topic = runtimes[0].settings.topic
    records = await consume_all(kafka_bootstrap, topic, stored)
    ids = [from_kafka(r.value or b"", r.headers).event_id for r in records]
    assert len(ids) == stored == len(set(ids))  # zero doubles, as in a crash-free run
    assert sorted(r.relay.stats.published for r in runtimes) == [0, stored]
    assert sum(r.leadership.terms for r in runtimes) == 1


async def test_a_token_from_one_replica_is_honoured_by_the_other(
    replicas: tuple[Service, Service, str],
) -> None:
    one, two, _ = replicas
    consistency = await _command(one, 0)
    data = await two.data(
        ADMIN,
        'query($t: String) { school(id: "s0", consistencyToken: $t) { name } }',
        t=consistency,
    )
    assert data["school"] == {"name": "s0"}

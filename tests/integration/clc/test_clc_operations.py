"""``clc`` against real PostgreSQL and Kafka: a topic tailed as readable events, a dead letter
listed and skipped, one projection rebuilt — in a running groups service's own database and
topic, the settings read from the environment as an operator's shell would have them."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
from clc_cli.main import app
from eventkit.envelope import NewEvent, StreamRef
from eventkit.pg import create_pool
from eventkit.store import PostgresEventStore
from typer.testing import CliRunner, Result

from tests.integration.groups.rig import a_groups_database
from tests.integration.groups.service import Service, a_running_service, settings_for

pytestmark = pytest.mark.integration


def clc(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def _environment(monkeypatch: pytest.MonkeyPatch, settings: object) -> None:
    for name, value in settings.model_dump().items():  # type: ignore[attr-defined]
        if value is not None:
            monkeypatch.setenv(f"GROUPS_{name.upper()}", str(value))


async def _append(owner_dsn: str, school: str, data: dict[str, str]) -> None:
    pool = await create_pool(owner_dsn, max_size=1)
    try:
        await PostgresEventStore(pool).append(
            StreamRef(stream_id=school, stream_type="School", tenant_id="tenant-a"),
            [NewEvent(event_type="SchoolRegistered", data={"school_id": school, **data})],
            expected_version=0,
        )
    finally:
        await pool.close()


@pytest.fixture
async def running(  # type: ignore[no-untyped-def]
    new_database, kafka_bootstrap: str, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[tuple[Service, str, str]]:
    db = await a_groups_database(new_database)
    settings = settings_for(db.owner_dsn, kafka_bootstrap)
    _environment(monkeypatch, settings)
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", kafka_bootstrap)
    async with a_running_service(settings) as service:
        yield service, db.owner_dsn, settings.topic


async def test_tail_a_topic_then_list_and_skip_its_dead_letter(
    running: tuple[Service, str, str],
) -> None:
    service, owner_dsn, topic = running
    await _append(owner_dsn, "elm", {"tenant_id": "tenant-a", "name": "Elm Primary"})
    await _append(owner_dsn, "oak", {})  # no name: the read models cannot apply it
    async with asyncio.timeout(30):
        while not (await service.http.get("/readyz")).json()["degraded"]:
            await asyncio.sleep(0.1)

    tail = await asyncio.to_thread(clc, "topic", "tail", topic, "--from-beginning", "--json")
    assert tail.exit_code == 0, tail.output
    events = [json.loads(line) for line in tail.output.splitlines() if line.startswith("{")]
    assert [(e["type"], e["tenant"], e["stream"]) for e in events] == [
        ("SchoolRegistered", "tenant-a", "elm"),
        ("SchoolRegistered", "tenant-a", "oak"),
    ]
    assert int(events[0]["position"]) < int(events[1]["position"])
    assert events[0]["data"]["name"] == "Elm Primary" and events[0]["time"]

    # --follow waits for what comes next: a third school, recorded while it tails
    following = asyncio.create_task(
        asyncio.to_thread(
            clc, "topic", "tail", topic, "--from-beginning", "--follow", "--limit", "3", "--json"
        )
    )
    await asyncio.sleep(1)
    assert not following.done()
    await _append(owner_dsn, "ash", {"tenant_id": "tenant-a", "name": "Ash Academy"})
    async with asyncio.timeout(30):
        followed = await following
    # three partitions: the order across streams is not the order of appending
    followed_events = [json.loads(line) for line in followed.output.strip().splitlines()]
    [ash] = [e for e in followed_events if e["stream"] == "ash"]
    assert ash["data"]["name"] == "Ash Academy" and len(followed_events) == 3

    readable = await asyncio.to_thread(clc, "topic", "tail", topic, "--from-beginning")
    assert "SchoolRegistered" in readable.output and "tenant=tenant-a" in readable.output
    assert "Elm Primary" in readable.output

    listed = await asyncio.to_thread(clc, "dead-letters", "list", "groups")
    assert listed.exit_code == 1
    assert "SchoolRegistered" in listed.output and "UNHANDLED" in listed.output
    rows = [line for line in listed.output.splitlines() if line[:1].isdigit() and "\t" in line]
    [letter] = [row.split("\t")[0] for row in rows]
    skipped = await asyncio.to_thread(clc, "dead-letters", "skip", "groups", "--id", letter)
    assert skipped.exit_code == 0 and "skipped 1" in skipped.output
    assert (await asyncio.to_thread(clc, "dead-letters", "list", "groups")).exit_code == 0


async def test_one_projection_is_rebuilt_from_the_store(  # type: ignore[no-untyped-def]
    new_database, kafka_bootstrap: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = await a_groups_database(new_database)
    _environment(monkeypatch, settings_for(db.owner_dsn, kafka_bootstrap))
    await _append(db.owner_dsn, "elm", {"tenant_id": "tenant-a", "name": "Elm Primary"})
    done = await asyncio.to_thread(clc, "projection", "rebuild", "groups", "groups.networks")
    assert done.exit_code == 0, done.output
    assert "groups.networks from 1 events" in done.output

"""The event stream as a consumer meets it, against a running groups service's real topic:
``clc events tail|replay`` from an offset or a time, filtered by type glob, re-published
to another topic once per event id; and every event's ``ce_dataschema`` fetched from the
gateway app and the event's body validated against it (``jsonschema``)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import jsonschema
import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from clc_cli.main import app
from clc_gateway.app import create_app
from clc_gateway.settings import GatewaySettings
from eventkit.cloudevents import DEFAULT_SCHEMA_BASE
from typer.testing import CliRunner, Result

from tests.integration.groups.rig import a_groups_database
from tests.integration.groups.service import a_running_service, settings_for
from tests.integration.groups.world import networks_with_groups

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[3]


def clc(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def events_of(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]


@pytest.fixture(scope="module")
async def published(  # type: ignore[no-untyped-def]
    new_database, kafka_bootstrap: str
) -> AsyncIterator[tuple[str, str, datetime]]:
    """A groups topic holding one network's events (a few dozen, of a dozen types)."""
    db = await a_groups_database(new_database)
    settings = settings_for(db.owner_dsn, kafka_bootstrap)
    started = datetime.now(UTC)
    async with a_running_service(settings) as service:
        await networks_with_groups(service, "tenant-a", 1)
        async with asyncio.timeout(60):
            while True:
                tail = await asyncio.to_thread(
                    clc, "events", "tail", "--topic", settings.topic, "--from", "beginning",
                    "--type", "SessionCancelled", "--json", "--bootstrap", kafka_bootstrap,
                )  # fmt: skip
                if events_of(tail):
                    break
                await asyncio.sleep(0.2)
        yield kafka_bootstrap, settings.topic, started
    retention = await _retention(kafka_bootstrap, [settings.topic, settings.dead_letter_topic])
    # README "Consuming the event stream": events forever, dead letters 30 days
    assert retention == {settings.topic: "-1", settings.dead_letter_topic: str(30 * 86_400_000)}


async def _retention(bootstrap: str, topics: list[str]) -> dict[str, str]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        described = await admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, t) for t in topics]
        )
    finally:
        await admin.close()
    return {
        resource[3]: {c[0]: c[1] for c in resource[4]}["retention.ms"]
        for response in described
        for resource in response.resources
    }


def ids(events: Iterable[dict[str, Any]]) -> list[str]:
    return sorted(e["id"] for e in events)


def everything(bootstrap: str, topic: str, *more: str) -> list[dict[str, Any]]:
    return events_of(
        clc("events", "tail", "--topic", topic, "--from", "beginning", "--json",
            "--bootstrap", bootstrap, *more)
    )  # fmt: skip


async def test_every_event_validates_against_the_schema_its_dataschema_names(
    published: tuple[str, str, datetime],
) -> None:
    bootstrap, topic, _ = published
    events = await asyncio.to_thread(everything, bootstrap, topic)
    assert len({e["type"] for e in events}) >= 10
    settings = GatewaySettings(
        supergraph=str(ROOT / "gateway" / "supergraph.graphql"),
        jwt_hs256_secret="s" * 32,
        reload_interval_s=0,
    )
    transport = httpx.ASGITransport(app=create_app(settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://gw") as gateway:
        for event in events:
            address = event["dataschema"]
            assert address.startswith(f"{DEFAULT_SCHEMA_BASE}/groups/{event['type']}/v")
            answer = await gateway.get(urlsplit(address).path)
            assert answer.status_code == 200, address
            jsonschema.validate(event["data"], answer.json())
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"school_id": 1}, answer.json())


async def test_tail_from_an_offset_or_a_time_with_a_type_glob(
    published: tuple[str, str, datetime],
) -> None:
    bootstrap, topic, started = published
    events = await asyncio.to_thread(everything, bootstrap, topic)
    members = await asyncio.to_thread(everything, bootstrap, topic, "--type", "Member*")
    assert sorted(e["id"] for e in members) == sorted(
        e["id"] for e in events if e["type"] == "MemberAdded"
    )
    assert len(members) == 3
    two = await asyncio.to_thread(
        everything, bootstrap, topic, "--type", "School*", "--type", "Network*"
    )
    assert {e["type"] for e in two} == {
        "SchoolRegistered", "SchoolJoinedNetwork", "NetworkEstablished", "NetworkPurposeStated",
        "NetworkCoLeaderAppointed", "NetworkLaunched",
    }  # fmt: skip

    # an offset applies to every partition of the topic
    tail = events_of(
        await asyncio.to_thread(
            clc, "events", "tail", "--topic", topic, "--from", "5", "--json",
            "--bootstrap", bootstrap,
        )
    )  # fmt: skip
    assert ids(tail) == ids(e for e in events if e["offset"] >= 5) != []
    before = (started - timedelta(minutes=1)).isoformat()
    after = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    by_time = await asyncio.to_thread(
        clc,
        "events",
        "tail",
        "--topic",
        topic,
        "--from",
        before,
        "--json",
        "--bootstrap",
        bootstrap,
    )
    assert ids(events_of(by_time)) == ids(events)
    late = await asyncio.to_thread(
        clc, "events", "tail", "--topic", topic, "--from", after, "--json", "--bootstrap", bootstrap
    )
    assert events_of(late) == []
    readable = await asyncio.to_thread(
        clc, "events", "tail", "--topic", topic, "--from", "beginning", "--bootstrap", bootstrap
    )
    assert "MemberAdded" in readable.output and "tenant=tenant-a" in readable.output


async def test_replay_prints_a_range_and_republishes_each_event_once(
    published: tuple[str, str, datetime],
) -> None:
    bootstrap, topic, _ = published
    events = await asyncio.to_thread(everything, bootstrap, topic)
    ranged = await asyncio.to_thread(
        clc, "events", "replay", "--topic", topic, "--from", "2", "--until", "7", "--json",
        "--bootstrap", bootstrap,
    )  # fmt: skip
    assert ids(events_of(ranged)) == ids(e for e in events if 2 <= e["offset"] < 7) != []

    target = f"{topic}.replayed"
    first = await asyncio.to_thread(
        clc, "events", "replay", "--topic", topic, "--from", "0", "--until", "3",
        "--to", target, "--bootstrap", bootstrap,
    )  # fmt: skip
    assert first.exit_code == 0, first.output
    early = len([e for e in events if e["offset"] < 3])
    assert f"replayed {early} events" in first.output
    # run again over a wider range: the early ones are there already, only the rest are sent
    again = await asyncio.to_thread(
        clc, "events", "replay", "--topic", topic, "--from", "beginning",
        "--to", target, "--bootstrap", bootstrap,
    )  # fmt: skip
    assert f"replayed {len(events) - early} events" in again.output, again.output
    assert f"({early} already there)" in again.output
    copied = await asyncio.to_thread(everything, bootstrap, target)
    assert ids(copied) == ids(events)
    assert sorted((e["id"], e["type"], e["dataschema"], str(e["data"])) for e in copied) == sorted(
        (e["id"], e["type"], e["dataschema"], str(e["data"])) for e in events
    )

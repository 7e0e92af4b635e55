"""The xAPI feed on a real Kafka, with an LRS stand-in on loopback that speaks the protocol.

Events go onto the topics exactly as the relay publishes them (``eventkit.cloudevents.to_kafka``);
the feed runs as it does in its process (``clc_xapi.app.running``; the last test starts the
process itself). Each test has topics and consumer groups of its own."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from clc_xapi.app import Feed, running
from clc_xapi.dead_letters import replay_dead_letters
from clc_xapi.settings import XapiSettings
from devstack import _proc
from eventkit.cloudevents import to_kafka
from eventkit.domain import DomainEvent
from eventkit.envelope import EventMetadata, RecordedEvent
from eventkit.topics import create_topics

from tests.support.lrs import LrsStandIn, running_lrs
from tests.support.xapi_validator import validation_warnings
from tests.unit.xapi.events import AT, NAMES, one_of_each, registered

pytestmark = pytest.mark.integration

#: statements one ``one_of_each()`` makes (two attendees of the session, one per other event)
PER_ROUND = 8


def settings_for(bootstrap: str, lrs: LrsStandIn | None = None, **extra: Any) -> XapiSettings:
    run = uuid.uuid4().hex[:8]
    values: dict[str, Any] = {
        "kafka_bootstrap_servers": bootstrap,
        "source_topics": [f"xapi-{run}.{s}.events" for s in ("groups", "enquiry", "knowledge")],
        "statements_topic": f"xapi-{run}.statements",
        "dead_letter_topic": f"xapi-{run}.statements.dlq",
        "topic_partitions": 3,
        "translator_group": f"xapi-{run}-translator",
        "lrs_group": f"xapi-{run}-lrs",
        "transactional_id": f"xapi-{run}",
        "pseudonym_key": "integration-test-pseudonym-key-0123456789",
        "lrs_backoff_s": 0.05,
        "lrs_backoff_max_s": 0.2,
        "lrs_max_attempts": 3,
    }
    if lrs is not None:
        values |= {"lrs_url": lrs.url, "lrs_username": "feed", "lrs_password": "secret"}
    return XapiSettings(**(values | extra))


def service_of(event: DomainEvent) -> str:
    module = type(event).__module__
    return next(s for s in ("groups", "enquiry", "knowledge") if f"clc_{s}." in module)


def recorded(event: DomainEvent, tenant: str, event_id: uuid.UUID, n: int) -> RecordedEvent:
    return RecordedEvent(
        event_id=event_id,
        event_type=event.event_type,
        schema_version=event.schema_version,
        stream_id=f"stream-{n}",
        stream_type="Thing",
        stream_version=1,
        tenant_id=tenant,
        data=event.model_dump(mode="json"),
        metadata=EventMetadata(actor="p-ada"),
        recorded_at=AT,
        global_position=n,
    )


Published = list[tuple[str, RecordedEvent]]


def a_round(settings: XapiSettings, tenant: str = "severn") -> Published:
    """Every translated event type once, plus a registration carrying a name and an email."""
    topics = {t.split(".")[1]: t for t in settings.source_topics}
    events = [registered(), *one_of_each()]
    return [
        (topics[service_of(e)], recorded(e, tenant, uuid.uuid4(), n))
        for n, e in enumerate(events, 1)
    ]


async def publish(bootstrap: str, published: Published) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap)
    await producer.start()
    try:
        for topic, event in published:
            service = topic.split(".")[1]
            key, value, headers = to_kafka(event, source=f"/clc/{service}")
            await producer.send_and_wait(topic, value=value, key=key, headers=headers)
    finally:
        await producer.stop()


async def read_all(bootstrap: str, topic: str) -> list[ConsumerRecord[bytes, bytes]]:
    """Every committed record of ``topic`` (a consumer without a group, from the beginning)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        (described,) = await admin.describe_topics([topic])
    finally:
        await admin.close()
    tps = [TopicPartition(topic, p["partition"]) for p in described["partitions"]]
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, isolation_level="read_committed", enable_auto_commit=False
    )
    await consumer.start()
    try:
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        records: list[ConsumerRecord[bytes, bytes]] = []
        while [tp for tp in tps if await consumer.position(tp) < ends[tp]]:
            polled = await consumer.getmany(timeout_ms=500)
            records += [r for batch in polled.values() for r in batch]
        return records
    finally:
        await consumer.stop()


async def wait_for(check: Any) -> None:
    async with asyncio.timeout(60):
        while not await check():
            await asyncio.sleep(0.2)


@asynccontextmanager
async def a_feed(settings: XapiSettings) -> AsyncIterator[Feed]:
    # the services create their topics (with their settings) before the feed reads them
    await create_topics(settings.kafka_bootstrap_servers, settings.source_topics, 3)
    feed = Feed()
    async with running(settings, feed):
        await wait_for(lambda: _true(feed.translator.running))
        yield feed


async def _true(value: bool) -> bool:
    return value


def statements(records: Iterable[ConsumerRecord[bytes, bytes]]) -> list[dict[str, Any]]:
    return [json.loads(r.value or b"") for r in records]


def no_personal_data(blobs: Sequence[bytes | str]) -> None:
    for blob in blobs:
        text = blob.decode() if isinstance(blob, bytes) else blob
        for personal in (*NAMES, "p-ada", "p-grace"):
            assert personal not in text


async def test_statements_reach_the_topic_and_the_lrs_valid_and_without_personal_data(
    kafka_bootstrap: str,
) -> None:
    with running_lrs() as lrs:
        settings = settings_for(kafka_bootstrap, lrs)
        async with a_feed(settings) as feed:
            await publish(kafka_bootstrap, a_round(settings))
            await wait_for(lambda: _true(len(lrs.statements) == PER_ROUND))
            assert feed.lrs.stored == PER_ROUND
        records = await read_all(kafka_bootstrap, settings.statements_topic)
        made = statements(records)
        assert len(made) == PER_ROUND
        assert {s["id"] for s in made} == set(lrs.statements)
        assert validation_warnings(made) == [[] for _ in made]
        for r, s in zip(records, made, strict=True):
            assert r.key == f"severn/{s['actor']['account']['name']}".encode()
            assert dict(r.headers)["x-experience-api-version"] == b"1.0.3"
        no_personal_data([r.value or b"" for r in records] + [r.key or b"" for r in records])
        no_personal_data([json.dumps(list(lrs.statements.values()))])
        # the LRS answers a statement by its id, as stored
        some = made[0]
        async with httpx.AsyncClient(auth=("feed", "secret")) as client:
            answer = await client.get(
                f"{lrs.url}/statements",
                params={"statementId": some["id"]},
                headers={"X-Experience-API-Version": "1.0.3"},
            )
        assert answer.status_code == 200
        assert {k: v for k, v in answer.json().items() if k not in ("stored", "version")} == some


async def test_a_replayed_event_gives_the_same_statement_id_and_no_duplicate_in_the_lrs(
    kafka_bootstrap: str,
) -> None:
    with running_lrs() as lrs:
        settings = settings_for(kafka_bootstrap, lrs)
        round_ = a_round(settings)
        async with a_feed(settings) as feed:
            await publish(kafka_bootstrap, round_)
            await wait_for(lambda: _true(feed.lrs.stored == PER_ROUND))
            await publish(kafka_bootstrap, round_)  # the same events again (a replay)
            await wait_for(lambda: _true(feed.lrs.stored + feed.lrs.already_stored == 16))
        made = statements(await read_all(kafka_bootstrap, settings.statements_topic))
        ids = [s["id"] for s in made]
        assert len(ids) == 2 * PER_ROUND
        assert set(Counter(ids).values()) == {2}  # each event's statements twice, with one id
        assert len(lrs.statements) == PER_ROUND
        assert lrs.conflicts == 0  # the same statement each time, never a different one


async def test_a_restart_neither_loses_nor_duplicates_a_statement(kafka_bootstrap: str) -> None:
    settings = settings_for(kafka_bootstrap)
    first, second = a_round(settings), a_round(settings)
    async with a_feed(settings) as feed:
        await publish(kafka_bootstrap, first)
        await wait_for(lambda: _true(feed.translator.statements == PER_ROUND))
    await publish(kafka_bootstrap, second)  # while the feed is down
    async with a_feed(settings) as feed:
        await wait_for(lambda: _true(feed.translator.statements == PER_ROUND))
        await asyncio.sleep(1.0)  # anything it would wrongly re-send would come now
    made = statements(await read_all(kafka_bootstrap, settings.statements_topic))
    assert len(made) == 2 * PER_ROUND
    assert len({s["id"] for s in made}) == 2 * PER_ROUND


async def test_a_refusing_lrs_is_retried_then_the_statement_is_dead_lettered(
    kafka_bootstrap: str,
) -> None:
    with running_lrs() as lrs:
        lrs.refusing = True
        settings = settings_for(kafka_bootstrap, lrs)
        async with a_feed(settings) as feed:
            await publish(kafka_bootstrap, a_round(settings))
            await wait_for(lambda: _true(feed.lrs.dead_lettered == PER_ROUND))
            assert lrs.requests == PER_ROUND * settings.lrs_max_attempts
            assert feed.lrs.retries == PER_ROUND * (settings.lrs_max_attempts - 1)
            lrs.refusing = False  # the LRS is back: the feed has moved on and delivers again
            await publish(kafka_bootstrap, a_round(settings))
            await wait_for(lambda: _true(len(lrs.statements) == PER_ROUND))
            dead = await read_all(kafka_bootstrap, settings.dead_letter_topic)
            assert len(dead) == PER_ROUND
            headers = dict(dead[0].headers)
            assert headers["dlq_outcome"] == b"retry"
            assert headers["dlq_error"].startswith(b"HTTP 503")
            assert headers["dlq_source"].startswith(settings.statements_topic.encode())
            assert validation_warnings(statements(dead)) == [[] for _ in dead]
            # an operator replays the dead letters: the LRS gets them, each once
            replay = {
                "bootstrap": kafka_bootstrap,
                "dead_letter_topic": settings.dead_letter_topic,
                "statements_topic": settings.statements_topic,
                "group": settings.replay_group,
            }
            assert await replay_dead_letters(**replay) == PER_ROUND
            await wait_for(lambda: _true(len(lrs.statements) == 2 * PER_ROUND))
            assert await replay_dead_letters(**replay) == 0  # nothing twice


async def test_a_tenant_that_opted_out_gets_no_statement(kafka_bootstrap: str) -> None:
    with running_lrs() as lrs:
        settings = settings_for(kafka_bootstrap, lrs, opted_out_tenants="wye, usk")
        async with a_feed(settings) as feed:
            await publish(kafka_bootstrap, a_round(settings, "wye") + a_round(settings, "severn"))
            await wait_for(lambda: _true(len(lrs.statements) == PER_ROUND))
            assert feed.translator.skipped["opted-out"] == PER_ROUND  # 1 registration + 7
        made = statements(await read_all(kafka_bootstrap, settings.statements_topic))
        assert len(made) == PER_ROUND
        tenants = {
            s["context"]["extensions"][f"{settings.base_iri}/extensions/tenant"] for s in made
        }
        assert tenants == {"severn"}


async def test_the_process_serves_health_readiness_and_metrics(kafka_bootstrap: str) -> None:
    settings = settings_for(kafka_bootstrap)
    port = _proc.free_port()
    env = dict(os.environ)
    env.update({f"XAPI_{k.upper()}": str(v) for k, v in _env_values(settings).items()})
    env.update({"XAPI_PORT": str(port), "XAPI_HOST": "127.0.0.1"})
    await create_topics(kafka_bootstrap, settings.source_topics, 3)
    process = subprocess.Popen(  # noqa: ASYNC220 (started once; the test then only polls it)
        [sys.executable, "-m", "clc_xapi", "serve"],
        env=env,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base) as client:

            async def ready() -> bool:
                try:
                    return (await client.get("/readyz")).status_code == 200
                except httpx.TransportError:
                    return False

            await wait_for(ready)
            assert (await client.get("/healthz")).json() == {"status": "ok"}
            await publish(kafka_bootstrap, a_round(settings))

            async def counted() -> bool:
                text = (await client.get("/metrics")).text
                return f"clc_xapi_statements_total {PER_ROUND}" in text

            await wait_for(counted)
    finally:
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    lines = [line for line in stderr.decode().splitlines() if line.startswith("{")]
    assert any(json.loads(line)["message"] == "translator started" for line in lines)


def _env_values(settings: XapiSettings) -> dict[str, Any]:
    keys = ("statements_topic", "dead_letter_topic", "translator_group", "transactional_id")
    values: dict[str, Any] = {k: getattr(settings, k) for k in keys}
    values["source_topics"] = ",".join(settings.source_topics)
    values["kafka_bootstrap_servers"] = settings.kafka_bootstrap_servers
    values["pseudonym_key"] = settings.pseudonym_key
    return values

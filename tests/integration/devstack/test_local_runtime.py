"""The local runtime: embedded PostgreSQL 18, a local Kafka broker, and the shared fixtures."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Awaitable, Callable

import asyncpg
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from devstack import _proc
from devstack.databases import database_of
from devstack.kafka import LocalKafka, create_topics
from devstack.postgres import EmbeddedPostgres

pytestmark = pytest.mark.integration


def assert_gone(pid: int | None) -> None:
    assert pid is not None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


async def fetchval(dsn: str, query: str) -> object:
    connection = await asyncpg.connect(dsn)
    try:
        return await connection.fetchval(query)
    finally:
        await connection.close()


async def roundtrip_three_messages(bootstrap: str) -> None:
    topic = f"devstack-selftest-{uuid.uuid4().hex[:8]}"
    await create_topics(bootstrap, [topic], partitions=3)
    sent = [b"one", b"two", b"three"]
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for value in sent:
            await producer.send_and_wait(topic, value, key=b"same-partition")
    finally:
        await producer.stop()
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=f"{topic}-reader",
        auto_offset_reset="earliest",
    )
    await consumer.start()
    received: list[bytes] = []
    try:
        for _ in range(60):
            batches = await consumer.getmany(timeout_ms=500)
            received += [m.value for messages in batches.values() for m in messages if m.value]
            if len(received) >= len(sent):
                break
    finally:
        await consumer.stop()
    assert received == sent


async def test_embedded_postgres_is_18_and_stops_cleanly() -> None:
    postgres = EmbeddedPostgres("selftest", allow_suffix=True)
    with postgres:
        version = await fetchval(postgres.dsn(), "select version()")
        assert str(version).startswith("PostgreSQL 18.")
        assert await fetchval(postgres.dsn(), "show fsync") == "off"
        dsn = await postgres.ensure_database("devstack_selftest")
        assert dsn == await postgres.ensure_database("devstack_selftest")
        assert await fetchval(dsn, "select current_database()") == "devstack_selftest"
        pid = postgres.pid
    assert_gone(pid)
    assert not postgres.running
    assert _proc.pids_with_argument("postgres", str(postgres.data_dir)) == []
    postgres.stop()  # idempotent


async def test_local_kafka_roundtrip_and_stop() -> None:
    kafka = LocalKafka()
    with kafka:
        await roundtrip_three_messages(kafka.bootstrap_servers)
        pid = kafka.pid
    assert_gone(pid)
    assert not kafka.running
    assert kafka.run_dir is not None
    assert not (kafka.run_dir / "data").exists()


async def test_postgres_fixtures_give_fresh_databases(
    postgres_admin_dsn: str,
    new_database: Callable[[str], Awaitable[str]],
    dsn_for: Callable[[str], str],
) -> None:
    assert await fetchval(postgres_admin_dsn, "select current_database()") == "postgres"
    first = await new_database("devstack_fixture")
    second = await new_database("devstack_fixture")
    assert first != second
    name = database_of(first)
    assert name.startswith("devstack_fixture_")
    assert dsn_for(name) == first
    tables = await fetchval(
        first, "select count(*) from information_schema.tables where table_schema = 'public'"
    )
    assert tables == 0


async def test_kafka_fixture_roundtrip(kafka_bootstrap: str) -> None:
    await roundtrip_three_messages(kafka_bootstrap)


async def test_a_persistent_local_kafka_keeps_its_topics_across_restarts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    topic = f"devstack-persist-{uuid.uuid4().hex[:8]}"
    with LocalKafka(cache=tmp_path, persistent="selftest") as first:
        await create_topics(first.bootstrap_servers, [topic], partitions=1)
        producer = AIOKafkaProducer(bootstrap_servers=first.bootstrap_servers, acks="all")
        await producer.start()
        try:
            await producer.send_and_wait(topic, b"kept")
        finally:
            await producer.stop()
    with LocalKafka(cache=tmp_path, persistent="selftest") as second:
        consumer = AIOKafkaConsumer(
            topic, bootstrap_servers=second.bootstrap_servers, auto_offset_reset="earliest"
        )
        await consumer.start()
        try:
            record = await asyncio.wait_for(consumer.getone(), timeout=30)
        finally:
            await consumer.stop()
    assert record.value == b"kept"

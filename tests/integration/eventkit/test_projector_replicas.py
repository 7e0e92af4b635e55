"""Projector replicas share a topic's partitions through the consumer group: across rebalances
(a replica joining, a replica leaving) each resumes from the offsets stored in PostgreSQL, and
no event is applied twice or missed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from eventkit.envelope import RecordedEvent
from eventkit.migrations import migrate
from eventkit.pg import connect, create_pool
from eventkit.projection import ProjectionConnection
from eventkit.projector import ProjectorRunner
from eventkit.relay import Relay
from eventkit.store import START

from tests.integration.eventkit.test_projector import SOURCE, Rig
from tests.support.events import a_stream, events
from tests.support.kafka import create_topics, started_producer, unique_topic
from tests.support.tally import TALLY_MIGRATION, TallyProjection, fold, read_tally

pytestmark = pytest.mark.integration


class SlowTally(TallyProjection):
    """A tally that takes a little while per event, so rebalances land mid-stream."""

    async def apply(self, conn: ProjectionConnection, event: RecordedEvent) -> None:
        await asyncio.sleep(0.002)
        await super().apply(conn, event)


@pytest.fixture
async def rig(new_database, kafka_bootstrap: str) -> AsyncIterator[Rig]:  # type: ignore[no-untyped-def]
    from tests.integration.eventkit.conftest import postgres_store

    dsn = await new_database("projector_replicas")
    store, close_store = await postgres_store(dsn)
    conn = await connect(dsn)
    await migrate(conn, [TALLY_MIGRATION])
    await conn.close()
    topic = unique_topic("clc.test.replicas")
    dlq = f"{topic}.dlq"
    await create_topics(kafka_bootstrap, topic, dlq, partitions=6)
    pool = await create_pool(dsn, max_size=8)
    producer = await started_producer(kafka_bootstrap)
    try:
        yield Rig(dsn, store, pool, producer, topic, dlq, kafka_bootstrap)
    finally:
        await producer.stop()
        await pool.close()
        await close_store()


async def _write_and_publish(rig: Rig, rounds: int) -> None:
    """Keeps events arriving while replicas come and go: 12 streams, 10 events a round."""
    relay = Relay(dsn=rig.dsn, pool=rig.pool, producer=rig.producer, topic=rig.topic, source=SOURCE)
    streams = [a_stream() for _ in range(12)]
    sent = 0
    for r in range(rounds):
        for stream in streams:
            await rig.store.append(stream, events(10, start=10 * r), expected_version=10 * r)
        sent += await relay.publish_pending()
        await asyncio.sleep(0.2)
    # The gap-safe read holds back events while an older transaction (a projector's) is open:
    # publish until the last round is out, as a running relay's next polls would.
    while sent < rounds * 120:
        sent += await relay.publish_pending()
        await asyncio.sleep(0.05)


async def _until(condition, timeout_s: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    async with asyncio.timeout(timeout_s):
        while not await condition():
            await asyncio.sleep(0.05)


async def test_two_replicas_and_two_rebalances_apply_every_event_exactly_once(rig: Rig) -> None:
    first, second = rig.runner(SlowTally()), rig.runner(SlowTally())
    stop_first, stop_second = asyncio.Event(), asyncio.Event()
    writing = asyncio.create_task(_write_and_publish(rig, rounds=40))
    one = asyncio.create_task(first.run(stop_first))
    two: asyncio.Task[None] | None = None
    try:
        await _until(lambda: _applied(first, 300))
        two = asyncio.create_task(second.run(stop_second))  # joins: the partitions are split
        await _until(lambda: _applied(second, 1))
        stop_first.set()  # leaves: the second takes every partition, from the stored offsets
        await one
        await writing
        expected = fold(await rig.store.read_all(START, limit=100_000))
        await _until(lambda: _equals(rig, expected))
    finally:
        writing.cancel()
        stop_first.set(), stop_second.set()
        await asyncio.gather(one, *([two] if two else []), return_exceptions=True)
    total = sum(n for n, _ in expected.values())
    assert await read_tally(rig.pool) == expected  # nothing missed, nothing doubled
    assert first.stats.applied + second.stats.applied == total
    assert first.stats.applied > 0 and second.stats.applied > 0
    print(
        f"applied {first.stats.applied} + {second.stats.applied}; fenced"
        f" {first.stats.fenced + second.stats.fenced}; duplicates skipped"
        f" {first.stats.skipped_duplicates + second.stats.skipped_duplicates}"
    )


async def test_a_batch_polled_before_a_rebalance_is_not_applied_again_by_its_new_owner(
    rig: Rig,
) -> None:
    """The fence: the same records processed by two replicas (the old owner finishing a batch
    it polled before the partition moved) change the read model once."""
    stream = a_stream()
    await rig.store.append(stream, events(20), expected_version=0)
    relay = Relay(dsn=rig.dsn, pool=rig.pool, producer=rig.producer, topic=rig.topic, source=SOURCE)
    await relay.publish_pending()
    reader = rig.runner(TallyProjection(), name="peek")
    records = await _poll_all(reader, 20)
    old, new = rig.runner(TallyProjection()), rig.runner(TallyProjection())
    await asyncio.gather(old.process(records), new.process(records))
    expected = fold(await rig.store.read_all(START, limit=100))
    assert await read_tally(rig.pool) == expected
    assert old.stats.applied + new.stats.applied == 20
    assert old.stats.fenced + new.stats.fenced == 20


async def _poll_all(runner: ProjectorRunner, count: int):  # type: ignore[no-untyped-def]
    from aiokafka import AIOKafkaConsumer

    consumer = AIOKafkaConsumer(
        *runner._topics,
        bootstrap_servers=runner._bootstrap,
        auto_offset_reset="earliest",
        group_id=None,
        enable_auto_commit=False,
    )
    await consumer.start()
    records = []
    try:
        async with asyncio.timeout(30):
            while len(records) < count:
                polled = await consumer.getmany(timeout_ms=200)
                records.extend(r for batch in polled.values() for r in batch)
    finally:
        await consumer.stop()
    return records


async def _applied(runner: ProjectorRunner, at_least: int) -> bool:
    return runner.stats.applied >= at_least


async def _equals(rig: Rig, expected: dict[tuple[str, str], tuple[int, int]]) -> bool:
    return await read_tally(rig.pool) == expected

"""Projector runner against real Kafka and PostgreSQL: exactly-once effect, poison events,
rebuilds and reading your own writes."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg
import pytest
from aiokafka import AIOKafkaProducer
from eventkit.migrations import migrate
from eventkit.pg import connect, create_pool
from eventkit.projector import ProjectorRunner
from eventkit.relay import Relay
from eventkit.store import START, PostgresEventStore

from tests.integration.eventkit.conftest import postgres_store
from tests.support.events import a_stream, an_event, events
from tests.support.kafka import consume_all, create_topics, started_producer, unique_topic
from tests.support.tally import TALLY_MIGRATION, Crash, TallyProjection, fold, read_tally

pytestmark = pytest.mark.integration

SOURCE = "/clc/test"


@dataclass
class Rig:
    dsn: str
    store: PostgresEventStore
    pool: asyncpg.Pool
    producer: AIOKafkaProducer
    topic: str
    dlq: str
    bootstrap: str

    def runner(self, projection: TallyProjection, name: str = "tally-projector") -> ProjectorRunner:
        return ProjectorRunner(
            name=name,
            pool=self.pool,
            projections=[projection],
            topics=[self.topic],
            bootstrap_servers=self.bootstrap,
            own_source=SOURCE,
            dead_letter_topic=self.dlq,
            producer=self.producer,
            max_batch=50,
        )

    async def publish_all(self) -> int:
        relay = Relay(
            dsn=self.dsn, pool=self.pool, producer=self.producer, topic=self.topic, source=SOURCE
        )
        return await relay.publish_pending()


@pytest.fixture
async def rig(new_database, kafka_bootstrap: str) -> AsyncIterator[Rig]:  # type: ignore[no-untyped-def]
    dsn = await new_database("projector")
    store, close_store = await postgres_store(dsn)
    conn = await connect(dsn)
    await migrate(conn, [TALLY_MIGRATION])
    await conn.close()
    topic = unique_topic("clc.test.proj")
    dlq = f"{topic}.dlq"
    await create_topics(kafka_bootstrap, topic, dlq)
    pool = await create_pool(dsn, max_size=5)
    producer = await started_producer(kafka_bootstrap)
    try:
        yield Rig(dsn, store, pool, producer, topic, dlq, kafka_bootstrap)
    finally:
        await producer.stop()
        await pool.close()
        await close_store()


async def run_until(runner: ProjectorRunner, done, timeout_s: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        async with asyncio.timeout(timeout_s):
            while not await done():
                if task.done():
                    task.result()
                await asyncio.sleep(0.05)
    finally:
        stop.set()
        with contextlib.suppress(Crash):
            await task


async def write_some(rig: Rig, streams: int = 10, per_stream: int = 30) -> None:
    for _ in range(streams):
        await rig.store.append(a_stream(), events(per_stream), expected_version=0)


async def test_the_read_model_equals_a_fresh_fold_of_the_store(rig: Rig) -> None:
    await write_some(rig)
    await rig.publish_all()
    expected = fold(await rig.store.read_all(START, limit=10_000))
    runner = rig.runner(TallyProjection())
    await run_until(runner, lambda: _equals(rig, expected))
    assert await read_tally(rig.pool) == expected


async def test_a_projector_killed_before_commit_resumes_with_nothing_lost_or_doubled(
    rig: Rig,
) -> None:
    await write_some(rig, streams=12, per_stream=40)
    await rig.publish_all()
    expected = fold(await rig.store.read_all(START, limit=10_000))

    # The first runner dies mid-batch, after applying rows but before its transaction commits.
    crashing = rig.runner(TallyProjection(crash_after=130))
    stop = asyncio.Event()
    with pytest.raises(Crash):
        await crashing.run(stop)
    partial = await read_tally(rig.pool)
    assert sum(v[0] for v in partial.values()) < 480

    restarted = rig.runner(TallyProjection())
    await run_until(restarted, lambda: _equals(rig, expected))
    assert await read_tally(rig.pool) == expected


async def test_redelivered_events_are_applied_once(rig: Rig) -> None:
    await write_some(rig, streams=4, per_stream=10)
    await rig.publish_all()
    expected = fold(await rig.store.read_all(START, limit=10_000))
    await run_until(rig.runner(TallyProjection()), lambda: _equals(rig, expected))

    # Lose the stored offsets and publish everything again: Kafka now holds every event twice.
    await rig.pool.execute("delete from projector_offsets")
    await rig.pool.execute("delete from relay_checkpoints")
    await rig.publish_all()
    second = rig.runner(TallyProjection())
    await run_until(second, lambda: _offsets_reached(rig, 80))
    assert await read_tally(rig.pool) == expected
    # A rebalance may hand the same records over more than once; none may be applied again.
    assert second.stats.applied == 0
    assert second.stats.skipped_duplicates >= 80


async def test_a_poison_event_goes_to_the_dead_letter_topic_and_later_events_still_apply(
    rig: Rig,
) -> None:
    stream = a_stream()
    await rig.store.append(stream, events(3), expected_version=0)
    await rig.store.append(stream, [an_event(99, poison=True)], expected_version=3)
    await rig.store.append(stream, events(2, start=3), expected_version=4)
    await rig.publish_all()
    expected = fold(await rig.store.read_all(START, limit=100))
    runner = rig.runner(TallyProjection())
    await run_until(runner, lambda: _offsets_reached(rig, 6))

    assert await read_tally(rig.pool) == expected == {("tenant-a", stream.stream_id): (5, 10)}
    assert runner.stats.dead_lettered == 1
    [dead] = await consume_all(rig.bootstrap, rig.dlq, 1)
    headers = dict(dead.headers)
    assert b"Poison" in headers["dlq_error"]
    assert headers["ce_streamversion"] == b"4"


async def test_rebuild_from_the_store_reproduces_the_read_model(rig: Rig) -> None:
    await write_some(rig, streams=6, per_stream=20)
    await rig.publish_all()
    expected = fold(await rig.store.read_all(START, limit=10_000))
    runner = rig.runner(TallyProjection())
    await run_until(runner, lambda: _equals(rig, expected))
    await rig.pool.execute("update tally set total = -1")  # corrupt it

    seen: list[int] = []
    rebuilt = await runner.rebuild(rig.store, batch_size=25, progress=seen.append)

    assert rebuilt == 120
    assert seen[-1] == 120 and len(seen) > 1
    assert await read_tally(rig.pool) == expected


async def test_waiting_for_a_consistency_token_sees_the_write(rig: Rig) -> None:
    runner = rig.runner(TallyProjection())
    stop = asyncio.Event()
    task = asyncio.create_task(runner.run(stop))
    try:
        stream = a_stream()
        result = await rig.store.append(stream, events(3), expected_version=0)
        assert not await runner.has_reached(result.position)
        await rig.publish_all()
        await runner.wait_for(result.position, timeout_s=20)
        assert (await read_tally(rig.pool))[("tenant-a", stream.stream_id)] == (3, 3)
    finally:
        stop.set()
        await task


async def _equals(rig: Rig, expected: dict[tuple[str, str], tuple[int, int]]) -> bool:
    return await read_tally(rig.pool) == expected


async def _offsets_reached(rig: Rig, count: int) -> bool:
    total = await rig.pool.fetchval("select coalesce(sum(next_offset), 0) from projector_offsets")
    return int(total) >= count


async def test_a_dead_letter_is_kept_counted_and_replayed_after_a_fix(rig: Rig) -> None:
    stream = a_stream()
    await rig.store.append(stream, events(2), expected_version=0)
    await rig.store.append(stream, [an_event(50, poison=True)], expected_version=2)
    await rig.store.append(stream, events(1, start=2), expected_version=3)
    await rig.publish_all()
    projection = TallyProjection()
    runner = rig.runner(projection)
    await run_until(runner, lambda: _offsets_reached(rig, 4))

    # Kept where an operator can see it, with its reason and where it came from.
    [dead] = await runner.dead_letters()
    assert (dead.reason, dead.handled, dead.attempts) == ("Poison", False, 1)
    assert dead.topic == rig.topic and dead.tenant_id == "tenant-a"
    assert dead.event_type == "ThingHappened" and "Poison" in dead.error
    assert await runner.dead_letter_counts() == {"Poison": 1}
    assert runner.stats.dead_lettered_by_reason == {"Poison": 1}
    assert (await read_tally(rig.pool))[("tenant-a", stream.stream_id)] == (3, 3)

    # Replayed before the fix: still failing, still unhandled, with the new attempt recorded.
    [outcome] = await runner.replay_dead_letters()
    assert (outcome.id, outcome.handled, outcome.reason) == (dead.id, False, "Poison")
    [again] = await runner.dead_letters()
    assert (again.handled, again.attempts) == (False, 2)

    # After the fix the same record applies, and the dead letter is handled.
    projection.accept_poison = True
    [outcome] = await runner.replay_dead_letters([dead.id])
    assert outcome.handled
    assert await runner.dead_letter_counts() == {}
    assert await runner.dead_letters() == []
    [done] = await runner.dead_letters(include_handled=True)
    assert done.handled and done.handled_at is not None and done.attempts == 3
    assert (await read_tally(rig.pool))[("tenant-a", stream.stream_id)] == (4, 53)
    # A handled dead letter is not replayed twice.
    assert await runner.replay_dead_letters([dead.id]) == []


async def test_a_poison_events_queued_writes_are_dropped_with_it(rig: Rig) -> None:
    stream = a_stream()
    await rig.store.append(stream, events(1), expected_version=0)
    await rig.store.append(stream, [an_event(1000, poison=True)], expected_version=1)
    await rig.store.append(stream, events(1, start=1), expected_version=2)
    await rig.publish_all()
    # This projection queues its write *before* refusing the poison event.
    runner = rig.runner(TallyProjection(write_before_failing=True))
    await run_until(runner, lambda: _offsets_reached(rig, 3))
    assert (await read_tally(rig.pool))[("tenant-a", stream.stream_id)] == (2, 1)
    assert await runner.dead_letter_counts() == {"Poison": 1}


async def test_an_undecodable_record_is_a_dead_letter_too(rig: Rig) -> None:
    await rig.producer.send_and_wait(rig.topic, value=b"not an event", key=b"k")
    runner = rig.runner(TallyProjection())
    await run_until(runner, lambda: _offsets_reached(rig, 1))
    assert await runner.dead_letter_counts() == {"UndecodableRecord": 1}
    [outcome] = await runner.replay_dead_letters()
    assert not outcome.handled and outcome.reason == "UndecodableRecord"

"""One active relay per store: a PostgreSQL advisory lock elects it, a standby takes over within
seconds when it dies, and the handover neither skips nor reorders events.

What a handover may publish twice is bounded by the leader's two in-flight batches (see
``eventkit.relay``); the projector's processed event ids absorb it, so the read model's effect is
exactly once."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest
from aiokafka import AIOKafkaProducer, ConsumerRecord
from eventkit.cloudevents import from_kafka
from eventkit.envelope import RecordedEvent
from eventkit.migrations import migrate
from eventkit.pg import connect, create_pool
from eventkit.projector import ProjectorRunner
from eventkit.relay import Relay
from eventkit.store import START, PostgresEventStore
from servicekit.leadership import LeaderSession, Leadership

from tests.integration.eventkit.conftest import postgres_store
from tests.support.events import a_stream, events
from tests.support.kafka import consume_all, create_topics, started_producer, unique_topic
from tests.support.relay_process import BATCH_SIZE
from tests.support.tally import TALLY_MIGRATION, TallyProjection, fold, read_tally

pytestmark = pytest.mark.integration

SOURCE = "/clc/test"
ROOT = Path(__file__).resolve().parents[3]
LOCK = "eventkit.relay:relay"
TAKEOVER_S = 10.0


@dataclass
class Rig:
    dsn: str
    store: PostgresEventStore
    pool: asyncpg.Pool
    topic: str
    bootstrap: str

    async def relay(self, batch_size: int = BATCH_SIZE) -> tuple[Relay, AIOKafkaProducer]:
        producer = await started_producer(self.bootstrap)
        relay = Relay(
            dsn=self.dsn,
            pool=self.pool,
            producer=producer,
            topic=self.topic,
            source=SOURCE,
            batch_size=batch_size,
        )
        return relay, producer


@pytest.fixture
async def rig(new_database, kafka_bootstrap: str) -> AsyncIterator[Rig]:  # type: ignore[no-untyped-def]
    dsn = await new_database("relay_lead")
    store, close_store = await postgres_store(dsn)
    conn = await connect(dsn)
    await migrate(conn, [TALLY_MIGRATION])
    await conn.close()
    topic = unique_topic("clc.test.lead")
    await create_topics(kafka_bootstrap, topic, f"{topic}.dlq")
    pool = await create_pool(dsn, max_size=20)
    try:
        yield Rig(dsn, store, pool, topic, kafka_bootstrap)
    finally:
        await pool.close()
        await close_store()


async def write(store: PostgresEventStore, *, streams: int, rounds: int, pause_s: float) -> None:
    """``streams`` concurrent writers, each appending ``rounds`` batches of 3 to its stream."""

    async def one() -> None:
        stream = a_stream()
        for r in range(rounds):
            await store.append(stream, events(3, start=3 * r), expected_version=3 * r)
            await asyncio.sleep(pause_s)

    await asyncio.gather(*(one() for _ in range(streams)))


def decoded(records: Sequence[ConsumerRecord[bytes, bytes]]) -> list[RecordedEvent]:
    return [from_kafka(r.value or b"", r.headers) for r in records]


def first_copies_in_stream_order(published: Sequence[RecordedEvent]) -> bool:
    """Per stream, the first copy of each event comes in version order with no gap."""
    seen: dict[str, int] = defaultdict(int)
    for event in published:
        last = seen[event.stream_id]
        if event.stream_version <= last:
            continue  # a re-sent copy of an event already published
        if event.stream_version != last + 1:
            return False
        seen[event.stream_id] = event.stream_version
    return True


async def lead_with(relay: Relay) -> tuple[Leadership, asyncio.Event, asyncio.Task[None]]:
    leadership = Leadership(relay._dsn, LOCK, poll_s=0.3, check_s=0.5)
    stop = asyncio.Event()
    return leadership, stop, asyncio.create_task(leadership.run(stop, relay.run))


async def test_two_relays_for_one_store_only_one_publishes(rig: Rig) -> None:
    (first, p1), (second, p2) = await rig.relay(), await rig.relay()
    (lead1, stop1, task1), (lead2, stop2, task2) = await lead_with(first), await lead_with(second)
    try:
        await write(rig.store, streams=12, rounds=25, pause_s=0.005)
        total = 12 * 25 * 3
        async with asyncio.timeout(60):
            while first.stats.published + second.stats.published < total:
                await asyncio.sleep(0.05)
        records = await consume_all(rig.bootstrap, rig.topic, total)
    finally:
        stop1.set(), stop2.set()
        await asyncio.gather(task1, task2)
        await p1.stop(), await p2.stop()
    assert sorted([first.stats.published, second.stats.published]) == [0, total]
    assert lead1.terms + lead2.terms == 1
    published = decoded(records)
    assert len(published) == total == len({e.event_id for e in published})  # no doubles
    assert first_copies_in_stream_order(published)


async def _spawn_leader(rig: Rig) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.support.relay_process",
        rig.dsn,
        rig.bootstrap,
        rig.topic,
        SOURCE,
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert process.stdout is not None
    async with asyncio.timeout(30):
        assert (await process.stdout.readline()).strip() == b"leading"
    return process


async def test_a_killed_leader_is_replaced_within_seconds_with_nothing_skipped_or_reordered(
    rig: Rig,
) -> None:
    leader = await _spawn_leader(rig)
    standby, producer = await rig.relay()
    leadership, stop, task = await lead_with(standby)
    writing = asyncio.create_task(write(rig.store, streams=10, rounds=60, pause_s=0.02))
    try:
        assert leader.stdout is not None
        async with asyncio.timeout(30):  # the leader is mid-stream: several batches published
            for _ in range(4):
                assert (await leader.stdout.readline()).startswith(b"published")
        assert not leadership.is_leader
        leader.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        await leader.wait()
        async with asyncio.timeout(TAKEOVER_S):
            while not leadership.is_leader:
                await asyncio.sleep(0.05)
        took_over_after = time.monotonic() - killed
        await writing
        stored = await rig.store.read_all(START, limit=100_000)
        async with asyncio.timeout(60):
            while standby.stats.checkpoint.position < stored[-1].global_position:
                await asyncio.sleep(0.05)
        records = await consume_all(rig.bootstrap, rig.topic, len(stored))
    finally:
        writing.cancel()
        with contextlib.suppress(ProcessLookupError):
            leader.kill()
        stop.set()
        await task
        await producer.stop()
    assert took_over_after < TAKEOVER_S
    published = decoded(records)
    assert {e.event_id for e in published} == {e.event_id for e in stored}  # none skipped
    assert first_copies_in_stream_order(published)
    doubles = len(published) - len(stored)
    assert doubles <= 2 * BATCH_SIZE  # only what was in flight but not checkpointed
    print(f"takeover after {took_over_after:.2f}s; {doubles} event(s) re-sent by the successor")

    # Consumers de-duplicate on event id: the read model holds each event exactly once.
    expected = fold(stored)
    runner = ProjectorRunner(
        name="tally-projector",
        pool=rig.pool,
        projections=[TallyProjection()],
        topics=[rig.topic],
        bootstrap_servers=rig.bootstrap,
        own_source=SOURCE,
        dead_letter_topic=f"{rig.topic}.dlq",
    )
    stop_projector = asyncio.Event()
    projecting = asyncio.create_task(runner.run(stop_projector))
    try:
        async with asyncio.timeout(60):
            while await read_tally(rig.pool) != expected:
                await asyncio.sleep(0.1)
    finally:
        stop_projector.set()
        await projecting
    assert runner.stats.applied == len(stored)
    assert runner.stats.skipped_duplicates == doubles


async def test_a_leader_whose_connection_dies_stops_leading_and_the_standby_takes_over(
    rig: Rig,
) -> None:
    """Losing the lock's connection is losing leadership, even in a process that lives on."""
    (first, p1), (second, p2) = await rig.relay(), await rig.relay()
    sessions: list[LeaderSession] = []

    async def lead_first(stop: asyncio.Event, session: LeaderSession) -> None:
        sessions.append(session)
        await first.run(stop, session)

    lead1 = Leadership(rig.dsn, LOCK, poll_s=0.3, check_s=0.3, retry_s=30)
    stop1 = asyncio.Event()
    task1 = asyncio.create_task(lead1.run(stop1, lead_first))
    async with asyncio.timeout(10):
        while not lead1.is_leader:
            await asyncio.sleep(0.05)
    lead2, stop2, task2 = await lead_with(second)
    try:
        await rig.store.append(a_stream(), events(5), expected_version=0)
        async with asyncio.timeout(30):
            while first.stats.published < 5:
                await asyncio.sleep(0.05)
        # The server ends the leader's session (as on a network cut or a restart).
        await rig.pool.execute(
            "select pg_terminate_backend(pid) from pg_locks"
            " where locktype = 'advisory' and granted and pid <> pg_backend_pid()"
        )
        async with asyncio.timeout(TAKEOVER_S):
            while not lead2.is_leader or lead1.is_leader:
                await asyncio.sleep(0.05)
        await rig.store.append(a_stream(), events(5), expected_version=0)
        async with asyncio.timeout(30):
            while second.stats.published < 5:
                await asyncio.sleep(0.05)
    finally:
        stop1.set(), stop2.set()
        await asyncio.gather(task1, task2)
        await p1.stop(), await p2.stop()
    assert first.stats.published == 5
    records = await consume_all(rig.bootstrap, rig.topic, 10)
    assert len(records) == 10

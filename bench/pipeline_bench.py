"""Relay to Kafka and projector from Kafka, against the real broker."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

from aiokafka import AIOKafkaProducer
from eventkit.cloudevents import to_kafka
from eventkit.envelope import NewEvent, RecordedEvent, StreamRef
from eventkit.pg import create_pool
from eventkit.projection import ProjectionConnection
from eventkit.projector import ProjectorRunner
from eventkit.relay import RELAY_MAX_BATCH_BYTES, Relay, _partition_index, partition_for
from eventkit.store import START, AppendRequest, PostgresEventStore
from eventkit.topics import create_topics

from bench.report import Figure, Timer, latency_line, postmaster_of, progress

RELAY_EVENTS = 50_000
STEADY_RATE = 1_000  # events/s
STEADY_SECONDS = 10
REBUILD_EVENTS = 100_000
PROJECTOR_BATCH = 2_000  # the runner's max_batch below

TALLY_UPSERT = (
    "insert into bench_tally (tenant_id, stream_id, events) values ($1, $2, 1)"
    " on conflict (tenant_id, stream_id) do update set events = bench_tally.events + 1"
)


class Tally:
    """The benchmark read model: one upsert per event, as a typical projection does."""

    name = "bench-tally"

    async def apply(self, conn: ProjectionConnection, event: RecordedEvent) -> None:
        await conn.execute(TALLY_UPSERT, event.tenant_id, event.stream_id)

    async def reset(self, conn: ProjectionConnection) -> None:
        await conn.execute("truncate bench_tally")


async def _fill(store: PostgresEventStore, total: int, per_stream: int = 10) -> None:
    for start in range(0, total, 5_000):
        requests = [
            AppendRequest(
                StreamRef(stream_id=f"p-{uuid.uuid4().hex}", stream_type="Bench", tenant_id="t1"),
                [NewEvent(event_type="BenchHappened", data={"n": i}) for i in range(per_stream)],
                0,
            )
            for _ in range(min(5_000, total - start) // per_stream)
        ]
        await store.append_batch(requests)


async def _topic(bootstrap: str, name: str) -> str:
    await create_topics(bootstrap, [name])
    return name


async def _producer(bootstrap: str) -> AIOKafkaProducer:
    # as servicekit configures a service's producer (RELAY_MAX_BATCH_BYTES), plus a linger
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        enable_idempotence=True,
        acks="all",
        linger_ms=5,
        max_batch_size=RELAY_MAX_BATCH_BYTES,
    )
    await producer.start()
    return producer


async def _send_batched(
    producer: AIOKafkaProducer, topic: str, records: list[tuple[bytes, bytes, Any]]
) -> list[asyncio.Future[Any]]:
    partitions = sorted(await producer.partitions_for(topic))
    builders: dict[int, Any] = {}
    futures = []
    for key, value, headers in records:
        partition = partition_for(key, partitions)  # the relay's (cached) default partitioner
        builder = builders.get(partition)
        if builder is None:
            builder = builders[partition] = producer.create_batch()
        if builder.append(key=key, value=value, timestamp=None, headers=headers) is None:
            futures.append(await producer.send_batch(builder, topic, partition=partition))
            builder = builders[partition] = producer.create_batch()
            builder.append(key=key, value=value, timestamp=None, headers=headers)
    for partition, builder in builders.items():
        futures.append(await producer.send_batch(builder, topic, partition=partition))
    return futures


async def relay_throughput(dsn: str, bootstrap: str) -> list[Figure | str]:
    pool = await create_pool(dsn, max_size=4)
    store = PostgresEventStore(pool)
    topic = await _topic(bootstrap, f"bench.relay.{uuid.uuid4().hex[:6]}")
    producer = await _producer(bootstrap)
    try:
        await _fill(store, RELAY_EVENTS)
        relay = Relay(
            dsn=dsn, pool=pool, producer=producer, topic=topic, source="/clc/bench", name="bench"
        )
        async with pool.acquire() as conn:
            server = await postmaster_of(conn)
        progress(f"relay: publishing {RELAY_EVENTS:,} stored events")
        with Timer(server) as t:
            sent = await relay.publish_pending()
        assert sent == RELAY_EVENTS
        ours = sent / t.seconds

        # Baselines: the same records sent by a bare producer, no database involved: in
        # record batches per partition as the relay sends them, and one send() per record.
        events = await store.read_all(START, limit=RELAY_EVENTS)
        records = [to_kafka(e, source="/clc/bench") for e in events]
        _partition_index.cache_clear()  # the baseline starts as cold as the relay did
        progress("relay baseline: bare producer, same records, record batches per partition")
        with Timer(server) as raw:
            await asyncio.gather(*await _send_batched(producer, topic, records))
        baseline = len(records) / raw.seconds
        progress("relay baseline: bare producer, same records, send() per record")
        with Timer(server) as per_record:
            futures = [await producer.send(topic, value=v, key=k, headers=h) for k, v, h in records]
            await asyncio.gather(*futures)
        sends = (
            f"{'bare producer, send() per record':<46} {len(records) / per_record.seconds:>12,.0f}"
            f" events/s   (how the relay sent before; CPU per 1k"
            f" {per_record.cpu_ms_per_k(len(records))[0]:.1f} ms client)"
        )

        progress(f"relay: steady {STEADY_RATE:,} events/s for {STEADY_SECONDS}s, measuring lag")
        relay.stats.lags.clear()
        stop = asyncio.Event()
        task = asyncio.create_task(relay.run(stop))
        per_tick = STEADY_RATE // 100
        started = time.perf_counter()
        for tick in range(STEADY_SECONDS * 100):
            await store.append(
                StreamRef(stream_id=f"lag-{uuid.uuid4().hex}", stream_type="Bench", tenant_id="t1"),
                [NewEvent(event_type="BenchHappened", data={"n": i}) for i in range(per_tick)],
                expected_version=0,
            )
            delay = started + (tick + 1) / 100 - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
        async with asyncio.timeout(30):
            while len(relay.stats.lags) < STEADY_SECONDS * STEADY_RATE:
                await asyncio.sleep(0.05)
        stop.set()
        await task
        lag = latency_line(f"relay publish lag at {STEADY_RATE:,} events/s", relay.stats.lags)
    finally:
        await producer.stop()
        await pool.close()
    relay_figure = Figure(
        "relay throughput to Kafka",
        ours,
        "events/s",
        baseline,
        "bare producer (record batches)",
        ">= 20,000",
        t.cpu_ms_per_k(RELAY_EVENTS),
        raw.cpu_ms_per_k(RELAY_EVENTS),
        raw.load,
    )
    return [relay_figure, sends, lag]


async def projector_throughput(dsn: str, bootstrap: str) -> list[Figure | str]:
    pool = await create_pool(dsn, max_size=4)
    store = PostgresEventStore(pool)
    await pool.execute(
        "create table if not exists bench_tally (tenant_id text, stream_id text, events int,"
        " primary key (tenant_id, stream_id))"
    )
    topic = await _topic(bootstrap, f"bench.proj.{uuid.uuid4().hex[:6]}")
    producer = await _producer(bootstrap)
    try:
        await pool.execute(
            "truncate events, relay_checkpoints, projector_processed, projector_offsets"
        )
        await _fill(store, REBUILD_EVENTS)
        relay = Relay(
            dsn=dsn,
            pool=pool,
            producer=producer,
            topic=topic,
            source="/clc/bench",
            name="bench-proj",
        )
        await relay.publish_pending()
        runner = ProjectorRunner(
            name="bench-projector",
            pool=pool,
            projections=[Tally()],
            topics=[topic],
            bootstrap_servers=bootstrap,
            own_source="/clc/bench",
            dead_letter_topic=f"{topic}.dlq",
            producer=producer,
            max_batch=PROJECTOR_BATCH,
        )
        progress(f"projector: applying {REBUILD_EVENTS:,} events from Kafka")
        stop = asyncio.Event()
        with Timer() as t:
            task = asyncio.create_task(runner.run(stop))
            while runner.stats.applied < REBUILD_EVENTS:
                await asyncio.sleep(0.02)
                if task.done():
                    task.result()
        stop.set()
        await task
        applied = REBUILD_EVENTS / t.seconds

        progress(f"projector: rebuilding from the store ({REBUILD_EVENTS:,} events)")
        last = [0]

        def show(n: int) -> None:
            if n - last[0] >= 25_000:
                last[0] = n
                progress(f"rebuild {n:,}/{REBUILD_EVENTS:,}")

        with Timer() as rb:
            rebuilt = await runner.rebuild(store, progress=show)
        assert rebuilt == REBUILD_EVENTS
        rebuild = rebuilt / rb.seconds

        # Baseline: the same upserts, batched as the runner batches them — one transaction per
        # batch of the runner's size, sent as one executemany — straight from a raw read.
        progress("projector baseline: raw read + the same upserts, executemany per batch")
        await pool.execute("truncate bench_tally")
        with Timer() as raw:
            async with pool.acquire() as conn:
                rows = await conn.fetch(
                    "select tenant_id, stream_id from events order by global_position"
                )
                for i in range(0, len(rows), PROJECTOR_BATCH):
                    async with conn.transaction():
                        await conn.executemany(
                            TALLY_UPSERT,
                            [
                                (r["tenant_id"], r["stream_id"])
                                for r in rows[i : i + PROJECTOR_BATCH]
                            ],
                        )
        baseline = REBUILD_EVENTS / raw.seconds
        assert await pool.fetchval("select sum(events) from bench_tally") == REBUILD_EVENTS
    finally:
        await producer.stop()
        await pool.close()
    return [
        Figure("projector apply from Kafka", applied, "events/s", baseline, "raw batched upserts"),
        Figure(
            "projector rebuild from store",
            rebuild,
            "events/s",
            baseline,
            "raw batched upserts",
            ">= 20,000",
        ),
    ]


REPLICA_EVENTS = 60_000
REPLICA_PARTITIONS = 6


async def projector_replicas(dsn: str, bootstrap: str) -> list[Figure | str]:
    """Projector throughput with 1, 2 and 3 replicas in one consumer group (one topic of
    ``REPLICA_PARTITIONS`` partitions, the same events each time, each run from empty read
    models and offsets). The replicas share this process and its one Python thread: what
    they gain is overlapped waits on PostgreSQL and the broker, not more CPU; on two cores
    shared with PostgreSQL and the JVM, separate processes would gain little more."""
    pool = await create_pool(dsn, max_size=8)
    store = PostgresEventStore(pool)
    await pool.execute(
        "create table if not exists bench_tally (tenant_id text, stream_id text, events int,"
        " primary key (tenant_id, stream_id))"
    )
    topic = f"bench.replicas.{uuid.uuid4().hex[:6]}"
    await create_topics(bootstrap, [topic], REPLICA_PARTITIONS)
    producer = await _producer(bootstrap)
    figures: list[Figure | str] = []
    try:
        await pool.execute("truncate events, relay_checkpoints")
        await _fill(store, REPLICA_EVENTS)
        relay = Relay(dsn=dsn, pool=pool, producer=producer, topic=topic, source="/clc/bench")
        await relay.publish_pending()
        single = 0.0
        for replicas in (1, 2, 3):
            await pool.execute("truncate bench_tally, projector_processed, projector_offsets")
            name = f"bench-replicas-{replicas}-{uuid.uuid4().hex[:4]}"
            runners = [
                ProjectorRunner(
                    name=name,
                    pool=pool,
                    projections=[Tally()],
                    topics=[topic],
                    bootstrap_servers=bootstrap,
                    own_source="/clc/bench",
                    dead_letter_topic=f"{topic}.dlq",
                    producer=producer,
                    max_batch=PROJECTOR_BATCH,
                )
                for _ in range(replicas)
            ]
            progress(f"projector replicas: {replicas} applying {REPLICA_EVENTS:,} events")
            stop = asyncio.Event()
            with Timer() as t:
                tasks = [asyncio.create_task(r.run(stop)) for r in runners]
                while sum(r.stats.applied for r in runners) < REPLICA_EVENTS:
                    await asyncio.sleep(0.02)
                    for task in tasks:
                        if task.done():
                            task.result()
            stop.set()
            await asyncio.gather(*tasks)
            rate = REPLICA_EVENTS / t.seconds
            single = single or rate
            figures.append(
                Figure(
                    f"projector, {replicas} replica(s), {REPLICA_PARTITIONS} partitions",
                    rate,
                    "events/s",
                    single,
                    "1 replica",
                    load=t.load,
                )
            )
            assert await pool.fetchval("select sum(events) from bench_tally") == REPLICA_EVENTS
    finally:
        await producer.stop()
        await pool.close()
    return figures

"""The relay publishes every event exactly once and each stream in order, even when writers'
transactions commit in a different order than they took their positions (with the producer's
default 16 KB record batches, so the relay's per-partition batches fill and follow each other)."""

from __future__ import annotations

import asyncio
import json
import random
import uuid
from collections import defaultdict

import pytest
from aiokafka.partitioner import DefaultPartitioner
from eventkit.pg import create_pool
from eventkit.relay import Relay

from tests.integration.eventkit.conftest import postgres_store
from tests.support.kafka import consume_all, create_topics, started_producer, unique_topic

pytestmark = pytest.mark.integration

WRITERS = 16
TRANSACTIONS_PER_WRITER = 120
EVENTS_PER_TRANSACTION = 2
STREAMS_PER_WRITER = 4


async def _writer(pool, writer: int, rng: random.Random) -> list[str]:  # type: ignore[no-untyped-def]
    """Appends to its own streams; holds each transaction open for a random while after the
    insert, so positions are taken in one order and committed in another."""
    streams = [f"gap-{writer}-{s}-{uuid.uuid4().hex[:6]}" for s in range(STREAMS_PER_WRITER)]
    versions = dict.fromkeys(streams, 0)
    written: list[str] = []
    for _ in range(TRANSACTIONS_PER_WRITER):
        stream = rng.choice(streams)
        async with pool.acquire() as conn, conn.transaction():
            for _ in range(EVENTS_PER_TRANSACTION):
                versions[stream] += 1
                event_id = uuid.uuid4()
                await conn.execute(
                    "insert into events (event_id, stream_id, stream_type, stream_version,"
                    " event_type, tenant_id, data) values ($1, $2, 'Gap', $3, 'GapHappened',"
                    " 'tenant-a', $4)",
                    event_id,
                    stream,
                    versions[stream],
                    {"writer": writer},
                )
                written.append(str(event_id))
            await asyncio.sleep(rng.random() * 0.004)
    return written


async def test_relay_publishes_every_event_once_in_stream_order_despite_late_commits(
    new_database, kafka_bootstrap: str
) -> None:
    dsn = await new_database("relay_gap")
    _, close_store = await postgres_store(dsn)
    topic = unique_topic("clc.test.gap")
    await create_topics(kafka_bootstrap, topic)
    pool = await create_pool(dsn, max_size=WRITERS + 2)
    relay_pool = await create_pool(dsn, max_size=2)
    producer = await started_producer(kafka_bootstrap)
    relay = Relay(dsn=dsn, pool=relay_pool, producer=producer, topic=topic, source="/clc/test")
    stop = asyncio.Event()
    relay_task = asyncio.create_task(relay.run(stop))
    try:
        rng = random.Random(20261123)
        results = await asyncio.gather(
            *(_writer(pool, w, random.Random(rng.random())) for w in range(WRITERS))
        )
        expected = {e for r in results for e in r}
        total = WRITERS * TRANSACTIONS_PER_WRITER * EVENTS_PER_TRANSACTION
        assert len(expected) == total
        async with asyncio.timeout(60):
            while relay.stats.published < total:
                await asyncio.sleep(0.05)
        records = await consume_all(kafka_bootstrap, topic, total)
    finally:
        stop.set()
        await relay_task
        await producer.stop()
        await pool.close()
        await relay_pool.close()
        await close_store()

    ids = [dict(r.headers)["ce_id"].decode() for r in records]
    assert len(ids) == total, "every event published exactly once"
    assert set(ids) == expected
    per_stream: dict[str, list[int]] = defaultdict(list)
    for r in records:
        headers = dict(r.headers)
        assert r.key == headers["ce_tenantid"] + b"/" + headers["ce_subject"]
        # the relay builds its record batches per partition: on the partition send() would pick
        assert r.partition == DefaultPartitioner()(r.key, [0, 1, 2], [0, 1, 2])
        per_stream[r.key.decode()].append(int(headers["ce_streamversion"]))
        assert json.loads(r.value)["writer"] >= 0
    for stream, versions in per_stream.items():
        assert versions == list(range(1, len(versions) + 1)), f"{stream} out of order"

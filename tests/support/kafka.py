"""Small helpers for tests that talk to the real Kafka broker."""

from __future__ import annotations

import asyncio
import uuid

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord
from eventkit.topics import create_topics as eventkit_create_topics


def unique_topic(prefix: str) -> str:
    return f"{prefix}.{uuid.uuid4().hex[:8]}"


async def create_topics(bootstrap: str, *names: str, partitions: int = 3) -> None:
    await eventkit_create_topics(bootstrap, names, partitions)


async def started_producer(bootstrap: str) -> AIOKafkaProducer:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    return producer


async def consume_all(
    bootstrap: str, topic: str, expected: int, timeout_s: float = 60.0
) -> list[ConsumerRecord[bytes, bytes]]:
    """Read a topic from the beginning until ``expected`` records arrived (or time ran out)."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        group_id=None,
    )
    await consumer.start()
    records: list[ConsumerRecord[bytes, bytes]] = []
    try:
        async with asyncio.timeout(timeout_s):
            while len(records) < expected:
                polled = await consumer.getmany(timeout_ms=200)
                for batch in polled.values():
                    records.extend(batch)
        # Linger briefly: anything beyond `expected` would be a duplicate worth seeing.
        polled = await consumer.getmany(timeout_ms=300)
        for batch in polled.values():
            records.extend(batch)
    finally:
        await consumer.stop()
    return records

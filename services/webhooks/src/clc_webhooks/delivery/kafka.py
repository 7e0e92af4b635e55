"""Reading the topics again: one record by its coordinates, or a tenant's records from a time.

Both use a consumer without a group (``assign``/``seek``): they commit nothing and disturb no
consumer group. This is how a delivery whose body was dropped (after an erasure, a pause or for
a replay) is rebuilt from what the topic holds *now*.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import datetime
from typing import Any, TypeAlias

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition

__all__ = ["KafkaRecords"]

Record: TypeAlias = "ConsumerRecord[bytes, bytes]"


class KafkaRecords:
    def __init__(self, bootstrap: str, client_options: Mapping[str, Any] | None = None) -> None:
        self._bootstrap = bootstrap
        self._options = dict(client_options or {})

    def _consumer(self) -> AIOKafkaConsumer:
        return AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap,
            enable_auto_commit=False,
            group_id=None,
            **self._options,
        )

    async def one(self, topic: str, partition: int, offset: int, timeout_s: float = 10.0) -> Record:
        """The record at ``offset``; ``LookupError`` if the topic no longer holds it."""
        consumer = self._consumer()
        await consumer.start()
        try:
            tp = TopicPartition(topic, partition)
            consumer.assign([tp])
            consumer.seek(tp, offset)
            async with asyncio.timeout(timeout_s):
                while True:
                    batch = await consumer.getmany(tp, timeout_ms=500, max_records=1)
                    for record in batch.get(tp, []):
                        if record.offset == offset:
                            found: Record = record
                            return found
                        raise LookupError(f"{topic}/{partition}/{offset} is gone")
        finally:
            await consumer.stop()

    async def since(self, topics: Sequence[str], start: datetime) -> AsyncIterator[Record]:
        """Every record of ``topics`` from the first at or after ``start`` to the end as it
        was when the scan began (records arriving meanwhile are the live path's)."""
        consumer = self._consumer()
        await consumer.start()
        try:
            parts = [
                TopicPartition(t, p)
                for t in topics
                for p in sorted(consumer.partitions_for_topic(t) or await _partitions(consumer, t))
            ]
            if not parts:
                return
            consumer.assign(parts)
            ends = await consumer.end_offsets(parts)
            found = await consumer.offsets_for_times(
                {tp: int(start.timestamp() * 1000) for tp in parts}
            )
            left: set[TopicPartition] = set()
            for tp in parts:
                at = found.get(tp)
                begin = at.offset if at is not None else ends[tp]
                if begin < ends[tp]:
                    consumer.seek(tp, begin)
                    left.add(tp)
            while left:
                batch = await consumer.getmany(*left, timeout_ms=1000, max_records=500)
                for tp, records in batch.items():
                    for record in records:
                        if record.offset < ends[tp]:
                            yield record
                for tp in list(left):
                    if await consumer.position(tp) >= ends[tp]:
                        left.discard(tp)
        finally:
            await consumer.stop()


async def _partitions(consumer: AIOKafkaConsumer, topic: str) -> set[int]:
    await consumer._client.force_metadata_update()
    return set(consumer.partitions_for_topic(topic) or ())

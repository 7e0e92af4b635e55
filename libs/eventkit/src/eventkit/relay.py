"""The relay: publishes every stored event to the service's Kafka topic, once, in order.

It walks the store's gap-safe global order (see ``eventkit.store.postgres``) from a checkpoint
kept in the same database, sends each batch with an idempotent ``acks=all`` producer keyed by
tenant and stream id (``cloudevents.kafka_key``: one aggregate's events share a partition and
keep their order), waits for every acknowledgement, and only then moves the checkpoint. A crash
between send and checkpoint re-sends that batch on restart: delivery is at-least-once and
consumers de-duplicate on event id.

Exactly one relay of a service may run at a time (``servicekit.leadership``: a PostgreSQL
advisory lock). The leader passes ``run`` the connection that holds the lock as ``checkpoints``,
so the checkpoint is read and written only while the lock is held: a relay that lost its
connection cannot move the checkpoint any more, and its successor starts from the last position
the old leader saved *after* the broker acknowledged everything up to it. What a handover can
publish twice is therefore exactly what was acknowledged (or still in flight) but not yet
checkpointed — at most the two batches the pipeline holds, ``2 * batch_size`` events — and it
is re-sent in the same ``(tx_id, position)`` order, so the first copy of every event on a
partition is still in stream order. Nothing is skipped: the checkpoint never runs ahead of an
acknowledgement. The idempotent producer removes the duplicates its own retries would cause
within one producer session; the ones a handover causes carry the same event id (the CloudEvent
``id``), which every projector records in the transaction that applies the event.

It polls every ``idle_poll_s`` (20 ms) while idle: one indexed read that finds nothing. It used
to be woken by LISTEN/NOTIFY, but a notifying commit holds a database-wide lock through its WAL
flush, which serialised every writer's commit once ``synchronous_commit`` is on (migration
``eventkit_0007_no_commit_notify``).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import asyncpg
from aiokafka import AIOKafkaProducer
from aiokafka.partitioner import DefaultPartitioner

from .cloudevents import DEFAULT_SCHEMA_BASE, to_kafka
from .envelope import RecordedEvent
from .store.base import Cursor
from .store.postgres import PostgresEventStore

__all__ = [
    "RELAY_MAX_BATCH_BYTES",
    "CheckpointQueries",
    "Relay",
    "RelayStats",
    "partition_for",
]

log = logging.getLogger("eventkit.relay")

#: the producer's own default: the partition ``send`` would choose for a key
_PARTITIONER = DefaultPartitioner()


@functools.lru_cache(maxsize=65_536)
def _partition_index(key: bytes, count: int) -> int:
    # aiokafka's murmur2 is pure Python, about 10 us a key: one aggregate's events share a key,
    # so remembering it saves most of them
    return int(_PARTITIONER(key, range(count), None))


def partition_for(key: bytes, partitions: list[int]) -> int:
    """The partition the producer's default partitioner gives ``key`` (``partitions`` sorted)."""
    return partitions[_partition_index(key, len(partitions))]


#: ``max_batch_size`` for a relay's producer: a record batch per partition per relay batch
#: (2,000 events of about 1 KB over a few partitions), below the broker's 1 MB message limit
RELAY_MAX_BATCH_BYTES = 512 * 1024


@dataclass
class RelayStats:
    published: int = 0
    batches: int = 0
    # Seconds from an event's commit time to its broker acknowledgement, most recent first.
    lags: list[float] = field(default_factory=list)
    checkpoint: Cursor = field(default_factory=Cursor)
    # Called with each lag as it is recorded, and with each acknowledged batch and the time of
    # its acknowledgement (metrics and tracing hooks; see servicekit.telemetry).
    lag_observers: list[Callable[[float], None]] = field(default_factory=list)
    batch_observers: list[Callable[[list[RecordedEvent], float], None]] = field(
        default_factory=list
    )

    def record_lag(self, lag: float, keep: int = 100_000) -> None:
        self.lags.append(lag)
        for observe in self.lag_observers:
            observe(lag)
        if len(self.lags) > keep:
            del self.lags[: len(self.lags) - keep]


class CheckpointQueries(Protocol):
    """Where the checkpoint is read and written: the pool, or the leader's own connection."""

    async def fetchrow(self, query: str, *args: Any) -> Any: ...

    async def execute(self, query: str, *args: Any) -> str: ...


class Relay:
    def __init__(
        self,
        *,
        dsn: str,
        pool: asyncpg.Pool,
        producer: AIOKafkaProducer,
        topic: str,
        source: str,
        schema_base: str = DEFAULT_SCHEMA_BASE,
        name: str = "relay",
        batch_size: int = 2000,
        idle_poll_s: float = 0.02,
    ) -> None:
        self._dsn = dsn
        self._pool = pool
        self._store = PostgresEventStore(pool)
        self._producer = producer
        self._topic = topic
        self._source = source
        self._schema_base = schema_base
        self._name = name
        self.name = name
        self._batch_size = batch_size
        self._idle_poll_s = idle_poll_s
        self._checkpoints: CheckpointQueries = pool
        self.stats = RelayStats()

    async def _load_checkpoint(self) -> Cursor:
        row = await self._checkpoints.fetchrow(
            "select tx_id::text::bigint as tx_id, position from relay_checkpoints where relay = $1",
            self._name,
        )
        return Cursor(row["tx_id"], row["position"]) if row else Cursor()

    async def _save_checkpoint(self, cursor: Cursor) -> None:
        await self._checkpoints.execute(
            "insert into relay_checkpoints (relay, tx_id, position) values ($1, $2::text::xid8, $3)"
            " on conflict (relay) do update set tx_id = excluded.tx_id,"
            " position = excluded.position, updated_at = now()",
            self._name,
            str(cursor.tx_id),
            cursor.position,
        )

    async def publish_pending(self) -> int:
        """Publish everything committed since the checkpoint; return how many were sent.

        Reading the next batch overlaps with waiting for the broker to acknowledge the current
        one; the checkpoint still moves only past batches that are fully acknowledged, in order.
        """
        cursor = await self._load_checkpoint()
        in_flight: tuple[Cursor, list[asyncio.Future[Any]], list[RecordedEvent]] | None = None
        sent = 0
        while True:
            batch = await self._store.read_all(cursor, limit=self._batch_size)
            if in_flight is not None:
                await self._settle(*in_flight)
                in_flight = None
            if not batch:
                return sent
            futures = await self._send(batch)
            cursor = Cursor.of(batch[-1])
            in_flight = (cursor, futures, batch)
            sent += len(batch)

    async def _send(self, batch: list[RecordedEvent]) -> list[asyncio.Future[Any]]:
        """Send a batch as record batches built here, one per partition (more when one fills):
        the producer's per-message ``send`` (a coroutine and a future per event) cost more than
        everything else the relay does. Each event goes to the partition ``send`` would pick
        (the default partitioner: murmur2 of the key), in batch order; the producer keeps one
        batch per partition in flight, so a partition's batches reach the broker in order, and
        its idempotence assigns their sequence numbers as it would for ``send``."""
        partitions = sorted(await self._producer.partitions_for(self._topic))
        builders: dict[int, Any] = {}
        futures: list[asyncio.Future[Any]] = []
        for event in batch:
            key, value, headers = to_kafka(
                event, source=self._source, schema_base=self._schema_base
            )
            partition = partition_for(key, partitions)
            builder = builders.get(partition)
            if builder is None:
                builder = builders[partition] = self._producer.create_batch()
            if builder.append(key=key, value=value, timestamp=None, headers=headers) is None:
                futures.append(
                    await self._producer.send_batch(builder, self._topic, partition=partition)
                )
                builder = builders[partition] = self._producer.create_batch()
                builder.append(key=key, value=value, timestamp=None, headers=headers)
        for partition, builder in builders.items():
            futures.append(
                await self._producer.send_batch(builder, self._topic, partition=partition)
            )
        return futures

    async def _settle(
        self, cursor: Cursor, futures: list[asyncio.Future[Any]], batch: list[RecordedEvent]
    ) -> None:
        """Wait for a batch's acknowledgements, then record its lag and move the checkpoint."""
        await asyncio.gather(*futures)
        acked = time.time()
        for event in batch:
            self.stats.record_lag(acked - event.recorded_at.timestamp())
        for observe in self.stats.batch_observers:
            observe(batch, acked)
        await self._save_checkpoint(cursor)
        self.stats.published += len(batch)
        self.stats.batches += 1
        self.stats.checkpoint = cursor

    async def run(self, stop: asyncio.Event, checkpoints: CheckpointQueries | None = None) -> None:
        """Publish until ``stop``; ``checkpoints`` is the leader's lock-holding connection when
        run under leadership (see the module's docstring), else the pool."""
        self._checkpoints = checkpoints if checkpoints is not None else self._pool
        log.info("relay started", extra={"relay": self._name, "topic": self._topic})
        while not stop.is_set():
            sent = await self.publish_pending()
            if sent:
                continue
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._idle_poll_s):  # not wait_for: see leadership
                    await stop.wait()

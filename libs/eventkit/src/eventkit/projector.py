"""The projector runner: Kafka in, read models out, exactly-once in effect.

For each batch it polls, one PostgreSQL transaction (1) skips events already processed (by event
id), (2) applies the rest to every projection with the tenant set for row-level security,
(3) records their ids, and (4) stores the next Kafka offset of each partition. Offsets live in the
database, never in Kafka, so the read model and "how far we got" commit or roll back together: a
crash anywhere replays from the last committed offsets and the replay changes nothing twice.

Replicas share a topic's partitions through the consumer group, and each seeks to the offsets
stored here when partitions are assigned to it. A rebalance can still leave the previous owner
finishing a batch it polled before the partition moved; so every batch first locks its
partitions' offset rows (``select … for update``, in a fixed order) and drops the records below
the stored offset: of two replicas holding the same records, the second to commit finds them
already applied and changes nothing. Together with the processed event ids (which absorb the
relay's re-sends at new offsets) this keeps the effect exactly once across rebalances.

A poison event (one a projection cannot apply) must not stall the stream. The fast path applies a
batch without savepoints; if anything fails, the batch is rolled back and redone with a savepoint
per event, the failing event is kept in the ``dead_letters`` table (in the same transaction) and
sent to the dead-letter topic with its error, marked processed, and the runner moves on. Operators
list and replay dead letters after a fix (``eventkit.dead_letters``, ``replay_dead_letters``).
"""

from __future__ import annotations

import asyncio
import logging
import time
import traceback
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import asyncpg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.abc import ConsumerRebalanceListener

from .cloudevents import from_kafka
from .dead_letters import (
    UNDECODABLE,
    DeadLetter,
    ReplayOutcome,
    fetch_dead_letters,
    reason_of,
    record_dead_letter,
    replay,
    skip,
    unhandled_counts,
)
from .envelope import RecordedEvent
from .errors import ConsistencyTimeout
from .projection import Projection, ProjectionConnection
from .store.base import START, Cursor, EventStore

__all__ = ["CURRENT_RECORD", "ProjectorRunner", "ProjectorStats"]

log = logging.getLogger("eventkit.projector")

#: the Kafka record of the event being applied (None in a rebuild or a dead-letter replay): for a
#: projection that passes records on as they are (the webhooks' delivery scheduler)
CURRENT_RECORD: ContextVar[ConsumerRecord[bytes, bytes] | None] = ContextVar(
    "eventkit_current_record", default=None
)


@dataclass
class ProjectorStats:
    applied: int = 0
    skipped_duplicates: int = 0
    # Records another replica had applied already (a batch polled before a rebalance).
    fenced: int = 0
    dead_lettered: int = 0
    batches: int = 0
    # Called after each applied batch with its events' commit times (epoch seconds) and the
    # seconds the batch took (metrics hooks; see servicekit.telemetry).
    batch_observers: list[Callable[[list[float], float], None]] = field(default_factory=list)

    def observe_batch(self, events: Sequence[RecordedEvent], seconds: float) -> None:
        if self.batch_observers:
            committed = [e.recorded_at.timestamp() for e in events]
            for observe in self.batch_observers:
                observe(committed, seconds)

    # Dead letters set aside by this process since it started, by reason (a counter, for
    # metrics); what is still unhandled is in the database (``dead_letter_counts``).
    dead_lettered_by_reason: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class _Incoming:
    record: ConsumerRecord[bytes, bytes]
    event: RecordedEvent | None
    source: str
    decode_error: str | None
    reason: str | None = None


class _OffsetsFromDatabase(ConsumerRebalanceListener):  # type: ignore[misc]
    def __init__(self, runner: ProjectorRunner) -> None:
        self._runner = runner

    async def on_partitions_revoked(self, revoked: Sequence[TopicPartition]) -> None:
        return None

    async def on_partitions_assigned(self, assigned: Sequence[TopicPartition]) -> None:
        await self._runner._seek_to_stored_offsets(assigned)


class ProjectorRunner:
    def __init__(
        self,
        *,
        name: str,
        pool: asyncpg.Pool,
        projections: Sequence[Projection],
        topics: Sequence[str],
        bootstrap_servers: str,
        own_source: str,
        dead_letter_topic: str,
        producer: AIOKafkaProducer | None = None,
        max_batch: int = 500,
        client_options: Mapping[str, Any] | None = None,
    ) -> None:
        self.name = name
        self._pool = pool
        self._projections = list(projections)
        self._topics = list(topics)
        self._bootstrap = bootstrap_servers
        self._own_source = own_source
        self._dlq = dead_letter_topic
        self._producer = producer
        self._max_batch = max_batch
        self._client_options = dict(client_options or {})
        """aiokafka security options (TLS, SASL) for the consumer."""
        self._consumer: AIOKafkaConsumer | None = None
        self._lock = asyncio.Lock()
        self.stats = ProjectorStats()

    # -- consuming --------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self._bootstrap,
            group_id=self.name,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_committed",
            **self._client_options,
        )
        consumer.subscribe(self._topics, listener=_OffsetsFromDatabase(self))
        self._consumer = consumer
        await consumer.start()
        log.info("projector started", extra={"projector": self.name, "topics": self._topics})
        try:
            while not stop.is_set():
                polled = await consumer.getmany(timeout_ms=200, max_records=self._max_batch)
                records = [r for batch in polled.values() for r in batch]
                if records:
                    async with self._lock:
                        await self.process(records)
        finally:
            # Stop first: a rebalance finishing during shutdown still needs the consumer.
            await consumer.stop()
            self._consumer = None

    async def _seek_to_stored_offsets(self, assigned: Sequence[TopicPartition]) -> None:
        assert self._consumer is not None
        rows = await self._pool.fetch(
            "select topic, partition, next_offset from projector_offsets where projector = $1",
            self.name,
        )
        stored = {(r["topic"], r["partition"]): r["next_offset"] for r in rows}
        for tp in assigned:
            offset = stored.get((tp.topic, tp.partition))
            if offset is None:
                await self._consumer.seek_to_beginning(tp)
            else:
                self._consumer.seek(tp, offset)

    async def process(self, records: Sequence[ConsumerRecord[bytes, bytes]]) -> None:
        """Apply one polled batch; offsets and read models commit together."""
        incoming = [self._decode(r) for r in records]
        try:
            await self._apply_batch(incoming, isolate=False)
        except Exception:
            log.warning("batch failed; retrying event by event", extra={"projector": self.name})
            await self._apply_batch(incoming, isolate=True)
        self.stats.batches += 1

    def _decode(self, record: ConsumerRecord[bytes, bytes]) -> _Incoming:
        source = next(
            (v.decode() for k, v in record.headers or [] if k == "ce_source"), self._own_source
        )
        try:
            assert record.value is not None
            return _Incoming(record, from_kafka(record.value, record.headers), source, None)
        except Exception as exc:  # a malformed record is poison too
            return _Incoming(record, None, source, f"undecodable record: {exc!r}", UNDECODABLE)

    async def _apply_batch(self, incoming: Sequence[_Incoming], *, isolate: bool) -> None:
        started = time.perf_counter()
        async with self._pool.acquire() as conn, conn.transaction():
            incoming = await self._fence(conn, incoming)
            ids = [i.event.event_id for i in incoming if i.event is not None]
            done = {
                r["event_id"]
                for r in await conn.fetch(
                    "select event_id from projector_processed"
                    " where projector = $1 and event_id = any($2::uuid[])",
                    self.name,
                    ids,
                )
            }
            processed: list[tuple[RecordedEvent, str]] = []
            writer = ProjectionConnection(conn)
            tenant: str | None = None
            applied = 0
            dead: list[str] = []
            for item in incoming:
                event = item.event
                if event is None:
                    assert item.decode_error is not None
                    if not isolate:
                        raise RuntimeError(item.decode_error)
                    await self._dead_letter(conn, item, None, UNDECODABLE, item.decode_error)
                    dead.append(UNDECODABLE)
                    continue
                if event.event_id in done:
                    self.stats.skipped_duplicates += 1
                    continue
                done.add(event.event_id)
                CURRENT_RECORD.set(item.record)
                if event.tenant_id != tenant:
                    tenant = event.tenant_id
                    await _switch_tenant(writer, conn, tenant)
                if isolate:
                    try:
                        async with conn.transaction():
                            await self._apply(writer, event)
                            await writer.flush()
                        applied += 1
                    except Exception as exc:
                        # The failed event's queued writes must not reach the next flush.
                        writer.discard()
                        reason = reason_of(exc)
                        error = traceback.format_exc(limit=5)
                        await self._dead_letter(conn, item, event, reason, error)
                        dead.append(reason)
                else:
                    await self._apply(writer, event)
                    applied += 1
                processed.append((event, item.source))
            CURRENT_RECORD.set(None)
            await writer.flush()
            await self._mark_processed(conn, processed)
            await self._store_offsets(conn, [i.record for i in incoming])
        self.stats.applied += applied
        self.stats.dead_lettered += len(dead)
        self.stats.dead_lettered_by_reason.update(dead)
        self.stats.observe_batch([e for e, _ in processed], time.perf_counter() - started)

    async def _fence(
        self, conn: asyncpg.Connection, incoming: Sequence[_Incoming]
    ) -> list[_Incoming]:
        """Lock the batch's partitions' offsets for this transaction; the records not applied
        yet (at or above the stored offset)."""
        parts = sorted({(i.record.topic, i.record.partition) for i in incoming})
        args = (self.name, [t for t, _ in parts], [p for _, p in parts])
        lock = (
            "select topic, partition, next_offset from projector_offsets"
            " where projector = $1 and (topic, partition) in"
            " (select * from unnest($2::text[], $3::int[]))"
            " order by topic, partition for update"
        )
        rows = await conn.fetch(lock, *args)
        if len(rows) < len(parts):  # a partition never stored: create its row, then lock it
            await conn.execute(
                "insert into projector_offsets (projector, topic, partition, next_offset)"
                " select $1, t, p, 0 from unnest($2::text[], $3::int[]) as x(t, p)"
                " order by t, p on conflict do nothing",
                *args,
            )
            rows = await conn.fetch(lock, *args)
        stored = {(r["topic"], r["partition"]): r["next_offset"] for r in rows}
        fresh = [
            i for i in incoming if i.record.offset >= stored[i.record.topic, i.record.partition]
        ]
        self.stats.fenced += len(incoming) - len(fresh)
        return fresh

    async def _apply(self, writer: ProjectionConnection, event: RecordedEvent) -> None:
        for projection in self._projections:
            await projection.apply(writer, event)

    async def _mark_processed(
        self, conn: asyncpg.Connection, events: Sequence[tuple[RecordedEvent, str]]
    ) -> None:
        if not events:
            return
        await conn.execute(
            "insert into projector_processed (projector, event_id, source, global_position)"
            " select $1, e.id, e.source, e.pos"
            " from unnest($2::uuid[], $3::text[], $4::bigint[]) as e(id, source, pos)"
            " on conflict do nothing",
            self.name,
            [e.event_id for e, _ in events],
            [source for _, source in events],
            [e.global_position for e, _ in events],
        )

    async def _store_offsets(
        self, conn: asyncpg.Connection, records: Sequence[ConsumerRecord[bytes, bytes]]
    ) -> None:
        latest: dict[tuple[str, int], int] = {}
        for r in records:
            key = (r.topic, r.partition)
            latest[key] = max(latest.get(key, -1), r.offset + 1)
        await conn.execute(
            "insert into projector_offsets (projector, topic, partition, next_offset)"
            " select $1, o.topic, o.partition, o.next_offset"
            " from unnest($2::text[], $3::int[], $4::bigint[]) as o(topic, partition, next_offset)"
            " on conflict (projector, topic, partition)"
            " do update set next_offset ="
            " greatest(projector_offsets.next_offset, excluded.next_offset)",
            self.name,
            [k[0] for k in latest],
            [k[1] for k in latest],
            list(latest.values()),
        )

    async def _dead_letter(
        self,
        conn: asyncpg.Connection,
        item: _Incoming,
        event: RecordedEvent | None,
        reason: str,
        error: str,
    ) -> None:
        record = item.record
        log.error(
            "event dead-lettered",
            extra={
                "projector": self.name,
                "topic": record.topic,
                "partition": record.partition,
                "offset": record.offset,
                "reason": reason,
            },
        )
        await record_dead_letter(conn, self.name, record, event, reason, error)
        if self._producer is None:
            return
        headers = [
            *list(record.headers or []),
            ("dlq_error", error[-4000:].encode()),
            ("dlq_projector", self.name.encode()),
            ("dlq_source", f"{record.topic}/{record.partition}/{record.offset}".encode()),
        ]
        await self._producer.send_and_wait(
            self._dlq, value=record.value, key=record.key, headers=headers
        )

    # -- dead letters -------------------------------------------------------------------------

    async def dead_letter_counts(self) -> dict[str, int]:
        """Unhandled dead letters of this projector, by reason (empty when there are none)."""
        return await unhandled_counts(self._pool, self.name)

    async def dead_letters(self, *, include_handled: bool = False) -> list[DeadLetter]:
        return await fetch_dead_letters(self._pool, self.name, include_handled=include_handled)

    async def replay_dead_letters(self, ids: Sequence[int] | None = None) -> list[ReplayOutcome]:
        """Apply unhandled dead letters (all, or those with ``ids``) through the projections
        again, each in its own transaction: handled if it applies, else unhandled with the new
        error."""
        async with self._lock:
            letters = await fetch_dead_letters(self._pool, self.name, ids=ids)
            return [await replay(self._pool, self.name, letter, self._apply) for letter in letters]

    async def skip_dead_letters(self, ids: Sequence[int]) -> int:
        """Mark dead letters handled without applying them; how many were unhandled."""
        return await skip(self._pool, self.name, ids)

    # -- rebuilding ---------------------------------------------------------------------------

    async def rebuild(
        self,
        store: EventStore,
        *,
        batch_size: int = 5000,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Replay the service's own event store into freshly emptied read models.

        Runs under the consuming lock. Offsets are left alone: events the consumer meets again
        afterwards are already marked processed and are skipped.
        """
        async with self._lock:
            async with self._pool.acquire() as conn, conn.transaction():
                writer = ProjectionConnection(conn)
                for projection in self._projections:
                    await projection.reset(writer)
                await writer.flush()
                await conn.execute(
                    "delete from projector_processed where projector = $1 and source = $2",
                    self.name,
                    self._own_source,
                )
            cursor: Cursor = START
            total = 0
            while batch := await store.read_all(cursor, limit=batch_size):
                async with self._pool.acquire() as conn, conn.transaction():
                    writer = ProjectionConnection(conn)
                    tenant: str | None = None
                    for event in batch:
                        if event.tenant_id != tenant:
                            tenant = event.tenant_id
                            await _switch_tenant(writer, conn, tenant)
                        await self._apply(writer, event)
                    await writer.flush()
                    await self._mark_processed(conn, [(e, self._own_source) for e in batch])
                cursor = Cursor.of(batch[-1])
                total += len(batch)
                if progress is not None:
                    progress(total)
            return total

    # -- reading your writes -------------------------------------------------------------------

    async def has_reached(self, position: int, source: str | None = None) -> bool:
        """Whether the event at ``position`` of ``source`` (default: the service's own) has been
        applied; another service's source is one of the topics this projector consumes."""
        if position <= 0:
            return True
        found = await self._pool.fetchval(
            "select 1 from projector_processed"
            " where projector = $1 and source = $2 and global_position = $3",
            self.name,
            source or self._own_source,
            position,
        )
        return found is not None

    async def wait_for(
        self, position: int, timeout_s: float = 5.0, source: str | None = None
    ) -> None:
        """Block until the read models include the write that returned ``position`` (of
        ``source``'s store; default the service's own)."""
        deadline = time.monotonic() + timeout_s
        delay = 0.005
        while not await self.has_reached(position, source):
            if time.monotonic() >= deadline:
                raise ConsistencyTimeout(position, timeout_s)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.1)


async def _switch_tenant(
    writer: ProjectionConnection, conn: asyncpg.Connection, tenant: str
) -> None:
    # Queued writes must run under the tenant they were made for: row-level security is
    # checked when a statement executes, not when it is queued.
    await writer.flush()
    await conn.execute("select set_config('app.tenant_id', $1, true)", tenant)

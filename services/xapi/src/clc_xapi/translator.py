"""The event topics -> ``clc.xapi.statements``, exactly once.

Consume, translate, produce in one Kafka transaction that also commits the consumer group's
offsets (``send_offsets_to_transaction``): the statements of a batch and "how far we got" are
committed together or not at all. A crash replays the batch from the last committed offsets,
and the aborted statements are never seen by a ``read_committed`` consumer; so a restart
neither loses nor duplicates a statement in the topic. (A replay of the *event topics* from an
earlier offset — a new consumer group, ``clc events replay`` — gives statements with the same
ids, which a learning record store keeps once.)
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.structs import OffsetAndMetadata
from eventkit.cloudevents import from_kafka
from eventkit.topics import await_topics

from .domain.translate import FeedPolicy, SourceEvent, Statement, translate, translated_types

__all__ = ["STATEMENT_VERSION_HEADER", "TranslatorStats", "run_translator", "statement_records"]

log = logging.getLogger("clc_xapi.translator")

STATEMENT_VERSION_HEADER = ("x-experience-api-version", b"1.0.3")


@dataclass
class TranslatorStats:
    events: int = 0
    statements: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    """Events that made no statement, by reason (``other-type``, ``opted-out``,
    ``undecodable``, ``unknown-version``)."""
    running: bool = False


Record = tuple[bytes, bytes, list[tuple[str, bytes]]]


def statement_records(
    record: ConsumerRecord[bytes, bytes], policy: FeedPolicy, stats: TranslatorStats
) -> list[Record]:
    """The statement records one event record makes (key ``<tenant>/<actor>``, JSON value)."""
    stats.events += 1
    try:
        assert record.value is not None
        event = from_kafka(record.value, record.headers)
    except Exception:  # not ours to judge: the services dead-letter their own poison
        stats.skipped["undecodable"] += 1
        return []
    source = SourceEvent(
        event_id=event.event_id,
        event_type=event.event_type,
        schema_version=event.schema_version,
        tenant_id=event.tenant_id,
        recorded_at=event.recorded_at,
        data=event.data,
    )
    statements = translate(source, policy)
    if not statements:
        stats.skipped[_why_none(source, policy)] += 1
    return [_record(source, s) for s in statements]


def _why_none(event: SourceEvent, policy: FeedPolicy) -> str:
    if event.tenant_id in policy.opted_out:
        return "opted-out"
    if event.event_type not in translated_types():
        return "other-type"
    return "no-statement"  # a known type with an unknown version, or a session nobody attended


def _record(event: SourceEvent, statement: Statement) -> Record:
    actor = statement["actor"]["account"]["name"]
    headers = [
        ("content-type", b"application/json"),
        STATEMENT_VERSION_HEADER,
        ("clc_tenantid", event.tenant_id.encode()),
        ("clc_source_event", str(event.event_id).encode()),
        ("clc_source_type", event.event_type.encode()),
    ]
    return f"{event.tenant_id}/{actor}".encode(), orjson.dumps(statement), headers


async def run_translator(
    *,
    bootstrap: str,
    topics: Sequence[str],
    statements_topic: str,
    group: str,
    transactional_id: str,
    policy: FeedPolicy,
    stats: TranslatorStats,
    stop: asyncio.Event,
    max_batch: int = 500,
) -> None:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, transactional_id=transactional_id, enable_idempotence=True
    )
    consumer = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
    )
    # the services create their topics; a feed started first waits for them (and is restarted
    # by its supervisor if they take longer), rather than subscribing to nothing
    await await_topics(bootstrap, topics, wait_seconds=60)
    await producer.start()
    try:
        await consumer.start()
        stats.running = True
        log.info("translator started", extra={"topics": list(topics), "group": group})
        while not stop.is_set():
            polled = await consumer.getmany(timeout_ms=200, max_records=max_batch)
            if polled:
                await _one_transaction(producer, polled, statements_topic, group, policy, stats)
    finally:
        stats.running = False
        await consumer.stop()
        await producer.stop()


async def _one_transaction(
    producer: AIOKafkaProducer,
    polled: dict[TopicPartition, list[ConsumerRecord[bytes, bytes]]],
    statements_topic: str,
    group: str,
    policy: FeedPolicy,
    stats: TranslatorStats,
) -> None:
    records = [(r, statement_records(r, policy, stats)) for batch in polled.values() for r in batch]
    async with producer.transaction():
        sent = [
            await producer.send(statements_topic, value=value, key=key, headers=headers)
            for _, made in records
            for key, value, headers in made
        ]
        offsets = {tp: OffsetAndMetadata(batch[-1].offset + 1, "") for tp, batch in polled.items()}
        await producer.send_offsets_to_transaction(offsets, group)
    await asyncio.gather(*sent)
    stats.statements += len(sent)

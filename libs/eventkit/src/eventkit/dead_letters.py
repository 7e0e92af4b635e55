"""Dead letters, kept where operators can act on them.

A poison event — one a projection cannot apply, or a record that cannot even be decoded — is set
aside so the stream keeps moving. Setting it aside silently would let a read model drift from the
store unnoticed, so each one is also written to the service database's ``dead_letters`` table, in
the same transaction that moves past it: its reason (the error's class), the error, where it came
from (topic, partition, offset), the raw record to replay it from, and whether it is handled.

While any is unhandled the service reports itself degraded. After a fix, an operator replays it
(``clc-<service> dead-letters replay``): the event goes through the projections again and, if it
applies, is marked handled; if it still fails it stays unhandled with the new error. A replay
applies the event after events that were applied while it waited, which is right for the upserts
projections are made of, and worth knowing for anything order-sensitive.
"""

from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
from aiokafka import ConsumerRecord

from .cloudevents import from_kafka
from .envelope import RecordedEvent
from .projection import ProjectionConnection

__all__ = [
    "UNDECODABLE",
    "DeadLetter",
    "ReplayOutcome",
    "fetch_dead_letters",
    "mark_failed",
    "mark_handled",
    "reason_of",
    "record_dead_letter",
    "replay",
    "skip",
    "unhandled_counts",
]

log = logging.getLogger("eventkit.projector")

#: the reason of a record that could not be decoded into an event at all
UNDECODABLE = "UndecodableRecord"

_ERROR_KEEP = 4000


def reason_of(error: BaseException) -> str:
    """A dead letter's reason: the error's class, a small fixed vocabulary fit for metric labels."""
    return type(error).__name__


@dataclass(frozen=True)
class DeadLetter:
    id: int
    topic: str
    partition: int
    offset: int
    event_id: uuid.UUID | None
    tenant_id: str | None
    event_type: str | None
    reason: str
    error: str
    dead_at: datetime
    attempts: int
    handled: bool
    handled_at: datetime | None
    value: bytes | None
    headers: list[tuple[str, bytes]]


@dataclass(frozen=True)
class ReplayOutcome:
    id: int
    handled: bool
    reason: str | None = None
    error: str | None = None


async def record_dead_letter(
    conn: asyncpg.Connection,
    projector: str,
    record: ConsumerRecord[bytes, bytes],
    event: RecordedEvent | None,
    reason: str,
    error: str,
) -> None:
    """Keep a dead letter; a redelivery of the same record keeps the first."""
    headers = list(record.headers or [])
    await conn.execute(
        "insert into dead_letters (projector, topic, partition, record_offset, event_id,"
        " tenant_id, event_type, reason, error, record_key, record_value, header_keys,"
        " header_values) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
        " on conflict (projector, topic, partition, record_offset) do nothing",
        projector,
        record.topic,
        record.partition,
        record.offset,
        None if event is None else event.event_id,
        None if event is None else event.tenant_id,
        None if event is None else event.event_type,
        reason,
        error[-_ERROR_KEEP:],
        record.key,
        record.value,
        [k for k, _ in headers],
        [bytes(v) for _, v in headers],
    )


async def unhandled_counts(
    conn: asyncpg.Connection | asyncpg.Pool, projector: str
) -> dict[str, int]:
    rows = await conn.fetch(
        "select reason, count(*) as n from dead_letters where projector = $1 and not handled"
        " group by reason order by reason",
        projector,
    )
    return {r["reason"]: r["n"] for r in rows}


async def fetch_dead_letters(
    conn: asyncpg.Connection | asyncpg.Pool,
    projector: str,
    *,
    ids: Sequence[int] | None = None,
    include_handled: bool = False,
) -> list[DeadLetter]:
    rows = await conn.fetch(
        "select * from dead_letters where projector = $1"
        " and ($2::bigint[] is null or id = any($2::bigint[])) and ($3 or not handled)"
        " order by id",
        projector,
        None if ids is None else list(ids),
        include_handled,
    )
    return [_letter(r) for r in rows]


def _letter(row: Any) -> DeadLetter:
    return DeadLetter(
        id=row["id"],
        topic=row["topic"],
        partition=row["partition"],
        offset=row["record_offset"],
        event_id=row["event_id"],
        tenant_id=row["tenant_id"],
        event_type=row["event_type"],
        reason=row["reason"],
        error=row["error"],
        dead_at=row["dead_at"],
        attempts=row["attempts"],
        handled=row["handled"],
        handled_at=row["handled_at"],
        value=row["record_value"],
        headers=list(zip(row["header_keys"], row["header_values"], strict=True)),
    )


async def mark_handled(conn: asyncpg.Connection, letter_id: int) -> None:
    await conn.execute(
        "update dead_letters set handled = true, handled_at = now(), attempts = attempts + 1"
        " where id = $1",
        letter_id,
    )


async def skip(conn: asyncpg.Connection | asyncpg.Pool, projector: str, ids: Sequence[int]) -> int:
    """Mark dead letters handled without applying them (an operator's decision that the read
    model needs nothing from them); how many were unhandled."""
    done = await conn.fetch(
        "update dead_letters set handled = true, handled_at = now(),"
        " error = error || E'\\n(skipped by an operator)'"
        " where projector = $1 and id = any($2::bigint[]) and not handled returning id",
        projector,
        list(ids),
    )
    return len(done)


async def mark_failed(conn: asyncpg.Connection, letter_id: int, reason: str, error: str) -> None:
    await conn.execute(
        "update dead_letters set reason = $2, error = $3, attempts = attempts + 1,"
        " last_attempt_at = now() where id = $1",
        letter_id,
        reason,
        error[-_ERROR_KEEP:],
    )


async def replay(
    pool: asyncpg.Pool,
    projector: str,
    letter: DeadLetter,
    apply: Callable[[ProjectionConnection, RecordedEvent], Awaitable[None]],
) -> ReplayOutcome:
    """Apply one dead letter's event again (``apply``: every projection), in its own
    transaction: handled if it applies; else unhandled, with the new reason and error."""
    async with pool.acquire() as conn, conn.transaction():
        try:
            assert letter.value is not None, "the record had no value"
            event = from_kafka(letter.value, letter.headers)
        except Exception as exc:
            error = f"undecodable record: {exc!r}"
            await mark_failed(conn, letter.id, UNDECODABLE, error)
            return ReplayOutcome(letter.id, False, UNDECODABLE, error)
        writer = ProjectionConnection(conn)
        await conn.execute("select set_config('app.tenant_id', $1, true)", event.tenant_id)
        try:
            async with conn.transaction():
                await apply(writer, event)
                await writer.flush()
        except Exception as exc:
            writer.discard()
            reason, error = reason_of(exc), traceback.format_exc(limit=5)
            await mark_failed(conn, letter.id, reason, error)
            log.warning(
                "dead letter still fails",
                extra={"projector": projector, "dead_letter": letter.id, "reason": reason},
            )
            return ReplayOutcome(letter.id, False, reason, error)
        await mark_handled(conn, letter.id)
        log.info("dead letter replayed", extra={"projector": projector, "dead_letter": letter.id})
        return ReplayOutcome(letter.id, True)

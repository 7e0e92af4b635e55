"""``clc.xapi.statements`` -> a Learning Record Store, at least once, deduplicated by the LRS.

Each statement is POSTed to ``<lrs_url>/statements`` with ``X-Experience-API-Version: 1.0.3``
and Basic auth. The consumer group's offset of a statement moves only after the LRS took it or
it was dead-lettered, so a restart re-sends at most what was in flight; the LRS keeps a
statement id once (a statement it already holds answers 204 or 409: both mean "stored").

A refusal that may pass (no connection, timeout, 5xx, 429, 401/403 while credentials are being
fixed) is retried with exponential backoff; after ``lrs_max_attempts`` — or at once for a
refusal of the statement itself (400, 413) — the record goes to ``clc.xapi.statements.dlq``
with the reason in its headers, and the feed moves on.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord
from aiokafka.structs import OffsetAndMetadata

__all__ = ["Delivery", "LrsClient", "LrsStats", "Outcome", "run_forwarder"]

log = logging.getLogger("clc_xapi.lrs")

XAPI_VERSION = "1.0.3"
_PERMANENT = {400, 413}


class Outcome(enum.Enum):
    STORED = "stored"
    ALREADY_STORED = "already-stored"
    RETRY = "retry"
    REFUSED = "refused"


@dataclass(frozen=True)
class Delivery:
    outcome: Outcome
    detail: str


@dataclass
class LrsStats:
    stored: int = 0
    already_stored: int = 0
    retries: int = 0
    dead_lettered: int = 0
    running: bool = False


class LrsClient:
    """POST one statement; says whether it is stored, may be retried, or is refused."""

    def __init__(
        self,
        url: str,
        *,
        username: str | None,
        password: str | None,
        timeout_s: float,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        auth = httpx.BasicAuth(username, password or "") if username else None
        self._client = httpx.AsyncClient(
            base_url=url.rstrip("/"),
            auth=auth,
            timeout=timeout_s,
            headers={"X-Experience-API-Version": XAPI_VERSION},
            transport=transport,
        )

    async def post(self, body: bytes) -> Delivery:
        try:
            answer = await self._client.post(
                "/statements", content=body, headers={"Content-Type": "application/json"}
            )
        except httpx.HTTPError as exc:
            return Delivery(Outcome.RETRY, f"{type(exc).__name__}: {exc}")
        code = answer.status_code
        if code in (200, 204):
            return Delivery(Outcome.STORED, str(code))
        if code == 409:  # the LRS holds this statement id already
            return Delivery(Outcome.ALREADY_STORED, answer.text[:500])
        detail = f"HTTP {code}: {answer.text[:500]}"
        return Delivery(Outcome.REFUSED if code in _PERMANENT else Outcome.RETRY, detail)

    async def close(self) -> None:
        await self._client.aclose()


async def deliver(
    post: Callable[[bytes], Awaitable[Delivery]],
    body: bytes,
    *,
    max_attempts: int,
    backoff_s: float,
    backoff_max_s: float,
    stats: LrsStats,
    stop: asyncio.Event,
) -> Delivery:
    """Post with retries; the last answer (``RETRY`` after ``max_attempts`` means give up)."""
    delay = backoff_s
    for attempt in range(1, max_attempts + 1):
        result = await post(body)
        if result.outcome is not Outcome.RETRY or attempt == max_attempts or stop.is_set():
            return result
        stats.retries += 1
        log.warning("LRS refused; retrying", extra={"attempt": attempt, "detail": result.detail})
        # waking early on stop: the offset is not committed, the statement is sent after restart
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
        delay = min(delay * 2, backoff_max_s)
    return result


async def run_forwarder(
    *,
    bootstrap: str,
    statements_topic: str,
    dead_letter_topic: str,
    group: str,
    client: LrsClient,
    stats: LrsStats,
    stop: asyncio.Event,
    max_attempts: int,
    backoff_s: float,
    backoff_max_s: float,
) -> None:
    consumer = AIOKafkaConsumer(
        statements_topic,
        bootstrap_servers=bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
    )
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True)
    await producer.start()
    try:
        await consumer.start()
        stats.running = True
        while not stop.is_set():
            polled = await consumer.getmany(timeout_ms=200, max_records=100)
            for tp, records in polled.items():
                for record in records:
                    if stop.is_set():
                        return
                    result = await deliver(
                        client.post,
                        record.value or b"",
                        max_attempts=max_attempts,
                        backoff_s=backoff_s,
                        backoff_max_s=backoff_max_s,
                        stats=stats,
                        stop=stop,
                    )
                    if result.outcome is Outcome.RETRY and stop.is_set():
                        return  # not given up: sent again after the restart
                    await _settle(producer, dead_letter_topic, record, result, stats)
                    await consumer.commit({tp: OffsetAndMetadata(record.offset + 1, "")})
    finally:
        stats.running = False
        await consumer.stop()
        await producer.stop()


async def _settle(
    producer: AIOKafkaProducer,
    dead_letter_topic: str,
    record: ConsumerRecord[bytes, bytes],
    result: Delivery,
    stats: LrsStats,
) -> None:
    if result.outcome is Outcome.STORED:
        stats.stored += 1
        return
    if result.outcome is Outcome.ALREADY_STORED:
        stats.already_stored += 1
        return
    stats.dead_lettered += 1
    log.error(
        "statement dead-lettered",
        extra={"partition": record.partition, "offset": record.offset, "detail": result.detail},
    )
    headers = [
        *list(record.headers or []),
        ("dlq_error", result.detail[-2000:].encode()),
        ("dlq_outcome", result.outcome.value.encode()),
        ("dlq_source", f"{record.topic}/{record.partition}/{record.offset}".encode()),
    ]
    await producer.send_and_wait(
        dead_letter_topic, value=record.value, key=record.key, headers=headers
    )

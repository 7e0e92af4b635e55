"""The delivery worker: claims what is due in PostgreSQL, posts it, records the outcome.

The schedule is ``webhook_due`` (durable: a restart loses nothing). A claim moves the claimed
rows' ``due_at`` a lease ahead in one statement (``for update skip locked``), so several workers
share the work and a worker that dies mid-attempt leaves its rows due again after the lease:
delivery is at least once, and receivers de-duplicate on ``webhook-id`` (the event id).

Within one subscription the claimed deliveries are sent one at a time, oldest first (the order
the events were scheduled in); subscriptions are served concurrently. A failed delivery is
retried after ``backoff.next_delay_s`` and does not hold back the ones after it, so under
failures a later event can arrive before an earlier one (``ce_streamversion`` and ``ce_time``
let a receiver order them). After ``max_attempts`` the delivery is dead (``status = DEAD``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
from clc_webhooks.application.secrets import PgSecrets
from clc_webhooks.settings import WebhooksSettings
from eventkit.pg import tenant_transaction

from .backoff import next_delay_s
from .envelope import CONTENT_TYPE, header, structured
from .kafka import KafkaRecords
from .replay import run_replay
from .signing import signature_headers

__all__ = ["DeliveryWorker", "WorkerStats"]

log = logging.getLogger("clc_webhooks.worker")

HOUSEKEEPING_S = 3600.0

_CLAIM = (
    "update webhook_due set due_at = now() + make_interval(secs => $2)"
    " where (kind, ref) in (select kind, ref from webhook_due where not held and due_at <= now()"
    " order by due_at, kind, ref limit $1 for update skip locked)"
    " returning kind, ref, tenant_id, subscription_id"
)


@dataclass
class WorkerStats:
    delivered: int = 0
    failed_attempts: int = 0
    dead_lettered: int = 0
    replays: int = 0
    rebuilt_from_topic: int = 0


@dataclass(frozen=True)
class _Outcome:
    ok: bool
    status: int | None
    error: str | None


class DeliveryWorker:
    def __init__(
        self,
        pool: asyncpg.Pool,
        settings: WebhooksSettings,
        secrets: PgSecrets,
        records: KafkaRecords,
    ) -> None:
        self._pool = pool
        self._settings = settings
        self._secrets = secrets
        self._records = records
        self.stats = WorkerStats()
        self._next_housekeeping = 0.0

    async def run(self, stop: asyncio.Event) -> None:
        s = self._settings
        limits = httpx.Limits(max_connections=s.worker_concurrency * 2)
        async with httpx.AsyncClient(
            timeout=s.request_timeout_s, follow_redirects=False, limits=limits
        ) as client:
            while not stop.is_set():
                worked = 0
                try:
                    worked = await self.tick(client)
                    if time.monotonic() >= self._next_housekeeping:
                        await self.housekeep()
                        self._next_housekeeping = time.monotonic() + HOUSEKEEPING_S
                except Exception:  # the database or broker may come back: keep the loop alive
                    log.warning("webhook worker tick failed", exc_info=True)
                if not worked:
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(s.worker_poll_s):
                            await stop.wait()

    async def tick(self, client: httpx.AsyncClient) -> int:
        """Claim what is due and work it off; how many items were claimed."""
        rows = await self._pool.fetch(_CLAIM, self._settings.worker_batch, self._settings.lease_s)
        lanes: dict[tuple[str, str], list[asyncpg.Record]] = defaultdict(list)
        for row in sorted(rows, key=_in_order):
            lanes[row["tenant_id"], row["subscription_id"]].append(row)
        gate = asyncio.Semaphore(self._settings.worker_concurrency)
        # Stop starting attempts before the lease can run out, or another worker would claim the
        # same rows meanwhile; what is left becomes due again when the lease ends.
        s = self._settings
        stop_at = time.monotonic() + s.lease_s - s.request_timeout_s - 5.0

        async def lane(items: list[asyncpg.Record]) -> None:
            async with gate:
                for item in items:
                    if time.monotonic() > stop_at:
                        return
                    try:
                        if item["kind"] == "replay":
                            self.stats.replays += await run_replay(
                                self._pool, self._records, self._settings, item
                            )
                        else:
                            await self._deliver(client, item)
                    except Exception:  # one item's failure must not stop its lane's others
                        log.warning("webhook item failed", exc_info=True, extra=_ids(item))

        await asyncio.gather(*(lane(items) for items in lanes.values()))
        return len(rows)

    async def _deliver(self, client: httpx.AsyncClient, item: asyncpg.Record) -> None:
        tenant, delivery_id = item["tenant_id"], int(item["ref"])
        async with tenant_transaction(self._pool, tenant) as conn:
            d = await conn.fetchrow(
                "select * from webhook_deliveries where tenant_id = $1 and delivery_id = $2",
                tenant,
                delivery_id,
            )
            s = await conn.fetchrow(
                "select * from webhook_subscriptions where tenant_id = $1 and subscription_id = $2",
                tenant,
                item["subscription_id"],
            )
            if d is None or s is None or d["status"] != "PENDING":
                await _forget(conn, item)
                return
            if s["paused"]:
                await conn.execute(
                    "update webhook_due set held = true where kind = $1 and ref = $2",
                    item["kind"],
                    item["ref"],
                )
                return
            keys = await self._signing_secrets(conn, tenant, s)
        body = d["body"]
        if body is None:
            try:
                body = await self._from_topic(d)
            except LookupError as gone:
                await self._record(item, d, _Outcome(False, None, str(gone)), final=True)
                return
        outcome = await _post(client, s["url"], bytes(body), str(d["event_id"]), keys)
        await self._record(item, d, outcome)

    async def _signing_secrets(
        self, conn: asyncpg.Connection, tenant: str, s: asyncpg.Record
    ) -> list[str]:
        sid = s["subscription_id"]
        keys = [await self._secrets.reveal(conn, tenant, sid, s["secret_id"])]
        overlap = timedelta(seconds=self._settings.secret_overlap_s)
        rotated = s["rotated_at"]
        if s["previous_secret_id"] and rotated and rotated > datetime.now(UTC) - overlap:
            keys.append(await self._secrets.reveal(conn, tenant, sid, s["previous_secret_id"]))
        return [k for k in keys if k]

    async def _from_topic(self, d: asyncpg.Record) -> bytes:
        """The delivery's CloudEvent as the topic holds it now (the body was dropped)."""
        record = await self._records.one(d["topic"], d["kafka_partition"], d["kafka_offset"])
        headers = list(record.headers or [])
        if header(headers, "ce_id") != str(d["event_id"]):
            raise LookupError("the record at the delivery's offset is another event")
        self.stats.rebuilt_from_topic += 1
        return structured(record.value or b"null", headers)

    async def _record(
        self, item: asyncpg.Record, d: asyncpg.Record, outcome: _Outcome, *, final: bool = False
    ) -> None:
        s = self._settings
        attempts = d["attempts"] + 1
        tenant, delivery_id = item["tenant_id"], d["delivery_id"]
        done = outcome.ok or final or attempts >= s.max_attempts
        status = "DELIVERED" if outcome.ok else ("DEAD" if done else "PENDING")
        delay = 0.0 if done else next_delay_s(attempts, s.backoff_base_s, s.backoff_cap_s)
        async with tenant_transaction(self._pool, tenant) as conn:
            await conn.execute(
                "update webhook_deliveries set status = $3, attempts = $4, last_attempt_at = now(),"
                " last_status_code = $5, last_error = $6,"
                " next_attempt_at = case when $7 then null"
                "   else now() + make_interval(secs => $8) end,"
                " finished_at = case when $7 then now() end,"
                " body = case when $7 then null else body end"
                " where tenant_id = $1 and delivery_id = $2",
                tenant,
                delivery_id,
                status,
                attempts,
                outcome.status,
                outcome.error,
                done,
                delay,
            )
            if done:
                await _forget(conn, item)
            else:
                await conn.execute(
                    "update webhook_due set due_at = now() + make_interval(secs => $3)"
                    " where kind = $1 and ref = $2",
                    item["kind"],
                    item["ref"],
                    delay,
                )
        if outcome.ok:
            self.stats.delivered += 1
        else:
            self.stats.failed_attempts += 1
            if done:
                self.stats.dead_lettered += 1
                log.warning(
                    "webhook delivery dead-lettered", extra={**_ids(item), "error": outcome.error}
                )

    async def housekeep(self) -> None:
        """Remove finished delivery records older than ``keep_deliveries_days``, per tenant."""
        tenants = [
            r["tenant_id"] for r in await self._pool.fetch("select tenant_id from webhook_tenants")
        ]
        for tenant in tenants:
            async with tenant_transaction(self._pool, tenant) as conn:
                await conn.execute(
                    "delete from webhook_deliveries where tenant_id = $1"
                    " and finished_at < now() - make_interval(days => $2)",
                    tenant,
                    self._settings.keep_deliveries_days,
                )


async def _forget(conn: asyncpg.Connection, item: asyncpg.Record) -> None:
    await conn.execute(
        "delete from webhook_due where kind = $1 and ref = $2", item["kind"], item["ref"]
    )


async def _post(
    client: httpx.AsyncClient, url: str, body: bytes, event_id: str, keys: list[str]
) -> _Outcome:
    headers = {
        **signature_headers(keys, event_id, body),
        "content-type": CONTENT_TYPE,
        "user-agent": "clc-webhooks/1",
    }
    try:
        answer = await client.post(url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return _Outcome(False, None, f"{type(exc).__name__}: {exc}"[:300])
    ok = 200 <= answer.status_code < 300
    return _Outcome(ok, answer.status_code, None if ok else f"HTTP {answer.status_code}")


def _ids(item: asyncpg.Record) -> dict[str, Any]:
    return {
        "tenant": item["tenant_id"],
        "subscription": item["subscription_id"],
        item["kind"]: item["ref"],
    }


def _in_order(row: asyncpg.Record) -> tuple[str, int]:
    """Deliveries by id (the order they were scheduled in), then replays."""
    ref: str = row["ref"]
    return row["kind"], int(ref) if ref.isdigit() else 0

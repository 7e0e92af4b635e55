"""A replay: the subscription's events from a time, read again from the topics and scheduled.

Each replayed event becomes a new delivery (its ``replay_id`` tells it apart) carrying the same
CloudEvent — the same ``id``, hence the same ``webhook-id`` — so a receiver that has it already
recognises it. Only records of the subscription's tenant (``ce_tenantid``) and types are taken.
A worker that dies mid-scan leaves the replay due again after its lease; the deliveries already
scheduled are not scheduled twice (unique per subscription, event and replay).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import asyncpg
from clc_webhooks.domain import matches
from clc_webhooks.readmodels.deliveries import OWN_SOURCE, SCHEDULE_SQL
from clc_webhooks.settings import WebhooksSettings
from eventkit.pg import tenant_transaction

from .envelope import header, structured
from .kafka import KafkaRecords

__all__ = ["run_replay"]

_BATCH = 200


async def run_replay(
    pool: asyncpg.Pool, records: KafkaRecords, settings: WebhooksSettings, item: asyncpg.Record
) -> int:
    """Schedule the replay's deliveries; how many (0 if it was done or is gone)."""
    tenant, replay_id = item["tenant_id"], item["ref"]
    async with tenant_transaction(pool, tenant) as conn:
        replay = await conn.fetchrow(
            "select r.from_time, r.completed_at, s.subscription_id, s.event_types, s.paused"
            " from webhook_replays r join webhook_subscriptions s"
            " on s.tenant_id = r.tenant_id and s.subscription_id = r.subscription_id"
            " where r.tenant_id = $1 and r.replay_id = $2",
            tenant,
            replay_id,
        )
        if replay is None or replay["completed_at"] is not None:
            await conn.execute(
                "delete from webhook_due where kind = 'replay' and ref = $1", replay_id
            )
            return 0
    start: datetime = replay["from_time"]
    rows: list[tuple[Any, ...]] = []
    count = 0
    async for record in records.since(settings.delivered_topics, start):
        headers = list(record.headers or [])
        ce_type = header(headers, "ce_type") or ""
        if (
            header(headers, "ce_tenantid") != tenant
            or header(headers, "ce_source") == OWN_SOURCE
            or not matches(ce_type, replay["event_types"])
        ):
            continue
        at = datetime.fromisoformat(header(headers, "ce_time") or start.isoformat())
        if at < start:
            continue
        body = None if replay["paused"] else structured(record.value or b"null", headers)
        rows.append(
            (
                tenant,
                replay["subscription_id"],
                uuid.UUID(header(headers, "ce_id") or ""),
                ce_type,
                at,
                record.topic,
                record.partition,
                record.offset,
                replay_id,
                body,
                replay["paused"],
            )
        )
        if len(rows) >= _BATCH:
            count += await _schedule(pool, tenant, rows)
            rows = []
    count += await _schedule(pool, tenant, rows)
    async with tenant_transaction(pool, tenant) as conn:
        await conn.execute(
            "update webhook_replays set completed_at = now(), scheduled = scheduled + $3"
            " where tenant_id = $1 and replay_id = $2",
            tenant,
            replay_id,
            count,
        )
        await conn.execute("delete from webhook_due where kind = 'replay' and ref = $1", replay_id)
    return count


async def _schedule(pool: asyncpg.Pool, tenant: str, rows: list[tuple[Any, ...]]) -> int:
    if not rows:
        return 0
    async with tenant_transaction(pool, tenant) as conn:
        await conn.executemany(SCHEDULE_SQL, rows)
    return len(rows)

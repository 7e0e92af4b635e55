"""The delivery scheduler: a projection over the delivered topics that enqueues deliveries.

It runs inside the projector's transaction, with the event's tenant set for row-level security,
so (1) it sees only that tenant's subscriptions — a tenant can only ever be sent its own events —
and (2) the deliveries and the projector's Kafka offsets commit together: an event is scheduled
exactly once per matching subscription, however often Kafka hands it over.

The body is built from the Kafka record itself (``eventkit.projector.CURRENT_RECORD``), never
from a decoded or enriched copy. A ``PractitionerErased`` drops the bodies of the tenant's
pending deliveries, so what remains is sent as the topic holds it then (fetched anew).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from eventkit.envelope import RecordedEvent
from eventkit.projection import ProjectionConnection
from eventkit.projector import CURRENT_RECORD

from clc_webhooks.delivery.envelope import header, structured
from clc_webhooks.domain import matches

__all__ = ["ERASURE_EVENT", "OWN_SOURCE", "SCHEDULE_SQL", "DeliveryScheduler"]

log = logging.getLogger("clc_webhooks.scheduler")

ERASURE_EVENT = "PractitionerErased"
OWN_SOURCE = "/clc/webhooks"

#: one delivery and its due row, in one statement (the projector queues and pipelines it)
SCHEDULE_SQL = (
    "with d as (insert into webhook_deliveries (tenant_id, subscription_id, event_id,"
    " event_type, event_time, topic, kafka_partition, kafka_offset, replay_id, body,"
    " next_attempt_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())"
    " on conflict do nothing returning delivery_id, tenant_id, subscription_id)"
    " insert into webhook_due (kind, ref, tenant_id, subscription_id, held)"
    " select 'delivery', delivery_id::text, tenant_id, subscription_id, $11 from d"
)


class DeliveryScheduler:
    name = "webhook_deliveries"
    tables: Sequence[str] = ()

    def __init__(self, own_source: str = OWN_SOURCE) -> None:
        self._own_source = own_source

    async def apply(self, conn: ProjectionConnection, event: RecordedEvent) -> None:
        record = CURRENT_RECORD.get()
        if record is None:
            return  # a rebuild or a dead-letter replay: nothing to send
        headers = list(record.headers or [])
        if header(headers, "ce_source") == self._own_source:
            return  # subscriptions' own events are never delivered (they name endpoints)
        ce_type = header(headers, "ce_type") or ""
        if event.event_type == ERASURE_EVENT:
            await conn.execute(
                "update webhook_deliveries set body = null"
                " where tenant_id = $1 and status = 'PENDING' and body is not null",
                event.tenant_id,
            )
        subscriptions = await conn.fetch(
            "select subscription_id, event_types, paused from webhook_subscriptions"
            " where tenant_id = $1",
            event.tenant_id,
        )
        chosen = [s for s in subscriptions if matches(ce_type, s["event_types"])]
        if not chosen:
            return
        body = structured(record.value or b"null", headers)
        for s in chosen:
            await conn.execute(
                SCHEDULE_SQL,
                event.tenant_id,
                s["subscription_id"],
                event.event_id,
                ce_type,
                event.recorded_at,
                record.topic,
                record.partition,
                record.offset,
                "",
                None if s["paused"] else body,
                s["paused"],
            )

    async def reset(self, conn: ProjectionConnection) -> None:
        return None  # deliveries are history, not a read model: a rebuild keeps them

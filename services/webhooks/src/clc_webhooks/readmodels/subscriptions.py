"""The subscriptions read model, and what its events change in the schedule.

One small method per event. Pausing holds the subscription's due deliveries and drops their
bodies (a paused subscription may stay paused for long: nothing is kept for it but references);
resuming makes them due now. A replay request becomes a ``webhook_replays`` row and a due scan;
a rebuild replays these events again, and the ``on conflict do nothing`` keeps each replay once.
"""

from __future__ import annotations

from datetime import datetime

from eventkit.envelope import RecordedEvent
from eventkit.projection import ProjectionConnection
from eventkit.registry import EventRegistry

from clc_webhooks.domain.subscription import (
    WebhookReplayRequested,
    WebhookSecretRotated,
    WebhookSubscriptionCreated,
    WebhookSubscriptionPaused,
    WebhookSubscriptionResumed,
)

__all__ = ["SubscriptionsProjection"]


class SubscriptionsProjection:
    name = "webhook_subscriptions"
    tables = ("webhook_subscriptions",)

    def __init__(self, registry: EventRegistry) -> None:
        self._registry = registry

    async def apply(self, conn: ProjectionConnection, event: RecordedEvent) -> None:
        if event.event_type not in self._registry:
            return
        e, t, at = self._registry.to_domain(event), event.tenant_id, event.recorded_at
        match e:
            case WebhookSubscriptionCreated():
                await self._created(conn, t, e, at)
            case WebhookSecretRotated():
                await conn.execute(
                    "update webhook_subscriptions set previous_secret_id = secret_id,"
                    " secret_id = $3, rotated_at = $4, updated_at = $4"
                    " where tenant_id = $1 and subscription_id = $2",
                    t,
                    e.subscription_id,
                    e.secret_id,
                    at,
                )
            case WebhookSubscriptionPaused():
                await self._paused(conn, t, e.subscription_id, True, at)
            case WebhookSubscriptionResumed():
                await self._paused(conn, t, e.subscription_id, False, at)
            case WebhookReplayRequested():
                await self._replay(conn, t, e, at)

    async def _created(
        self, conn: ProjectionConnection, t: str, e: WebhookSubscriptionCreated, at: datetime
    ) -> None:
        await conn.execute(
            "insert into webhook_subscriptions (tenant_id, subscription_id, url, event_types,"
            " description, secret_id, created_by, created_at, updated_at)"
            " values ($1, $2, $3, $4, $5, $6, $7, $8, $8) on conflict do nothing",
            t,
            e.subscription_id,
            e.url,
            e.event_types,
            e.description,
            e.secret_id,
            e.created_by,
            at,
        )
        await conn.execute(
            "insert into webhook_tenants (tenant_id) values ($1) on conflict do nothing", t
        )

    async def _paused(
        self, conn: ProjectionConnection, t: str, sid: str, paused: bool, at: datetime
    ) -> None:
        await conn.execute(
            "update webhook_subscriptions set paused = $3, updated_at = $4"
            " where tenant_id = $1 and subscription_id = $2",
            t,
            sid,
            paused,
            at,
        )
        await conn.execute(
            "update webhook_due set held = $3, due_at = least(due_at, now())"
            " where tenant_id = $1 and subscription_id = $2",
            t,
            sid,
            paused,
        )
        if paused:
            await conn.execute(
                "update webhook_deliveries set body = null where tenant_id = $1"
                " and subscription_id = $2 and status = 'PENDING'",
                t,
                sid,
            )

    async def _replay(
        self, conn: ProjectionConnection, t: str, e: WebhookReplayRequested, at: datetime
    ) -> None:
        await conn.execute(
            "with r as (insert into webhook_replays (tenant_id, replay_id, subscription_id,"
            " from_time, requested_at) values ($1, $2, $3, $4, $5) on conflict do nothing"
            " returning tenant_id, replay_id, subscription_id)"
            " insert into webhook_due (kind, ref, tenant_id, subscription_id, held)"
            " select 'replay', replay_id, tenant_id, subscription_id, false from r",
            t,
            e.replay_id,
            e.subscription_id,
            e.from_time,
            at,
        )

    async def reset(self, conn: ProjectionConnection) -> None:
        # Only the subscriptions are rebuilt; deliveries, replays and secrets are history.
        await conn.execute("truncate table webhook_subscriptions")

"""The webhooks subgraph's types: ``WebhookSubscription`` (an entity) and its deliveries."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from servicekit.pagination import Connection, connection, decode_cursor, page_size

from .context import Ctx

__all__ = [
    "Practitioner",
    "WebhookDelivery",
    "WebhookDeliveryStatus",
    "WebhookSubscription",
    "WebhookSubscriptionStatus",
    "load_subscription",
]


@strawberry.federation.type(keys=["id"], description="A practitioner (owned by groups)")
class Practitioner:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Practitioner:
        return cls(id=id)


@strawberry.enum
class WebhookSubscriptionStatus(Enum):
    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"


@strawberry.enum
class WebhookDeliveryStatus(Enum):
    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    DEAD = "DEAD"
    """Dead-lettered: every attempt failed. A replay from its event's time sends it again."""


@strawberry.type
class WebhookDelivery:
    id: strawberry.ID
    event_id: strawberry.ID = strawberry.field(
        description="The CloudEvent id, also the webhook-id header: the same on every retry"
        " and replay"
    )
    event_type: str
    event_time: datetime
    status: WebhookDeliveryStatus
    attempts: int
    next_attempt_at: datetime | None
    last_attempt_at: datetime | None
    last_status_code: int | None
    last_error: str | None
    finished_at: datetime | None
    replay_id: strawberry.ID | None

    @classmethod
    def of(cls, row: Any) -> WebhookDelivery:
        return cls(
            id=strawberry.ID(str(row["delivery_id"])),
            event_id=strawberry.ID(str(row["event_id"])),
            event_type=row["event_type"],
            event_time=row["event_time"],
            status=WebhookDeliveryStatus(row["status"]),
            attempts=row["attempts"],
            next_attempt_at=row["next_attempt_at"],
            last_attempt_at=row["last_attempt_at"],
            last_status_code=row["last_status_code"],
            last_error=row["last_error"],
            finished_at=row["finished_at"],
            replay_id=strawberry.ID(row["replay_id"]) if row["replay_id"] else None,
        )


_STATUS = {True: WebhookSubscriptionStatus.PAUSED, False: WebhookSubscriptionStatus.ACTIVE}


@strawberry.federation.type(keys=["id"])
class WebhookSubscription:
    id: strawberry.ID
    url: str
    event_types: list[str]
    description: str | None
    status: WebhookSubscriptionStatus
    created_at: datetime
    created_by: Practitioner
    secret_rotated_at: datetime | None

    @classmethod
    def of(cls, row: Any) -> WebhookSubscription:
        return cls(
            id=strawberry.ID(row["subscription_id"]),
            url=row["url"],
            event_types=list(row["event_types"]),
            description=row["description"],
            status=_STATUS[bool(row["paused"])],
            created_at=row["created_at"],
            created_by=Practitioner(id=strawberry.ID(row["created_by"])),
            secret_rotated_at=row["rotated_at"],
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> WebhookSubscription | None:
        return await load_subscription(info, id)

    @strawberry.field(description="Newest first; status DEAD lists the dead letters")  # type: ignore[untyped-decorator]
    async def deliveries(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        status: WebhookDeliveryStatus | None = None,
    ) -> Connection[WebhookDelivery]:
        size = page_size(first)
        key = decode_cursor(after)
        before = int(key) if key and key.isdigit() else None
        async with info.context.read() as conn:
            rows = await conn.fetch(
                "select * from webhook_deliveries where subscription_id = $1"
                " and ($2::text is null or status = $2)"
                " and ($3::bigint is null or delivery_id < $3)"
                " order by delivery_id desc limit $4",
                str(self.id),
                status.value if status else None,
                before,
                size + 1,
            )
        shown = [{**dict(r), "key": str(r["delivery_id"])} for r in rows]
        return connection(shown, size, "key", WebhookDelivery.of)


async def load_subscription(info: Ctx, subscription_id: str) -> WebhookSubscription | None:
    if not info.context.is_admin:
        return None
    async with info.context.read() as conn:
        row = await conn.fetchrow(
            "select * from webhook_subscriptions where subscription_id = $1", subscription_id
        )
    return None if row is None else WebhookSubscription.of(row)

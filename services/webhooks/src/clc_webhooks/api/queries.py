"""Reads: a tenant admin's webhook subscriptions (a Relay connection) and one by id."""

from __future__ import annotations

import strawberry
from servicekit.ids import id_argument
from servicekit.pagination import Connection, connection, decode_cursor, page_size

from .context import Ctx
from .types import WebhookSubscription, load_subscription

__all__ = ["WebhookQueries"]


@strawberry.type
class WebhookQueries:
    @strawberry.field(  # type: ignore[untyped-decorator]
        description="The tenant's webhook subscriptions (tenant admins only)"
    )
    async def webhook_subscriptions(
        self,
        info: Ctx,
        first: int | None = None,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[WebhookSubscription]:
        await info.context.consistent(consistency_token)
        size = page_size(first)
        if not info.context.is_admin:
            return connection([], size, "subscription_id", WebhookSubscription.of)
        async with info.context.read() as conn:
            rows = await conn.fetch(
                "select * from webhook_subscriptions"
                " where ($1::text is null or subscription_id > $1)"
                " order by subscription_id limit $2",
                decode_cursor(after),
                size + 1,
            )
        return connection(rows, size, "subscription_id", WebhookSubscription.of)

    @strawberry.field
    async def webhook_subscription(
        self, info: Ctx, id: strawberry.ID, consistency_token: str | None = None
    ) -> WebhookSubscription | None:
        await info.context.consistent(consistency_token)
        return await load_subscription(info, id_argument(id, "id"))

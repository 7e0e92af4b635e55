"""Webhook mutations: one per command, each a call into the application layer.

``createWebhookSubscription`` and ``rotateWebhookSecret`` answer the signing secret: shown in
that answer only (and again to an idempotent retry of the same ``commandId``), never readable
afterwards.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any

import strawberry
from servicekit.payloads import UserError, first_bad_id, run_mutation

from .context import Ctx, encode_token
from .types import WebhookSubscription, load_subscription

__all__ = ["WebhookMutations"]


@strawberry.input
class CreateWebhookSubscriptionInput:
    subscription_id: strawberry.ID = strawberry.field(description="Client-generated (a UUID)")
    url: str = strawberry.field(description="https:// endpoint receiving the deliveries")
    event_types: list[str] = strawberry.field(
        description="CloudEvents types (clc.groups.MemberAdded) or globs (clc.enquiry.*)"
    )
    description: str | None = None
    command_id: str | None = None


@strawberry.input
class WebhookSubscriptionInput:
    subscription_id: strawberry.ID
    command_id: str | None = None


@strawberry.input
class ReplayWebhookDeliveriesInput:
    subscription_id: strawberry.ID
    from_: datetime = strawberry.field(
        name="from", description="Every matching event recorded at or after this is sent again"
    )
    command_id: str | None = None


@strawberry.type
class WebhookSubscriptionPayload:
    webhook_subscription: WebhookSubscription | None
    user_errors: list[UserError]
    consistency_token: str | None


@strawberry.type
class WebhookSecretPayload(WebhookSubscriptionPayload):
    secret: str | None = strawberry.field(
        description="The signing secret (whsec_…): shown here once, store it now"
    )


@strawberry.type
class WebhookReplayPayload(WebhookSubscriptionPayload):
    replay_id: strawberry.ID | None


async def _run(info: Ctx, use_case: Any, data: Any) -> tuple[Any, WebhookSubscriptionPayload]:
    """The use case's result (None if refused) and the common payload fields."""
    bad = first_bad_id(data)
    if bad is not None:
        return None, WebhookSubscriptionPayload(
            webhook_subscription=None, user_errors=[bad], consistency_token=None
        )
    result: list[Any] = []

    async def call(principal: Any, **kwargs: Any) -> Any:
        result.append(await use_case(principal, **kwargs))
        return result[-1]

    async def load() -> WebhookSubscription | None:
        return await load_subscription(info, data.subscription_id)

    outcome = await run_mutation(info.context, call, data, load)
    token = encode_token(outcome.consistency_token)
    done = result[0] if result and not outcome.user_errors else None
    return done, WebhookSubscriptionPayload(
        webhook_subscription=outcome.entity,
        user_errors=outcome.user_errors,
        consistency_token=token,
    )


def _with_secret(p: WebhookSubscriptionPayload, secret: str | None) -> WebhookSecretPayload:
    return WebhookSecretPayload(
        webhook_subscription=p.webhook_subscription,
        user_errors=p.user_errors,
        consistency_token=p.consistency_token,
        secret=secret,
    )


@strawberry.type
class WebhookMutations:
    @strawberry.mutation
    async def create_webhook_subscription(
        self, info: Ctx, input: CreateWebhookSubscriptionInput
    ) -> WebhookSecretPayload:
        done, p = await _run(info, info.context.commands.create, input)
        return _with_secret(p, done.secret if done else None)

    @strawberry.mutation
    async def rotate_webhook_secret(
        self, info: Ctx, input: WebhookSubscriptionInput
    ) -> WebhookSecretPayload:
        done, p = await _run(info, info.context.commands.rotate_secret, input)
        return _with_secret(p, done.secret if done else None)

    @strawberry.mutation
    async def pause_webhook_subscription(
        self, info: Ctx, input: WebhookSubscriptionInput
    ) -> WebhookSubscriptionPayload:
        return (await _run(info, info.context.commands.pause, input))[1]

    @strawberry.mutation
    async def resume_webhook_subscription(
        self, info: Ctx, input: WebhookSubscriptionInput
    ) -> WebhookSubscriptionPayload:
        return (await _run(info, info.context.commands.resume, input))[1]

    @strawberry.mutation
    async def replay_webhook_deliveries(
        self, info: Ctx, input: ReplayWebhookDeliveriesInput
    ) -> WebhookReplayPayload:
        fields = {f.name: getattr(input, f.name) for f in dataclasses.fields(input)}
        data = _ReplayData(fields["subscription_id"], fields["from_"], fields["command_id"])
        done, p = await _run(info, info.context.commands.replay, data)
        replay_id = strawberry.ID(done.events[0].replay_id) if done and done.events else None
        return WebhookReplayPayload(
            webhook_subscription=p.webhook_subscription,
            user_errors=p.user_errors,
            consistency_token=p.consistency_token,
            replay_id=replay_id,
        )


@dataclasses.dataclass(frozen=True)
class _ReplayData:
    """The replay input under the use case's argument names (``from`` is a Python keyword)."""

    subscription_id: str
    from_time: datetime
    command_id: str | None

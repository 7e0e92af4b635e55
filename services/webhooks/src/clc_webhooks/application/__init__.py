"""The webhooks use cases: build the command from input, store a new secret first, handle.

A new secret (creation, rotation) is stored encrypted *before* the event naming its id is
appended: should the append fail, an unused secret row remains, never an event naming a secret
that does not exist. An idempotent retry of the same command (same ``commandId``) answers the
secret the first attempt made, since its answer may have been lost.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from eventkit.domain import DomainEvent
from eventkit.handling import CommandHandler, CommandResult
from eventkit.principal import Principal
from eventkit.registry import EventRegistry
from eventkit.store.base import EventStore
from servicekit.commands import build_command, execute

from clc_webhooks.domain import DECIDER, EVENT_TYPES, SubscriptionState
from clc_webhooks.domain.subscription import (
    CreateWebhookSubscription,
    PauseWebhookSubscription,
    ReplayWebhookDeliveries,
    ResumeWebhookSubscription,
    RotateWebhookSecret,
)

from .secrets import PgSecrets, SecretBox, new_secret

__all__ = ["EVENT_TYPES", "PgSecrets", "SecretBox", "WebhooksService", "registry"]


def registry() -> EventRegistry:
    return EventRegistry(EVENT_TYPES)


@dataclass(frozen=True)
class SecretResult:
    """A command's result and the secret in effect after it (creation and rotation only)."""

    result: CommandResult[SubscriptionState]
    secret: str | None

    @property
    def position(self) -> int:
        return self.result.position

    @property
    def events(self) -> list[DomainEvent]:
        return list(self.result.events)


class WebhooksService:
    def __init__(
        self,
        store: EventStore,
        secrets: PgSecrets,
        *,
        fingerprint_key: bytes,
        http_loopback_allowed: bool = False,
    ) -> None:
        self.handler = CommandHandler(store, registry(), DECIDER, fingerprint_key=fingerprint_key)
        self.secrets = secrets
        self._loopback = http_loopback_allowed

    async def create(
        self,
        principal: Principal,
        *,
        command_id: str | None,
        subscription_id: str,
        url: str,
        event_types: list[str],
        description: str | None = None,
    ) -> SecretResult:
        secret_id = str(uuid.uuid4())
        command = build_command(
            CreateWebhookSubscription,
            principal,
            subscription_id=subscription_id,
            url=url,
            event_types=tuple(event_types),
            description=description,
            secret_id=secret_id,
            http_loopback_allowed=self._loopback,
        )
        return await self._with_secret(principal, command, command_id, secret_id)

    async def rotate_secret(
        self, principal: Principal, *, command_id: str | None, subscription_id: str
    ) -> SecretResult:
        secret_id = str(uuid.uuid4())
        command = build_command(
            RotateWebhookSecret, principal, subscription_id=subscription_id, secret_id=secret_id
        )
        return await self._with_secret(principal, command, command_id, secret_id)

    async def pause(
        self, principal: Principal, *, command_id: str | None, subscription_id: str
    ) -> CommandResult[SubscriptionState]:
        command = build_command(
            PauseWebhookSubscription, principal, subscription_id=subscription_id
        )
        return await execute(self.handler, subscription_id, command, principal, command_id)

    async def resume(
        self, principal: Principal, *, command_id: str | None, subscription_id: str
    ) -> CommandResult[SubscriptionState]:
        command = build_command(
            ResumeWebhookSubscription, principal, subscription_id=subscription_id
        )
        return await execute(self.handler, subscription_id, command, principal, command_id)

    async def replay(
        self,
        principal: Principal,
        *,
        command_id: str | None,
        subscription_id: str,
        from_time: datetime,
    ) -> CommandResult[SubscriptionState]:
        command = build_command(
            ReplayWebhookDeliveries,
            principal,
            subscription_id=subscription_id,
            from_time=from_time,
            replay_id=str(uuid.uuid4()),
        )
        return await execute(self.handler, subscription_id, command, principal, command_id)

    async def _with_secret(
        self,
        principal: Principal,
        command: CreateWebhookSubscription | RotateWebhookSecret,
        command_id: str | None,
        secret_id: str,
    ) -> SecretResult:
        tenant, sid = principal.tenant_id, command.subscription_id
        if principal.has_role("tenant_admin"):  # others are refused by the decider; store nothing
            await self.secrets.store(tenant, sid, secret_id, new_secret())
        result = await execute(self.handler, sid, command, principal, command_id)
        state = result.state or (await self.handler.load(sid, tenant))[0]
        if state.secret_id is None:
            return SecretResult(result, None)
        return SecretResult(
            result, await self.secrets.reveal_in_tenant(tenant, sid, state.secret_id)
        )

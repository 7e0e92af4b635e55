"""The webhooks service as servicekit sees it: its tables, projections and use cases."""

from __future__ import annotations

import asyncpg
from eventkit.store.base import EventStore
from servicekit.definition import ServiceDefinition

from .application import PgSecrets, SecretBox, WebhooksService
from .readmodels import ALL_TABLES, HISTORY_TABLES, MIGRATIONS, projections
from .settings import WebhooksSettings

__all__ = ["WEBHOOKS", "secret_box"]


def secret_box(settings: WebhooksSettings) -> SecretBox:
    return SecretBox(
        settings.secret_encryption_key_id,
        settings.secret_encryption_key,
        settings.previous_secret_encryption_keys,
    )


def _commands(store: EventStore, pool: asyncpg.Pool, settings: WebhooksSettings) -> WebhooksService:
    return WebhooksService(
        store,
        PgSecrets(pool, secret_box(settings)),
        fingerprint_key=settings.command_fingerprint_key.encode(),
        http_loopback_allowed=settings.allow_http_loopback,
    )


WEBHOOKS: ServiceDefinition[WebhooksSettings, WebhooksService] = ServiceDefinition(
    name="webhooks",
    read_model_migrations=MIGRATIONS,
    read_model_tables=ALL_TABLES,
    projections=projections,
    commands=_commands,
    history_tables=HISTORY_TABLES,
)

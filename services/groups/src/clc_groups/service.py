"""The groups service as servicekit sees it: its read models, projections and use cases."""

from __future__ import annotations

import asyncpg
from eventkit.store.base import EventStore
from servicekit.crypto import (
    KEY_TABLE,
    KEY_TABLE_MIGRATION,
    PostgresKeyStore,
    Sealer,
    SealingEventStore,
)
from servicekit.definition import ServiceDefinition

from .application import GroupsCommands, Visibility
from .application.sealing import PERSONAL_DATA
from .readmodels import READ_MODEL_MIGRATIONS, READ_MODEL_TABLES, projections
from .settings import GroupsSettings

__all__ = ["GROUPS", "MIGRATIONS"]


def _commands(store: EventStore, pool: asyncpg.Pool, settings: GroupsSettings) -> GroupsCommands:
    # Every fact a groups command needs lives in a groups stream: the store is enough. Its
    # personal fields are sealed at rest, with keys from the key table in the same database.
    return GroupsCommands(
        sealing_store(store, pool, settings),
        visibility=Visibility(participation_minimum=settings.participation_minimum),
        fingerprint_key=settings.command_fingerprint_key.encode(),
    )


def sealing_store(store: EventStore, pool: asyncpg.Pool, settings: GroupsSettings) -> EventStore:
    """The groups' event store as every writer must see it: personal fields sealed."""
    return SealingEventStore(store, Sealer(PostgresKeyStore(pool, settings.keks())), PERSONAL_DATA)


GROUPS: ServiceDefinition[GroupsSettings, GroupsCommands] = ServiceDefinition(
    name="groups",
    read_model_migrations=[*READ_MODEL_MIGRATIONS, KEY_TABLE_MIGRATION],
    read_model_tables=READ_MODEL_TABLES,
    state_tables=[KEY_TABLE],
    projections=projections,
    configured_projections=lambda settings: projections(keks=settings.keks()),
    commands=_commands,
)

#: every migration of the groups database: eventkit's store and plumbing, then the read models
MIGRATIONS = GROUPS.migrations

"""The groups service as servicekit sees it: its read models, projections and use cases."""

from __future__ import annotations

import asyncpg
from eventkit.store.base import EventStore
from servicekit.definition import ServiceDefinition

from .application import GroupsCommands, Visibility
from .readmodels import READ_MODEL_MIGRATIONS, READ_MODEL_TABLES, projections
from .settings import GroupsSettings

__all__ = ["GROUPS", "MIGRATIONS"]


def _commands(store: EventStore, pool: asyncpg.Pool, settings: GroupsSettings) -> GroupsCommands:
    # Every fact a groups command needs lives in a groups stream: the store is enough.
    return GroupsCommands(
        store,
        visibility=Visibility(participation_minimum=settings.participation_minimum),
        fingerprint_key=settings.command_fingerprint_key.encode(),
    )


GROUPS: ServiceDefinition[GroupsSettings, GroupsCommands] = ServiceDefinition(
    name="groups",
    read_model_migrations=READ_MODEL_MIGRATIONS,
    read_model_tables=READ_MODEL_TABLES,
    projections=projections,
    commands=_commands,
)

#: every migration of the groups database: eventkit's store and plumbing, then the read models
MIGRATIONS = GROUPS.migrations

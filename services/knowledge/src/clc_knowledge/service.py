"""The knowledge service as servicekit sees it: its read models, projections, use cases and
reactions (to enquiry's ``FindingsShared`` and groups' ``SessionHeld``, see
``application.reactions``)."""

from __future__ import annotations

import asyncpg
from eventkit.store.base import EventStore
from servicekit.definition import ServiceDefinition

from .application import KnowledgeService
from .application.climate_ballots import PgBallotBox
from .application.reactions import Reactions
from .blobs import PostgresAttachmentTexts, store_from
from .membership import PostgresStandings
from .readmodels import ALL_TABLES, SERVICE_MIGRATIONS, projections
from .readmodels.commons import PostgresCommons
from .settings import KnowledgeSettings

__all__ = ["KNOWLEDGE", "MIGRATIONS"]


def _commands(
    store: EventStore, pool: asyncpg.Pool, settings: KnowledgeSettings
) -> KnowledgeService:
    return KnowledgeService(
        store,
        PostgresStandings(pool),
        PostgresCommons(pool),
        fingerprint_key=settings.command_fingerprint_key.encode(),
        ballots=PgBallotBox(pool),
        blobs=(store_from(settings, pool), PostgresAttachmentTexts(pool)),
    )


KNOWLEDGE: ServiceDefinition[KnowledgeSettings, KnowledgeService] = ServiceDefinition(
    name="knowledge",
    read_model_migrations=SERVICE_MIGRATIONS,
    read_model_tables=ALL_TABLES,
    projections=projections,
    commands=_commands,
    reactions=lambda service: [Reactions(service.artefacts)],
)

#: every migration of the knowledge database: eventkit's store and plumbing, then the read models
MIGRATIONS = KNOWLEDGE.migrations

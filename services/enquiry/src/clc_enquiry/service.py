"""The enquiry service as servicekit sees it: its read models, projections and use cases.

The read models include the local membership model (projected from ``clc.groups.events``), whose
projection runs alongside the service's own; the use cases look membership up in it.
"""

from __future__ import annotations

import asyncpg
from eventkit.store.base import EventStore
from servicekit.crypto import KEY_TABLE, KEY_TABLE_MIGRATION, SealingEventStore
from servicekit.definition import ServiceDefinition

from .application import EnquiryService
from .membership import PostgresMembership
from .readmodels import ALL_TABLES, SERVICE_MIGRATIONS, projections
from .retention import retention_sweeper
from .settings import EnquirySettings

__all__ = ["ENQUIRY", "MIGRATIONS"]


def _commands(store: EventStore, pool: asyncpg.Pool, settings: EnquirySettings) -> EnquiryService:
    # Personal data sealed at rest (``application.sealing``): evidence with pupil data under
    # keys of this service's table, reflective logs under their author's key from groups.
    keys = settings.keys()
    store = SealingEventStore(store, keys.sealer(pool), keys.personal)
    return EnquiryService(
        store,
        PostgresMembership(pool),
        pupil_data_tenants=settings.pupil_data_tenants,
        fingerprint_key=settings.command_fingerprint_key.encode(),
    )


ENQUIRY: ServiceDefinition[EnquirySettings, EnquiryService] = ServiceDefinition(
    name="enquiry",
    read_model_migrations=[*SERVICE_MIGRATIONS, KEY_TABLE_MIGRATION],
    read_model_tables=ALL_TABLES,
    state_tables=[KEY_TABLE],
    projections=projections,
    configured_projections=lambda settings: projections(keys=settings.keys()),
    background_jobs=lambda settings, pool: [retention_sweeper(settings, pool)],
    commands=_commands,
)

#: every migration of the enquiry database: eventkit's store and plumbing, then the read models
MIGRATIONS = ENQUIRY.migrations

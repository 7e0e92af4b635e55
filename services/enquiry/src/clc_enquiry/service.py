"""The enquiry service as servicekit sees it: its read models, projections and use cases.

The read models include the local membership model (projected from ``clc.groups.events``), whose
projection runs alongside the service's own; the use cases look membership up in it.
"""

from __future__ import annotations

import asyncpg
from eventkit.store.base import EventStore
from servicekit.crypto import Sealer, SealingEventStore
from servicekit.definition import ServiceDefinition

from .application import EnquiryService
from .application.sealing import PERSONAL_DATA
from .membership import PostgresMembership
from .readmodels import ALL_TABLES, SERVICE_MIGRATIONS, projections
from .settings import EnquirySettings

__all__ = ["ENQUIRY", "MIGRATIONS"]


def _commands(store: EventStore, pool: asyncpg.Pool, settings: EnquirySettings) -> EnquiryService:
    keys = settings.data_keys()
    if keys is not None:  # reflective logs sealed with their author's key (see sealing)
        store = SealingEventStore(store, Sealer(keys), PERSONAL_DATA)
    return EnquiryService(
        store,
        PostgresMembership(pool),
        pupil_data_tenants=settings.pupil_data_tenants,
        fingerprint_key=settings.command_fingerprint_key.encode(),
    )


ENQUIRY: ServiceDefinition[EnquirySettings, EnquiryService] = ServiceDefinition(
    name="enquiry",
    read_model_migrations=SERVICE_MIGRATIONS,
    read_model_tables=ALL_TABLES,
    projections=projections,
    configured_projections=lambda settings: projections(data_keys=settings.data_keys()),
    commands=_commands,
)

#: every migration of the enquiry database: eventkit's store and plumbing, then the read models
MIGRATIONS = ENQUIRY.migrations

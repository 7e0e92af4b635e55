"""The knowledge read models: tables (with row-level security), projections, queries, visibility.

``projections()`` lists everything the service's projector runner feeds, the local membership
model (from ``clc.groups.events``, see ``clc_knowledge.membership``) first;
``SERVICE_MIGRATIONS`` is every migration of the service's own, in the order databases apply them
(append, never reorder); ``ALL_TABLES`` every table the app role reads and writes (servicekit's
``ensure_app_role``).

Adding a read model: its module(s) here (``library*``, ``toolkit*``, ``audit*``...), then one line
in each of ``SERVICE_MIGRATIONS``, ``ALL_TABLES`` and ``projections``.
"""

from __future__ import annotations

from eventkit.migrations import Migration
from eventkit.projection import Projection
from eventkit.registry import EventRegistry
from eventkit.store import EVENT_STORE_MIGRATIONS, PLUMBING_MIGRATIONS
from servicekit.privacy import audit_migration_sql

from clc_knowledge.blobs import BLOB_MIGRATIONS, BLOB_TABLES
from clc_knowledge.membership import (
    MEMBERSHIP_MIGRATIONS,
    MEMBERSHIP_TABLES,
    NO_NAMES_MIGRATION,
    membership_projection,
)

from .artefacts import ArtefactsProjection
from .audit_schema import AUDIT_MIGRATIONS, AUDIT_TABLES
from .audits import ClimateAuditsProjection
from .base import KNOWLEDGE_STREAM_TYPES, KnowledgeProjection
from .commons import COMMONS_MIGRATIONS, COMMONS_TABLES, CommonsProjection
from .library import LibraryProjection
from .library_schema import LIBRARY_MIGRATIONS, LIBRARY_TABLES
from .lineage import LINEAGE_MIGRATIONS, LINEAGE_TABLES, UsesProjection
from .schema import ARTEFACT_MIGRATIONS, ARTEFACT_TABLES
from .toolkit_schema import TOOLKIT_MIGRATIONS, TOOLKIT_TABLES
from .toolkits import ToolkitsProjection

__all__ = [
    "ALL_TABLES",
    "KNOWLEDGE_STREAM_TYPES",
    "MIGRATIONS",
    "SERVICE_MIGRATIONS",
    "ArtefactsProjection",
    "KnowledgeProjection",
    "projections",
]

#: the service's own migrations, in the order databases apply them
SERVICE_MIGRATIONS = [
    *ARTEFACT_MIGRATIONS,
    *MEMBERSHIP_MIGRATIONS,
    *COMMONS_MIGRATIONS,
    *LINEAGE_MIGRATIONS,
    *TOOLKIT_MIGRATIONS,
    *AUDIT_MIGRATIONS,
    *BLOB_MIGRATIONS,
    *LIBRARY_MIGRATIONS,
    NO_NAMES_MIGRATION,
    Migration("knowledge_0302_personal_data_audit", audit_migration_sql("kn_")),
]
#: every table the app role reads and writes
ALL_TABLES = (
    *ARTEFACT_TABLES,
    *MEMBERSHIP_TABLES,
    *COMMONS_TABLES,
    *LINEAGE_TABLES,
    *TOOLKIT_TABLES,
    *AUDIT_TABLES,
    *BLOB_TABLES,
    *LIBRARY_TABLES,
)

MIGRATIONS = [*EVENT_STORE_MIGRATIONS, *PLUMBING_MIGRATIONS, *SERVICE_MIGRATIONS]


def projections(registry: EventRegistry | None = None) -> list[Projection]:
    return [
        membership_projection(),
        ArtefactsProjection(registry),
        CommonsProjection(registry),
        UsesProjection(registry),
        ToolkitsProjection(registry),
        ClimateAuditsProjection(registry),
        LibraryProjection(registry),
    ]

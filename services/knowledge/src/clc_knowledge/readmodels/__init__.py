"""The knowledge read models: tables (with row-level security), projections, queries, visibility.

``projections()`` lists everything the service's projector runner feeds; ``SERVICE_MIGRATIONS`` is
every migration of the service's own, in the order databases apply them (append, never reorder);
``ALL_TABLES`` every table the app role reads and writes (servicekit's ``ensure_app_role``).

Adding a read model: its module(s) here (``library*``, ``toolkit*``, ``audit*``...), then one line
in each of ``SERVICE_MIGRATIONS``, ``ALL_TABLES`` and ``projections``.
"""

from __future__ import annotations

from eventkit.projection import Projection
from eventkit.registry import EventRegistry
from eventkit.store import EVENT_STORE_MIGRATIONS, PLUMBING_MIGRATIONS

from clc_knowledge.blobs import BLOB_MIGRATIONS, BLOB_TABLES

from .artefacts import ArtefactsProjection
from .base import KNOWLEDGE_STREAM_TYPES, KnowledgeProjection
from .library import LibraryProjection
from .library_schema import LIBRARY_MIGRATIONS, LIBRARY_TABLES
from .schema import ARTEFACT_MIGRATIONS, ARTEFACT_TABLES

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
    *BLOB_MIGRATIONS,
    *LIBRARY_MIGRATIONS,
]
#: every table the app role reads and writes
ALL_TABLES = (*ARTEFACT_TABLES, *BLOB_TABLES, *LIBRARY_TABLES)

MIGRATIONS = [*EVENT_STORE_MIGRATIONS, *PLUMBING_MIGRATIONS, *SERVICE_MIGRATIONS]


def projections(registry: EventRegistry | None = None) -> list[Projection]:
    return [
        ArtefactsProjection(registry),
        LibraryProjection(registry),
    ]

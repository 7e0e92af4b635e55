"""What a read model implements so the projector runner can feed it."""

from __future__ import annotations

from typing import Protocol

import asyncpg

from .envelope import RecordedEvent

__all__ = ["Projection"]


class Projection(Protocol):
    """A read model fed by events.

    ``apply`` runs inside the runner's transaction with ``app.tenant_id`` set to the event's tenant,
    so row-level security guards every write. It must be deterministic in the event alone: a
    rebuild replays the same events and must arrive at the same rows.
    """

    name: str

    async def apply(self, conn: asyncpg.Connection, event: RecordedEvent) -> None: ...

    async def reset(self, conn: asyncpg.Connection) -> None:
        """Delete every row this read model owns (used before a rebuild)."""
        ...

"""What makes one service different from another, as far as the shared plumbing is concerned.

Everything else — the order things start in, the app role, topics, relay, projector, the HTTP
endpoints, the CLI — is the same for every subgraph, so a service hands servicekit one
``ServiceDefinition`` and its settings, and gets the running service back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import asyncpg
from eventkit.migrations import Migration
from eventkit.projection import Projection
from eventkit.store import EVENT_STORE_MIGRATIONS, PLUMBING_MIGRATIONS
from eventkit.store.base import EventStore

from .settings import ServiceSettings

__all__ = ["ServiceDefinition"]

S = TypeVar("S", bound=ServiceSettings)
C = TypeVar("C")


@dataclass(frozen=True)
class ServiceDefinition(Generic[S, C]):
    """A service's own parts; ``S`` is its settings class, ``C`` its application layer (what
    mutations call)."""

    name: str
    """Short name, e.g. ``groups``: prefixes the metric names and titles the app."""
    read_model_migrations: Sequence[Migration]
    """The service's own migrations; eventkit's store and plumbing migrations run before them."""
    read_model_tables: Sequence[str]
    """Tables the app role may read and write (and truncate, for a rebuild)."""
    projections: Callable[[], Sequence[Projection]]
    """Fresh projection instances for the projector (serving) or a rebuild."""
    commands: Callable[[EventStore, asyncpg.Pool, S], C]
    """Builds the application layer, once per process, from the (metered) event store, the app
    role's pool (for lookups in local read models) and the settings."""
    reactions: Callable[[C], Sequence[Projection]] | None = None
    """Reactions to consumed events that issue commands (e.g. another service's event drafting
    something here), built over the application layer. They run in the serving projector after
    the read-model projections, never in a rebuild or a dead-letter replay (the commands they
    issued are in the store already). A reaction must be idempotent on redelivery: issue its
    command with a command id derived from the event's id."""

    history_tables: Sequence[str] = ()
    """Tables among ``read_model_tables`` that are not rebuilt from events (records of what the
    service did, e.g. webhook deliveries): ``clc verify`` does not compare them."""
    state_tables: Sequence[str] = ()
    """Tables the app role may read and write that are no read model (never emptied, rebuilt or
    verified): the groups' key table."""
    background_jobs: (
        Callable[[S, asyncpg.Pool], Sequence[Callable[[asyncio.Event], Coroutine[Any, Any, None]]]]
        | None
    ) = None
    """Periodic jobs the projector process runs until the event it is given is set (enquiry's
    retention sweeper); each must be safe to run in several processes at once."""
    configured_projections: Callable[[S], Sequence[Projection]] | None = None
    """Used instead of ``projections`` when given: projections that need the settings (the
    groups' open sealed personal data with the KEKs). Callers ask ``projections_for``."""

    def projections_for(self, settings: S) -> Sequence[Projection]:
        if self.configured_projections is not None:
            return self.configured_projections(settings)
        return self.projections()

    @property
    def migrations(self) -> list[Migration]:
        """Every migration the service's database needs, in order."""
        return [*EVENT_STORE_MIGRATIONS, *PLUMBING_MIGRATIONS, *self.read_model_migrations]

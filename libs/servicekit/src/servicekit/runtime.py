"""The composition root: everything a running service is made of, started and stopped together.

Start order matters: the owner connection migrates and ensures the app role *before* the pool
opens as that role; the relay and projector start last and stop first, so no task outlives the
pool or producer it uses.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import asyncpg
from aiokafka import AIOKafkaProducer
from eventkit.migrations import migrate
from eventkit.pg import connect, create_pool
from eventkit.principal import JwtVerifier
from eventkit.projector import ProjectorRunner
from eventkit.relay import RELAY_MAX_BATCH_BYTES, Relay
from eventkit.store import PostgresEventStore
from eventkit.topics import await_topics, create_topics

from .definition import ServiceDefinition
from .leadership import Leadership
from .live import Listener
from .metrics import CountingStore
from .roles import ensure_app_role
from .settings import ServiceSettings
from .telemetry import TracedProjection

__all__ = [
    "DEAD_LETTER_RETENTION",
    "KEEP_HISTORY",
    "Runtime",
    "Services",
    "ensure_topics",
    "prepare_database",
    "projector_for",
    "running",
    "verifier_for",
]

log = logging.getLogger("servicekit")

S = TypeVar("S", bound=ServiceSettings)
C = TypeVar("C")

#: topic config of every event topic: unlimited retention (``retention.ms=-1``), so a service
#: built later can rebuild its read models from the beginning of another service's topic
KEEP_HISTORY = {"retention.ms": "-1"}
#: topic config of every dead-letter topic: 30 days, enough to notice and replay; the durable
#: record is the service's ``dead_letters`` table (README "Consuming the event stream")
DEAD_LETTER_RETENTION = {"retention.ms": str(30 * 24 * 3600 * 1000), "cleanup.policy": "delete"}

#: how often a running service re-counts its unhandled dead letters
DEAD_LETTER_REFRESH_S = 5.0


@dataclass(frozen=True)
class Services(Generic[C]):
    """What the composition root hands to every request (see ``ServiceContext``)."""

    pool: asyncpg.Pool
    commands: C
    runner: ProjectorRunner | None
    consistency_wait_s: float
    settings: ServiceSettings | None = None
    """The service's settings, for limits a resolver enforces (e.g. the roster size cap)."""
    name: str = ""
    """The service's name inside a consistency token."""
    listener: Listener | None = None
    """The process's one LISTEN connection, for live subscriptions (``live.py``)."""
    sources: Mapping[str, str] = field(default_factory=dict)
    """Service name (in a consistency token) -> the CloudEvents source of its events, for every
    service whose events this projector applies: its own and those it consumes. A token's pair
    for any of these is waited for (``ServiceContext.reached_token``); others are ignored."""


@dataclass
class Runtime(Generic[C]):
    definition: ServiceDefinition[Any, C]
    settings: ServiceSettings
    pool: asyncpg.Pool
    store: CountingStore
    relay: Relay
    runner: ProjectorRunner
    verifier: JwtVerifier
    services: Services[C]
    tasks: list[asyncio.Task[None]]
    leadership: Leadership | None = None
    """The relay's leadership campaign (whether this replica's relay is the active one)."""
    _dead_letters: dict[str, int] = field(default_factory=dict)

    @property
    def projector_running(self) -> bool:
        """False once the relay or the projector task has ended (crashed): not ready."""
        return all(not t.done() for t in self.tasks)

    # -- dead letters: what /readyz and the metrics report -------------------------------------

    def dead_letter_counts(self) -> dict[str, int]:
        """Unhandled dead letters by reason (the error's class), as last refreshed: by
        ``refresh_dead_letters``, which ``/readyz`` calls and a background task runs every
        ``DEAD_LETTER_REFRESH_S`` (a replay from the CLI runs in another process). A gauge.

        Dead letters set aside by this process since it started, by reason, are a counter:
        ``runner.stats.dead_lettered_by_reason``."""
        return dict(self._dead_letters)

    @property
    def degraded(self) -> bool:
        """True while any dead letter is unhandled: a read model is missing events."""
        return bool(self._dead_letters)

    async def refresh_dead_letters(self) -> dict[str, int]:
        """Read the unhandled dead letters from the database; the new counts."""
        self._dead_letters = await self.runner.dead_letter_counts()
        return self.dead_letter_counts()

    async def _keep_dead_letters_fresh(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await self.refresh_dead_letters()
            except Exception:  # a passing database hiccup must not end the task (and readiness)
                log.warning("could not count dead letters", exc_info=True)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(DEAD_LETTER_REFRESH_S):
                    await stop.wait()

    def counters(self) -> dict[str, tuple[str, int]]:
        """The service's Prometheus counters, ``name -> (help, value)``."""
        name = self.definition.name
        return {
            f"{name}_events_appended_total": ("Events appended", self.store.appended),
            f"{name}_relay_published_total": ("Events published", self.relay.stats.published),
            f"{name}_projector_applied_total": ("Events applied", self.runner.stats.applied),
            f"{name}_projector_dead_lettered_total": (
                "Events dead-lettered",
                self.runner.stats.dead_lettered,
            ),
        }


async def prepare_database(
    settings: ServiceSettings, definition: ServiceDefinition[Any, Any]
) -> None:
    """Migrate as the owner, then ensure the app role and its grants."""
    conn = await connect(settings.database_url)
    try:
        applied = await migrate(conn, definition.migrations)
        await ensure_app_role(
            conn,
            settings.app_role,
            settings.app_role_password,
            [*definition.read_model_tables, *definition.state_tables],
        )
    finally:
        await conn.close()
    log.info("database ready", extra={"service": definition.name, "migrations_applied": applied})


async def ensure_topics(settings: ServiceSettings) -> None:
    """Create the service's topic, its dead-letter topic and every topic it consumes.

    Creating the consumed topics too means services can start in any order. Event topics keep
    their whole history (``KEEP_HISTORY``), so a new service, or a read model added later, can
    rebuild from the beginning of every topic it consumes; a dead-letter topic keeps 30 days
    (``DEAD_LETTER_RETENTION``; its rows are kept in the ``dead_letters`` table anyway).
    Settings apply to topics created now only: an existing topic keeps its own.
    """
    events = [settings.topic, *settings.consumed_topics()]
    options = settings.kafka_client_options()
    if not settings.create_topics:  # an operator owns them: wait, never create with our defaults
        names = [*events, settings.dead_letter_topic]
        await await_topics(settings.kafka_bootstrap_servers, names, client_options=options)
        return
    bootstrap, replicas = settings.kafka_bootstrap_servers, settings.kafka_replication_factor
    await create_topics(
        bootstrap,
        events,
        replication_factor=replicas,
        config=KEEP_HISTORY,
        client_options=options,
    )
    await create_topics(
        bootstrap,
        [settings.dead_letter_topic],
        replication_factor=replicas,
        config=DEAD_LETTER_RETENTION,
        client_options=options,
    )


def verifier_for(settings: ServiceSettings) -> JwtVerifier:
    return JwtVerifier(
        hs256_secret=settings.jwt_hs256_secret,
        jwks=settings.jwks,
        jwks_url=settings.jwks_url,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
        max_lifetime_s=settings.jwt_max_lifetime_s,
    )


def projector_for(
    settings: ServiceSettings,
    definition: ServiceDefinition[Any, Any],
    pool: asyncpg.Pool,
    producer: AIOKafkaProducer | None,
    commands: Any = None,
) -> ProjectorRunner:
    """The projector over ``settings.consumed_topics()``; no producer means no dead-lettering
    (a rebuild only reads the store). Given the application layer (``commands``), the
    definition's reactions run after the projections."""
    projections = list(definition.projections_for(settings))
    if commands is not None and definition.reactions is not None:
        projections += definition.reactions(commands)
    return ProjectorRunner(
        name=settings.projector_name,
        pool=pool,
        projections=[TracedProjection(p) for p in projections],
        topics=settings.consumed_topics(),
        bootstrap_servers=settings.kafka_bootstrap_servers,
        own_source=settings.event_source,
        dead_letter_topic=settings.dead_letter_topic,
        producer=producer,
        client_options=settings.kafka_client_options(),
    )


#: the pause before a crashed projector starts again
RESTART_PAUSE_S = 1.0


async def _keep_running(
    stop: asyncio.Event, work: Callable[[asyncio.Event], Awaitable[None]], name: str
) -> None:
    """``work(stop)`` until ``stop``, started again after a pause whenever it fails — as a
    supervisor would restart the process. A PostgreSQL server that restarts takes every
    connection with it, so without this one lost batch would stop the projector for good; with
    it the next run takes a fresh connection from the pool and a fresh consumer, which resumes
    from the offsets stored in PostgreSQL."""
    while not stop.is_set():
        try:
            await work(stop)
        except Exception:
            log.warning("%s failed; starting again", name, exc_info=True)
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(RESTART_PAUSE_S):
                    await stop.wait()


@contextlib.asynccontextmanager
async def running(settings: S, definition: ServiceDefinition[S, C]) -> AsyncIterator[Runtime[C]]:
    """The whole service, started; stopped (tasks, producer, pool) when the block exits.

    What runs depends on the process's role (``settings.role``, README "Scaling"): the relay
    only under leadership (one active per service), the projector in the consumer group. An
    ``api``-only process (also an extra API worker, see ``cli.serve``) runs no migration,
    topics, relay or projector — other processes of the service do — but it still waits for
    consistency tokens, which it reads from the database.
    """
    relaying, projecting = settings.runs("relay"), settings.runs("projector")
    background = relaying or projecting
    if background:
        await prepare_database(settings, definition)
        await ensure_topics(settings)
    pool = await create_pool(settings.app_dsn(), max_size=10)
    producer = AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        enable_idempotence=True,
        acks="all",
        max_batch_size=RELAY_MAX_BATCH_BYTES,
        **settings.kafka_client_options(),
    )
    if background:
        await producer.start()
    store = CountingStore(PostgresEventStore(pool))
    relay = Relay(
        dsn=settings.app_dsn(),
        pool=pool,
        producer=producer,
        topic=settings.topic,
        source=settings.event_source,
        schema_base=settings.event_schema_base,
    )
    commands = definition.commands(store, pool, settings)
    runner = projector_for(settings, definition, pool, producer, commands)
    listener = Listener(settings.app_dsn())  # connects on the first live subscription
    stop = asyncio.Event()
    tasks: list[asyncio.Task[None]] = []
    leadership = Leadership(
        settings.app_dsn(), f"eventkit.relay:{relay.name}", poll_s=settings.relay_poll_s
    )
    if relaying:
        tasks.append(asyncio.create_task(leadership.run(stop, relay.run)))
    if projecting:
        tasks.append(asyncio.create_task(_keep_running(stop, runner.run, "projector")))
        for job in definition.background_jobs(settings, pool) if definition.background_jobs else ():
            tasks.append(asyncio.create_task(job(stop)))
    services = Services(
        pool,
        commands,
        runner,
        settings.consistency_wait_s,
        settings,
        definition.name,
        listener,
        {definition.name: settings.event_source, **settings.followed_sources()},
    )
    verifier = verifier_for(settings)
    runtime = Runtime(
        definition, settings, pool, store, relay, runner, verifier, services, tasks, leadership
    )
    tasks.append(asyncio.create_task(runtime._keep_dead_letters_fresh(stop)))
    try:
        yield runtime
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        if background:
            await producer.stop()
        await listener.close()
        await pool.close()

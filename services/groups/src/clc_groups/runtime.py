"""The composition root: everything the running service is made of, started and stopped together.

Start order matters: the owner connection migrates and ensures the app role *before* the pool
opens as that role; the relay and projector start last and stop first, so no task outlives the
pool or producer it uses.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

import asyncpg
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError
from eventkit.migrations import migrate
from eventkit.pg import connect, create_pool
from eventkit.principal import JwtVerifier
from eventkit.projector import ProjectorRunner
from eventkit.relay import Relay
from eventkit.store import EVENT_STORE_MIGRATIONS, PLUMBING_MIGRATIONS, PostgresEventStore

from .api import Services
from .application import GroupsCommands
from .observability import CountingStore
from .readmodels import READ_MODEL_MIGRATIONS, ensure_app_role, projections
from .settings import GroupsSettings

__all__ = ["MIGRATIONS", "Runtime", "prepare_database", "running"]

log = logging.getLogger("clc_groups")

MIGRATIONS = [*EVENT_STORE_MIGRATIONS, *PLUMBING_MIGRATIONS, *READ_MODEL_MIGRATIONS]


@dataclass
class Runtime:
    settings: GroupsSettings
    pool: asyncpg.Pool
    store: CountingStore
    relay: Relay
    runner: ProjectorRunner
    verifier: JwtVerifier
    services: Services
    tasks: list[asyncio.Task[None]]

    @property
    def projector_running(self) -> bool:
        return all(not t.done() for t in self.tasks)


async def prepare_database(settings: GroupsSettings) -> None:
    conn = await connect(settings.database_url)
    try:
        applied = await migrate(conn, MIGRATIONS)
        await ensure_app_role(conn, settings.app_role, settings.app_role_password)
    finally:
        await conn.close()
    log.info("database ready", extra={"migrations_applied": applied})


async def ensure_topics(settings: GroupsSettings) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        for name in (settings.topic, settings.dead_letter_topic):
            # One at a time: a batch fails as a whole when any one of its topics exists.
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics([NewTopic(name, num_partitions=3, replication_factor=1)])
    finally:
        await admin.close()


def verifier_for(settings: GroupsSettings) -> JwtVerifier:
    return JwtVerifier(
        hs256_secret=settings.jwt_hs256_secret,
        jwks=settings.jwks,
        jwks_url=settings.jwks_url,
        issuer=settings.jwt_issuer,
        audience=settings.jwt_audience,
    )


def projector_for(
    settings: GroupsSettings, pool: asyncpg.Pool, producer: AIOKafkaProducer | None
) -> ProjectorRunner:
    return ProjectorRunner(
        name=settings.projector_name,
        pool=pool,
        projections=projections(),
        topics=[settings.topic],
        bootstrap_servers=settings.kafka_bootstrap_servers,
        own_source=settings.event_source,
        dead_letter_topic=settings.dead_letter_topic,
        producer=producer,
    )


@contextlib.asynccontextmanager
async def running(settings: GroupsSettings) -> AsyncIterator[Runtime]:
    await prepare_database(settings)
    await ensure_topics(settings)
    pool = await create_pool(settings.app_dsn(), max_size=10)
    producer = AIOKafkaProducer(
        bootstrap_servers=settings.kafka_bootstrap_servers, enable_idempotence=True, acks="all"
    )
    await producer.start()
    store = CountingStore(PostgresEventStore(pool))
    relay = Relay(
        dsn=settings.app_dsn(),
        pool=pool,
        producer=producer,
        topic=settings.topic,
        source=settings.event_source,
    )
    runner = projector_for(settings, pool, producer)
    stop = asyncio.Event()
    tasks = [asyncio.create_task(relay.run(stop)), asyncio.create_task(runner.run(stop))]
    services = Services(pool, GroupsCommands(store), runner, settings.consistency_wait_s)
    try:
        yield Runtime(settings, pool, store, relay, runner, verifier_for(settings), services, tasks)
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        await producer.stop()
        await pool.close()

"""Which PostgreSQL and Kafka to use, shared by the tests and ``make run``.

PostgreSQL: ``$DATABASE_URL`` (a superuser DSN) if set; else a testcontainers PostgreSQL when a
Docker engine answers; else the embedded server (:class:`devstack.postgres.EmbeddedPostgres`).

Kafka: ``$KAFKA_BOOTSTRAP_SERVERS`` if set; else a testcontainers Kafka when a Docker engine
answers; else a local broker (:class:`devstack.kafka.LocalKafka`), or with ``brokers=3``
(``make run KAFKA_BROKERS=3``) a local three-broker cluster
(:class:`devstack.kafka_cluster.KafkaCluster`), whose topics get three replicas.

Set ``CLC_NO_DOCKER=1`` to skip the Docker probe.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal, Self

from devstack import _proc
from devstack._proc import progress
from devstack.backup import ARCHIVING
from devstack.databases import drop_all_databases, dsn_for_database, normalize_dsn
from devstack.kafka import LocalKafka
from devstack.kafka_cluster import KafkaCluster
from devstack.postgres import EmbeddedPostgres

Kind = Literal["external", "docker", "embedded"]

POSTGRES_IMAGE = "postgres:18"
KAFKA_IMAGE = "confluentinc/cp-kafka:7.9.0"


def _nothing() -> None:
    return None


@dataclass
class _Handle:
    kind: Kind
    #: the object that runs the server (EmbeddedPostgres, LocalKafka, a testcontainer) or None
    server: Any = None
    _stop: Callable[[], None] = field(default=_nothing, repr=False)

    @property
    def pid(self) -> int | None:
        """Process id of a server we run ourselves (embedded/local), else ``None``."""
        pid = getattr(self.server, "pid", None)
        return pid if isinstance(pid, int) else None

    def stop(self) -> None:
        """Stop the server if we started it (idempotent; external servers are left alone)."""
        stop, self._stop = self._stop, _nothing
        stop()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


@dataclass
class PostgresHandle(_Handle):
    #: superuser DSN of the ``postgres`` database
    admin_dsn: str = ""

    def dsn(self, database: str) -> str:
        return dsn_for_database(self.admin_dsn, database)


@dataclass
class KafkaHandle(_Handle):
    bootstrap_servers: str = ""
    #: replicas of every topic the services create (``KAFKA_REPLICATION_FACTOR``)
    replication_factor: int = 1


@functools.cache
def docker_available(timeout: float = 5.0) -> bool:
    """Whether a Docker engine answers ``docker info`` quickly (cached per process)."""
    if os.environ.get("CLC_NO_DOCKER", "").lower() in ("1", "true", "yes"):
        return False
    docker = shutil.which("docker")
    if docker is None:
        return False
    try:
        result = subprocess.run(
            [docker, "info", "--format", "{{.ServerVersion}}"],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return result.returncode == 0 and bool(result.stdout.strip())


def resolve_postgres(instance: str = "dev", *, throwaway: bool = False) -> PostgresHandle:
    """A running PostgreSQL (see the module docstring); ``stop()`` it when done.

    ``instance`` names the embedded server's data folder. ``throwaway=True`` (tests): if the
    instance is busy a free ``<instance>-N`` is used, and databases left by earlier runs on the
    embedded server are dropped.
    """
    url = os.environ.get("DATABASE_URL")
    if url:
        return PostgresHandle(kind="external", admin_dsn=normalize_dsn(url))
    if docker_available():
        from testcontainers.community.postgres import PostgresContainer

        progress(f"starting {POSTGRES_IMAGE} with testcontainers")
        container = PostgresContainer(POSTGRES_IMAGE, username="postgres", password="postgres")
        container.start()
        token = _proc.register(container.stop)

        def stop_container() -> None:
            _proc.unregister(token)
            container.stop()

        dsn = dsn_for_database(container.get_connection_url(driver=None), "postgres")
        return PostgresHandle(kind="docker", server=container, _stop=stop_container, admin_dsn=dsn)
    # A kept server (make run's) archives its WAL, so clc backup can restore it to a point in
    # time (devstack.backup); a throwaway one (tests, bench) does not need to.
    archiving = None if throwaway else ARCHIVING
    server = EmbeddedPostgres(instance, allow_suffix=throwaway, settings=archiving).start()
    handle = PostgresHandle(
        kind="embedded", server=server, _stop=server.stop, admin_dsn=server.dsn()
    )
    if throwaway:
        try:
            dropped = _proc.run_in_thread(lambda: drop_all_databases(handle.admin_dsn), 60)
        except BaseException:
            handle.stop()
            raise
        if dropped:
            progress(f"dropped {len(dropped)} database(s) left by earlier runs")
    return handle


def resolve_kafka(persistent: str | None = None, brokers: int = 1) -> KafkaHandle:
    """A running Kafka (see the module docstring); ``stop()`` it when done.

    ``persistent`` names a local broker whose data survives restarts (the dev stack); without
    it a local broker starts empty. ``brokers=3``: a local three-broker cluster instead.
    """
    bootstrap = os.environ.get("KAFKA_BOOTSTRAP_SERVERS")
    if bootstrap:
        replicas = int(os.environ.get("KAFKA_REPLICATION_FACTOR", "1"))
        return KafkaHandle(
            kind="external", bootstrap_servers=bootstrap, replication_factor=replicas
        )
    if brokers > 1:
        cluster = KafkaCluster(brokers, persistent=persistent).start()
        return KafkaHandle(
            kind="embedded",
            server=cluster,
            _stop=cluster.stop,
            bootstrap_servers=cluster.bootstrap_servers,
            replication_factor=brokers,
        )
    if docker_available():
        from testcontainers.community.kafka import KafkaContainer

        progress(f"starting {KAFKA_IMAGE} with testcontainers")
        container = KafkaContainer(KAFKA_IMAGE).with_kraft()
        container.start()
        token = _proc.register(container.stop)

        def stop_container() -> None:
            _proc.unregister(token)
            container.stop()

        return KafkaHandle(
            kind="docker",
            server=container,
            _stop=stop_container,
            bootstrap_servers=container.get_bootstrap_server(),
        )
    broker = LocalKafka(persistent=persistent).start()
    return KafkaHandle(
        kind="embedded",
        server=broker,
        _stop=broker.stop,
        bootstrap_servers=broker.bootstrap_servers,
    )


class Infrastructure:
    """PostgreSQL + Kafka together, for ``make run`` and ``python -m devstack up``."""

    def __init__(self, postgres: PostgresHandle, kafka: KafkaHandle) -> None:
        self.postgres = postgres
        self.kafka = kafka

    @classmethod
    def start(cls, instance: str = "dev", kafka_brokers: int = 1) -> Infrastructure:
        """``kafka_brokers=3``: a three-broker cluster, with a PostgreSQL instance of its own
        (``<instance>-kafka3``) since relay checkpoints and offsets name one Kafka's topics."""
        if kafka_brokers > 1:
            instance = f"{instance}-kafka{kafka_brokers}"
        postgres = resolve_postgres(instance)
        try:
            kafka = resolve_kafka(persistent=instance, brokers=kafka_brokers)
        except BaseException:
            postgres.stop()
            raise
        return cls(postgres, kafka)

    def env(self) -> dict[str, str]:
        """The environment variables that point a process at this infrastructure."""
        return {
            "DATABASE_URL": self.postgres.admin_dsn,
            "KAFKA_BOOTSTRAP_SERVERS": self.kafka.bootstrap_servers,
            "KAFKA_REPLICATION_FACTOR": str(self.kafka.replication_factor),
        }

    def stop(self) -> None:
        try:
            self.kafka.stop()
        finally:
            self.postgres.stop()

    def __enter__(self) -> Infrastructure:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

"""The services ``make run`` starts: which exist, how to start them, how to know they are up.

Each service runs as its own child process (``python -m <module> serve``) with its own database
on the shared PostgreSQL and the shared Kafka, exactly as it would be deployed. A service whose
package is not installed yet is skipped with a message, so ``make run`` grows with the system.
The gateway (``clc-gateway serve``) runs in front of them as one more child process, serving the
committed ``gateway/supergraph.graphql`` with the subgraph URLs of the services actually started.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from devstack import _proc
from devstack._proc import DevstackError, progress
from devstack.databases import dsn_for_database, ensure_database
from devstack.demo import dev_token
from devstack.paths import repo_root

__all__ = [
    "DEV_JWT_SECRET",
    "GATEWAY",
    "SERVICES",
    "RunningService",
    "Service",
    "start_gateway",
    "start_services",
]

# One HS256 secret for every service in the local stack, so one dev token works everywhere.
DEV_JWT_SECRET = "clc-local-development-secret-not-for-production"


@dataclass(frozen=True)
class Service:
    name: str
    module: str
    port: int
    env_prefix: str
    database: str = ""
    env: tuple[tuple[str, str], ...] = ()
    """Extra environment of this service in the local stack."""

    def __post_init__(self) -> None:
        if not self.database:
            object.__setattr__(self, "database", self.name)

    @property
    def installed(self) -> bool:
        try:
            return importlib.util.find_spec(self.module) is not None
        except ModuleNotFoundError:
            return False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


SERVICES = (
    Service("groups", "clc_groups.cli", 8001, "GROUPS_"),
    Service("enquiry", "clc_enquiry.cli", 8002, "ENQUIRY_"),
    Service("knowledge", "clc_knowledge.cli", 8003, "KNOWLEDGE_"),
    # webhooks to a receiver on this machine (http://127.0.0.1:…) are allowed here only
    Service(
        "webhooks", "clc_webhooks.cli", 8004, "WEBHOOKS_", env=(("ALLOW_HTTP_LOOPBACK", "true"),)
    ),
)
GATEWAY = Service("gateway", "clc_gateway.cli", 8000, "GATEWAY_")


#: a subgraph's base URL, or the base URLs of its replicas
Replicas = str | Sequence[str]


@dataclass
class RunningService:
    service: Service
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        _proc.stop_process(self.process, signal.SIGTERM, timeout=15.0)


#: what later service processes learn about those started before them: where the groups
#: service's key endpoint answers (enquiry seals reflective logs with keys from it)
_LINKS: dict[str, str] = {}


def _environment(service: Service, admin_dsn: str, bootstrap: str) -> dict[str, str]:
    env = {**os.environ, **_LINKS}
    p = service.env_prefix
    env.update(
        {
            f"{p}DATABASE_URL": dsn_for_database(admin_dsn, service.database),
            "KAFKA_BOOTSTRAP_SERVERS": bootstrap,
            f"{p}JWT_HS256_SECRET": DEV_JWT_SECRET,
            f"{p}PORT": str(service.port),
            f"{p}HOST": "127.0.0.1",
            **{f"{p}{name}": value for name, value in service.env},
        }
    )
    return env


def _gateway_environment(
    gateway: Service, subgraphs: Mapping[str, Replicas], database_url: str = ""
) -> dict[str, str]:
    env = dict(os.environ)
    if database_url:  # the tenant registry (``clc tenant ...``)
        env["GATEWAY_DATABASE_URL"] = database_url
    # the supergraph names the default ports; these are the ones actually started (tests use
    # free ports), by subgraph name; a list is a subgraph's replicas (`make run REPLICAS=N`)
    urls = {
        name: [f"{u}/graphql" for u in ([url] if isinstance(url, str) else url)]
        for name, url in subgraphs.items()
    }
    env.update(
        {
            "GATEWAY_JWT_HS256_SECRET": DEV_JWT_SECRET,
            # GraphiQL (GET /graphql) opens with a demo tenant-admin token in its headers
            "GATEWAY_GRAPHIQL_DEV_TOKEN": dev_token(DEV_JWT_SECRET, "demo-admin", ["tenant_admin"]),
            "GATEWAY_SUBGRAPH_URLS": json.dumps(urls),
            "GATEWAY_HOST": "127.0.0.1",
            "GATEWAY_PORT": str(gateway.port),
        }
    )
    return env


def _wait_ready(running: RunningService, timeout: float = 90.0, path: str = "/readyz") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if running.process.poll() is not None:
            raise DevstackError(f"{running.service.name} exited with {running.process.returncode}")
        try:
            with urllib.request.urlopen(f"{running.service.url}{path}", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise DevstackError(f"{running.service.name} not ready after {timeout:.0f}s")


def start_services(
    env: Mapping[str, str], *, free_ports: bool = False, database_suffix: str = ""
) -> list[RunningService]:
    """Start every installed service and wait until each answers ``/readyz``.

    ``free_ports`` and ``database_suffix`` let tests run the same processes beside a running
    ``make run``: each service gets an unused port and databases of its own.
    """
    admin_dsn, bootstrap = env["DATABASE_URL"], env["KAFKA_BOOTSTRAP_SERVERS"]
    started: list[RunningService] = []
    try:
        for registered in SERVICES:
            service = dataclasses.replace(
                registered,
                port=_proc.free_port() if free_ports else registered.port,
                database=f"{registered.database}{database_suffix}",
            )
            if not service.installed:
                progress(f"{service.name}: not built yet, skipped")
                continue
            if _proc.port_open(service.port):
                raise DevstackError(f"port {service.port} for {service.name} is already in use")
            _proc.run_in_thread(functools.partial(ensure_database, admin_dsn, service.database), 30)
            process = subprocess.Popen(
                [sys.executable, "-m", service.module, "serve"],
                env=_environment(service, admin_dsn, bootstrap),
                preexec_fn=_proc.parent_death_signal(signal.SIGTERM),
                start_new_session=True,
            )
            running = RunningService(service, process)
            started.append(running)
            progress(f"{service.name}: starting on {service.url} (pid {process.pid})")
            _wait_ready(running)
            progress(f"{service.name}: ready — GraphQL at {service.url}/graphql")
            if service.name == "groups":
                _LINKS["ENQUIRY_KEY_SERVICE_URL"] = service.url
    except BaseException:
        for running in reversed(started):
            running.stop()
        raise
    return started


def start_gateway(
    subgraphs: Mapping[str, Replicas],
    *,
    free_port: bool = False,
    supergraph: str = "",
    admin_dsn: str = "",
) -> RunningService | None:
    """Start the gateway in front of ``subgraphs`` (service name -> base URL) on :8000 (or a free
    port) and wait until its ``/readyz`` says the supergraph is loaded and every subgraph answers;
    ``None`` when the gateway package is not installed. With ``admin_dsn`` it gets a database of
    its own, ``gateway``, for its tenant registry."""
    gateway = dataclasses.replace(GATEWAY, port=_proc.free_port() if free_port else GATEWAY.port)
    if not gateway.installed:
        progress("gateway: not built yet, skipped")
        return None
    if _proc.port_open(gateway.port):
        raise DevstackError(f"port {gateway.port} for the gateway is already in use")
    path = supergraph or str(repo_root() / "gateway" / "supergraph.graphql")
    database_url = ""
    if admin_dsn:
        ensure = functools.partial(ensure_database, admin_dsn, gateway.database)
        database_url = _proc.run_in_thread(ensure, 30)
    process = subprocess.Popen(
        [sys.executable, "-m", gateway.module, "serve", "--supergraph", path],
        env=_gateway_environment(gateway, subgraphs, database_url),
        preexec_fn=_proc.parent_death_signal(signal.SIGTERM),
        start_new_session=True,
    )
    running = RunningService(gateway, process)
    progress(f"gateway: starting on {gateway.url} (pid {process.pid})")
    try:
        _wait_ready(running)
    except BaseException:
        running.stop()
        raise
    progress(f"gateway: ready — GraphQL at {gateway.url}/graphql")
    return running

"""``make run REPLICAS=N``: more processes of each service, one role each, beside the first.

The first process of a service (``devstack.services``) plays every role (``all``): it migrates,
creates the topics, serves on the service's usual port, consumes, and is the relay that leads.
With ``N`` above 1 each service gets ``N - 1`` more ``api`` processes and ``N - 1`` more
``projector`` processes, each on a free port of its own (every role answers ``/readyz``), and
one more ``relay`` standing by on the advisory lock — so there are ``N`` api replicas and ``N``
projector replicas, and a relay to take over. The gateway is given every api replica's URL and
balances across them; a consistency token from any replica is a position in the service's store,
which any other replica waits for.
"""

from __future__ import annotations

import dataclasses
import signal
import subprocess
import sys
from collections.abc import Mapping

from devstack import _proc
from devstack._proc import progress
from devstack.services import RunningService, _environment, _wait_ready

__all__ = ["api_urls", "restart", "start_replicas"]


def _roles(replicas: int) -> list[str]:
    return ["api"] * (replicas - 1) + ["projector"] * (replicas - 1) + ["relay"]


def start_replicas(
    env: Mapping[str, str], firsts: list[RunningService], replicas: int
) -> list[RunningService]:
    """Start the extra role processes of every service in ``firsts``; none when ``replicas``
    is 1. Each is ready (``/readyz``) when this returns."""
    if replicas <= 1:
        return []
    admin_dsn, bootstrap = env["DATABASE_URL"], env["KAFKA_BOOTSTRAP_SERVERS"]
    started: list[RunningService] = []
    try:
        for first in firsts:
            for role in _roles(replicas):
                service = dataclasses.replace(
                    first.service, name=f"{first.service.name}-{role}", port=_proc.free_port()
                )
                process = subprocess.Popen(
                    [sys.executable, "-m", service.module, "serve", "--role", role],
                    env=_environment(service, admin_dsn, bootstrap),  # the first's database
                    preexec_fn=_proc.parent_death_signal(signal.SIGTERM),
                    start_new_session=True,
                )
                running = RunningService(service, process)
                started.append(running)
                progress(f"{service.name}: starting on {service.url} (pid {process.pid})")
                _wait_ready(running)
    except BaseException:
        for running in reversed(started):
            running.stop()
        raise
    return started


def api_urls(firsts: list[RunningService], extras: list[RunningService]) -> dict[str, list[str]]:
    """Service name -> the base URL of each process that serves its API (the gateway's list)."""
    urls = {s.service.name: [s.service.url] for s in firsts}
    for extra in extras:
        name, _, role = extra.service.name.rpartition("-")
        if role == "api":
            urls[name].append(extra.service.url)
    return urls


def restart(env: Mapping[str, str], killed: RunningService) -> RunningService:
    """Start a process of the same service and role as ``killed`` (after a fault), on its port."""
    role = killed.service.name.rpartition("-")[2] if "-" in killed.service.name else "all"
    process = subprocess.Popen(
        [sys.executable, "-m", killed.service.module, "serve", "--role", role],
        env=_environment(killed.service, env["DATABASE_URL"], env["KAFKA_BOOTSTRAP_SERVERS"]),
        preexec_fn=_proc.parent_death_signal(signal.SIGTERM),
        start_new_session=True,
    )
    running = RunningService(killed.service, process)
    progress(f"{killed.service.name}: restarted (pid {process.pid})")
    _wait_ready(running)
    return running

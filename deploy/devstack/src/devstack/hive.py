"""Hive Gateway as the front door instead of ours (``make run GATEWAY=hive``).

The same committed ``gateway/supergraph.graphql`` on the same port, with the same dev-token
authentication (``gateway/hive/gateway.config.mjs``: the JWT plugin with the dev HS256 secret;
the caller's Authorization goes on to every subgraph). Hive Gateway comes from npm, pinned in
``gateway/hive/package-lock.json`` (``make hive`` runs ``npm ci``; ``make run GATEWAY=hive``
does it when missing). When the services run on other ports than the supergraph names (tests),
a copy of the supergraph with their URLs is served.
"""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import subprocess
from collections.abc import Mapping
from pathlib import Path

from devstack import _proc
from devstack._proc import DevstackError, progress
from devstack.paths import cache_dir, repo_root
from devstack.services import DEV_JWT_SECRET, GATEWAY, RunningService, _wait_ready

__all__ = ["hive_dir", "start_hive_gateway"]

_GRAPH = re.compile(r'(@join__graph\(name: "(?P<name>[^"]+)", url: ")(?P<url>[^"]*)(")')


def hive_dir() -> Path:
    return repo_root() / "gateway" / "hive"


def _supergraph_for(subgraphs: Mapping[str, str], port: int) -> Path:
    """The committed supergraph, with each started service's URL where it differs."""
    committed = repo_root() / "gateway" / "supergraph.graphql"
    text = committed.read_text()

    def url(match: re.Match[str]) -> str:
        base = subgraphs.get(match["name"])
        return f"{match[1]}{base}/graphql{match[4]}" if base else match[0]

    rewritten = _GRAPH.sub(url, text)
    if rewritten == text:
        return committed
    path = cache_dir() / f"hive-supergraph-{port}.graphql"
    path.write_text(rewritten)
    return path


def start_hive_gateway(subgraphs: Mapping[str, str], *, free_port: bool = False) -> RunningService:
    """Start Hive Gateway in front of ``subgraphs`` (name -> base URL) on :8000 (or a free port)
    and wait until it answers ``/readiness``."""
    binary = hive_dir() / "node_modules" / ".bin" / "hive-gateway"
    if not binary.exists():
        raise DevstackError(f"Hive Gateway is not installed ({binary}): run `make hive`")
    port = _proc.free_port() if free_port else GATEWAY.port
    gateway = dataclasses.replace(GATEWAY, name="hive", module="@graphql-hive/gateway", port=port)
    if _proc.port_open(gateway.port):
        raise DevstackError(f"port {gateway.port} for the gateway is already in use")
    supergraph = _supergraph_for(subgraphs, gateway.port)
    argv = [
        str(binary), "supergraph", str(supergraph),
        "--config-path", str(hive_dir() / "gateway.config.mjs"),
        "--host", "127.0.0.1", "--port", str(gateway.port), "--fork", "1",
    ]  # fmt: skip
    env = {**os.environ, "GATEWAY_JWT_HS256_SECRET": DEV_JWT_SECRET, "NODE_ENV": "production"}
    process = subprocess.Popen(
        argv,
        cwd=hive_dir(),
        env=env,
        preexec_fn=_proc.parent_death_signal(signal.SIGTERM),
        start_new_session=True,
    )
    running = RunningService(gateway, process)
    progress(f"gateway (Hive Gateway): starting on {gateway.url} (pid {process.pid})")
    try:
        _wait_ready(running, path="/readiness")
    except BaseException:
        running.stop()
        raise
    progress(f"gateway (Hive Gateway): ready — GraphQL at {gateway.url}/graphql")
    return running

"""Both gateways as real processes over the same supergraph: ours (``clc-gateway serve``) and
Hive Gateway (npm ``@graphql-hive/gateway``, configured by ``gateway.config.mjs`` here to pass
the caller's Authorization on to every subgraph). Used by the differential test and the gateway
benchmark; every process listens on loopback only.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from tests.e2e.gateway_world import ensure_node_tools

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

__all__ = ["GatewayProcess", "free_port", "start_hive_gateway", "start_our_gateway"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class GatewayProcess:
    name: str
    url: str
    """The GraphQL endpoint."""
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        if self.process.poll() is None:
            # each gateway is started in its own process group: Hive Gateway forks workers
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def _spawn(argv: list[str], log: Path | None, **kwargs: Any) -> subprocess.Popen[bytes]:
    """A child in its own process group, its output appended to ``log`` (or dropped)."""
    if log is None:
        return subprocess.Popen(
            argv,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            **kwargs,
        )
    with open(log, "ab") as out:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(argv, stdout=out, stderr=out, start_new_session=True, **kwargs)


def _wait(gateway: GatewayProcess, health: str, timeout_s: float = 60.0) -> GatewayProcess:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if gateway.process.poll() is not None:
            raise RuntimeError(f"{gateway.name} exited with {gateway.process.returncode}")
        try:
            if httpx.get(health, timeout=1).status_code == 200:
                return gateway
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    gateway.stop()
    raise RuntimeError(f"{gateway.name} did not come up in {timeout_s} s")


def start_our_gateway(supergraph: Path, secret: str, *, log: Path | None = None) -> GatewayProcess:
    port = free_port()
    env = {
        **os.environ,
        "GATEWAY_JWT_HS256_SECRET": secret,
        "GATEWAY_RELOAD_INTERVAL_S": "0",
        "GATEWAY_LOG_LEVEL": "WARNING",
    }
    process = _spawn(
        [sys.executable, "-m", "clc_gateway.cli", "serve", "--supergraph", str(supergraph),
         "--host", "127.0.0.1", "--port", str(port)],
        log, env=env,
    )  # fmt: skip
    gateway = GatewayProcess("our gateway", f"http://127.0.0.1:{port}/graphql", process)
    return _wait(gateway, f"http://127.0.0.1:{port}/healthz")


def start_hive_gateway(supergraph: Path, *, log: Path | None = None) -> GatewayProcess:
    modules = ensure_node_tools()
    port = free_port()
    process = _spawn(
        [str(modules / ".bin" / "hive-gateway"), "supergraph", str(supergraph),
         "--config-path", str(HERE / "gateway.config.mjs"),
         "--host", "127.0.0.1", "--port", str(port), "--fork", "1"],
        log, cwd=HERE,
    )  # fmt: skip
    gateway = GatewayProcess("Hive Gateway", f"http://127.0.0.1:{port}/graphql", process)
    return _wait(gateway, f"http://127.0.0.1:{port}/healthcheck")

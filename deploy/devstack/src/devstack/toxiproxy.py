"""Toxiproxy (Shopify's TCP proxy for fault injection, a Go module) run on 127.0.0.1.

``make toxiproxy`` builds ``github.com/Shopify/toxiproxy/v2/cmd/server`` with ``go install``
into ``.cache/bin/toxiproxy-server`` (``$CLC_TOXIPROXY`` names another binary). Proxies are made
and cut through its HTTP API: ``cut(name)`` disables a proxy — it closes every connection
through it and refuses new ones, as a network partition looks to both ends once TCP gives up —
and ``restore(name)`` enables it again on the same port.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

from devstack import _proc
from devstack._proc import DevstackError, progress
from devstack.paths import repo_root

__all__ = ["Toxiproxy", "toxiproxy_binary"]


def toxiproxy_binary() -> Path:
    """The toxiproxy server binary (``make toxiproxy`` builds it)."""
    override = os.environ.get("CLC_TOXIPROXY")
    path = Path(override) if override else repo_root() / ".cache" / "bin" / "toxiproxy-server"
    if not path.is_file():
        raise DevstackError(f"no toxiproxy server at {path}: run make toxiproxy (needs Go)")
    return path


class Toxiproxy(_proc.ManagedServer):
    """The toxiproxy server; ``proxy()``, ``cut()`` and ``restore()`` drive its API."""

    stop_timeout = 10.0

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Toxiproxy:
        binary = toxiproxy_binary()
        for _ in range(3):
            self.port = _proc.free_port()
            self._process = subprocess.Popen(
                [str(binary), "-host", "127.0.0.1", "-port", str(self.port)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
                preexec_fn=_proc.parent_death_signal(signal.SIGKILL),
            )
            deadline = time.monotonic() + 10
            while self._process.poll() is None and time.monotonic() < deadline:
                if _proc.port_open(self.port):
                    self._registered()
                    progress(f"toxiproxy ready on {self.url}")
                    return self
                time.sleep(0.05)
            self._shutdown()
        raise DevstackError("toxiproxy did not start")

    def proxy(self, name: str, listen_port: int, upstream: str) -> None:
        """A proxy ``name`` from 127.0.0.1:``listen_port`` to ``upstream`` (host:port)."""
        body = {"name": name, "listen": f"127.0.0.1:{listen_port}", "upstream": upstream}
        self._call("POST", "/proxies", body)

    def point(self, name: str, upstream: str) -> None:
        """Send proxy ``name`` to another upstream (host:port)."""
        self._call("POST", f"/proxies/{name}", {"upstream": upstream})

    def cut(self, name: str) -> None:
        self._call("POST", f"/proxies/{name}", {"enabled": False})

    def restore(self, name: str) -> None:
        self._call("POST", f"/proxies/{name}", {"enabled": True})

    def _call(self, method: str, path: str, body: dict[str, Any]) -> Any:
        request = urllib.request.Request(
            f"{self.url}{path}",
            data=json.dumps(body).encode(),
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.loads(answer.read() or b"null")

    def _shutdown(self, timeout: float = 10.0) -> None:
        if self._process is not None:
            _proc.stop_process(self._process, signal.SIGTERM, timeout)
            self._process = None

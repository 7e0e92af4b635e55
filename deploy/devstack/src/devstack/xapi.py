"""The xAPI feed (``services/xapi``) under ``make run``: one more child process beside the
services, reading their topics into ``clc.xapi.statements``.

It gets the shared Kafka and a port (8010); everything else comes from the environment
``make run`` was started with — set ``XAPI_LRS_URL`` (and ``XAPI_LRS_USERNAME``,
``XAPI_LRS_PASSWORD``) to have it POST every statement to a learning record store too,
``XAPI_OPTED_OUT_TENANTS`` to leave tenants out. Skipped with a message when the package is
not installed.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
from collections.abc import Mapping

from devstack import _proc
from devstack._proc import DevstackError, progress
from devstack.services import RunningService, Service, _wait_ready

__all__ = ["XAPI", "start_xapi"]

XAPI = Service("xapi", "clc_xapi.cli", 8010, "XAPI_")


def start_xapi(
    env: Mapping[str, str], *, free_port: bool = False, settings: Mapping[str, str] | None = None
) -> RunningService | None:
    """Start the feed and wait until ``/readyz`` says it consumes; ``None`` if not installed.
    ``settings``: more ``XAPI_*`` variables (tests: an LRS stand-in)."""
    feed = dataclasses.replace(XAPI, port=_proc.free_port() if free_port else XAPI.port)
    if not feed.installed:
        progress("xapi: not built yet, skipped")
        return None
    if _proc.port_open(feed.port):
        raise DevstackError(f"port {feed.port} for the xAPI feed is already in use")
    child_env = dict(os.environ)
    child_env.update(
        {
            "KAFKA_BOOTSTRAP_SERVERS": env["KAFKA_BOOTSTRAP_SERVERS"],
            "XAPI_PORT": str(feed.port),
            "XAPI_HOST": "127.0.0.1",
            **(settings or {}),
        }
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "clc_xapi", "serve"],
        env=child_env,
        preexec_fn=_proc.parent_death_signal(signal.SIGTERM),
        start_new_session=True,
    )
    running = RunningService(feed, process)
    progress(f"xapi: starting on {feed.url} (pid {process.pid})")
    try:
        _wait_ready(running)
    except BaseException:
        running.stop()
        raise
    lrs = child_env.get("XAPI_LRS_URL")
    target = f"and to the LRS at {lrs}" if lrs else "(no LRS: set XAPI_LRS_URL to add one)"
    topic = child_env.get("XAPI_STATEMENTS_TOPIC", "clc.xapi.statements")
    progress(f"xapi: ready — statements to {topic} {target}")
    return running

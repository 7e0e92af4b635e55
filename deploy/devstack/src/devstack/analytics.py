"""The analytics sink in ``make run``: one more child process (``clc_analytics``), consuming
every domain topic into the pseudonymised Parquet lake under ``<cache>/analytics`` — kept across
runs beside the dev stack's Kafka data, whose offsets it stores. ``clc analytics report``
draws it; deleting the folder rebuilds it from the topics.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from devstack import _proc
from devstack._proc import DevstackError, progress
from devstack.paths import cache_dir
from devstack.services import RunningService, Service, _wait_ready

__all__ = ["ANALYTICS", "analytics_data_dir", "start_analytics"]

ANALYTICS = Service("analytics", "clc_analytics.cli", 8011, "ANALYTICS_")


def analytics_data_dir() -> Path:
    return cache_dir() / "analytics"


def start_analytics(
    env: Mapping[str, str],
    *,
    free_port: bool = False,
    data_dir: Path | None = None,
    settings: Mapping[str, str] | None = None,
) -> RunningService | None:
    """Start the sink and wait for its ``/readyz`` (its partitions assigned); ``None`` when the
    package is not installed. ``settings``: more ``ANALYTICS_*`` variables (tests: topics)."""
    sink = dataclasses.replace(ANALYTICS, port=_proc.free_port() if free_port else ANALYTICS.port)
    if not sink.installed:
        progress("analytics: not built yet, skipped")
        return None
    if _proc.port_open(sink.port):
        raise DevstackError(f"port {sink.port} for the analytics sink is already in use")
    environment = dict(os.environ) | {
        "KAFKA_BOOTSTRAP_SERVERS": env["KAFKA_BOOTSTRAP_SERVERS"],
        "ANALYTICS_HOST": "127.0.0.1",
        "ANALYTICS_PORT": str(sink.port),
        "ANALYTICS_DATA_DIR": str(data_dir or analytics_data_dir()),
        "ANALYTICS_BATCH_MAX_SECONDS": os.environ.get("ANALYTICS_BATCH_MAX_SECONDS", "2"),
    }
    environment |= dict(settings or {})
    process = subprocess.Popen(
        [sys.executable, "-m", sink.module, "serve"],
        env=environment,
        preexec_fn=_proc.parent_death_signal(signal.SIGTERM),
        start_new_session=True,
    )
    running = RunningService(sink, process)
    progress(f"analytics: starting on {sink.url} (pid {process.pid})")
    try:
        _wait_ready(running)
    except BaseException:
        running.stop()
        raise
    progress(f"analytics: ready — landing the topics into {environment['ANALYTICS_DATA_DIR']}")
    return running

"""A real single-node Apache Kafka 4.1 broker (KRaft, combined broker + controller) run from the
official jars, which Maven fetches once into ``<cache>/kafka/libs`` (``deploy/kafka/pom.xml``).

Every start gets a fresh folder ``<cache>/kafka/runs/<id>`` (config, data, logs), so each broker
starts empty. The data is deleted on ``stop()``; the logs stay until a later start sweeps the
folders of runs that are over. ``persistent="dev"`` instead keeps one folder,
``<cache>/kafka/persistent/dev``, formatted once and never emptied: the dev stack's PostgreSQL
persists relay checkpoints and consumer offsets, so its broker must keep the topics they refer to.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from aiokafka.admin import AIOKafkaAdminClient
from eventkit.topics import create_topics

from devstack import _proc
from devstack._proc import DevstackError, progress
from devstack.kafka_jars import fetch_kafka_libs, java_executable, new_cluster_id
from devstack.paths import cache_dir

LOG4J2 = """\
status = warn
shutdownHook = disable
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = {log}
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.file.ref = FILE
"""


class LocalKafka(_proc.ManagedServer):
    """A single-node Kafka broker on 127.0.0.1. ``start()``/``stop()`` or a context manager."""

    stop_timeout = 20.0

    def __init__(
        self,
        *,
        cache: Path | None = None,
        startup_timeout: float = 120.0,
        heap: str = "768m",
        partitions: int = 3,
        extra_properties: dict[str, str] | None = None,
        persistent: str | None = None,
    ) -> None:
        # persistent="dev": keep the broker's data in a fixed folder across starts, so a dev stack
        # whose PostgreSQL persists (relay checkpoints, projector offsets) meets the same topics
        # again. Tests leave it unset and get a fresh, empty broker every time.
        self._persistent = persistent
        self._cache = cache or cache_dir()
        self._startup_timeout = startup_timeout
        self._heap = heap
        self._partitions = partitions
        self._extra = dict(extra_properties or {})
        self._process: subprocess.Popen[bytes] | None = None
        self._console: IO[bytes] | None = None
        self._lock: _proc.FileLock | None = None
        self._port: int | None = None
        self._controller_port: int | None = None
        self.run_dir: Path | None = None

    # ------------------------------------------------------------------ state

    @property
    def runs_dir(self) -> Path:
        return self._cache / "kafka" / "runs"

    @property
    def bootstrap_servers(self) -> str:
        if self._port is None or not self.running:
            raise DevstackError("the local Kafka broker is not running")
        return f"127.0.0.1:{self._port}"

    @property
    def pid(self) -> int | None:
        """Process id of the broker JVM (``None`` when never started)."""
        return self._process.pid if self._process is not None else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def log_path(self) -> Path:
        return self._require_run_dir() / "broker.log"

    @property
    def console_path(self) -> Path:
        return self._require_run_dir() / "console.log"

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> LocalKafka:
        if self.running:
            return self
        begun = time.monotonic()
        libs = fetch_kafka_libs(self._cache)
        java = java_executable()
        self._sweep_finished_runs()
        try:
            for attempt in range(3):
                if self._persistent:
                    self._persistent_run_dir(self._persistent)
                else:
                    self._new_run_dir()
                self._write_config()
                self._format_storage(java, libs)
                self._spawn(java, libs)
                if self._wait_until_ready(attempt_left=attempt < 2):
                    break
        except BaseException:
            self._shutdown()
            raise
        self._registered()
        progress(
            f"kafka ready on {self.bootstrap_servers} in {time.monotonic() - begun:.1f}s "
            f"(log: {self.log_path})"
        )
        return self

    async def create_topics(
        self, names: Iterable[str], partitions: int = 3, *, wait_seconds: float = 30.0
    ) -> None:
        """Create topics (existing ones are left alone) and wait until they have leaders."""
        await create_topics(self.bootstrap_servers, names, partitions, wait_seconds=wait_seconds)

    # ------------------------------------------------------------------ internals

    def _require_run_dir(self) -> Path:
        if self.run_dir is None:
            raise DevstackError("the local Kafka broker was never started")
        return self.run_dir

    def _sweep_finished_runs(self) -> None:
        """Delete folders of earlier runs that no live process holds (and kill their brokers)."""
        if not self.runs_dir.is_dir():
            return
        for folder in self.runs_dir.iterdir():
            if folder.name.startswith("."):  # being created (see _new_run_dir)
                with contextlib.suppress(OSError):
                    if time.time() - folder.stat().st_mtime > 3600:
                        shutil.rmtree(folder, ignore_errors=True)
                continue
            lock = _proc.FileLock(folder / "run.lock")
            if not lock.try_acquire():
                continue  # a live run
            try:
                _proc.kill_leftovers("java", str(folder / "server.properties"), signal.SIGKILL)
                shutil.rmtree(folder, ignore_errors=True)
            finally:
                lock.release()

    def _persistent_run_dir(self, name: str) -> None:
        self._release_run_dir()
        run_dir = self._cache / "kafka" / "persistent" / name
        run_dir.mkdir(parents=True, exist_ok=True)
        lock = _proc.FileLock(run_dir / "run.lock")
        if not lock.try_acquire():
            raise DevstackError(f"the Kafka broker {name!r} is already running ({run_dir})")
        _proc.kill_leftovers("java", str(run_dir / "server.properties"), signal.SIGKILL)
        self._lock = lock
        self.run_dir = run_dir

    def _new_run_dir(self) -> None:
        self._release_run_dir()
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        name = f"{stamp}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        # Lock first, then give the folder its visible name, so a sweep never sees it unlocked.
        scratch = self.runs_dir / f".{name}"
        scratch.mkdir()
        lock = _proc.FileLock(scratch / "run.lock")
        if not lock.try_acquire():
            raise DevstackError(f"could not lock {scratch}")
        run_dir = scratch.rename(self.runs_dir / name)
        lock.path = run_dir / "run.lock"
        self._lock = lock
        self.run_dir = run_dir

    def _write_config(self) -> None:
        run_dir = self._require_run_dir()
        self._port = _proc.free_port()
        self._controller_port = _proc.free_port()
        while self._controller_port == self._port:
            self._controller_port = _proc.free_port()
        properties = {
            "process.roles": "broker,controller",
            "node.id": "1",
            "controller.quorum.voters": f"1@127.0.0.1:{self._controller_port}",
            "listeners": (
                f"PLAINTEXT://127.0.0.1:{self._port},CONTROLLER://127.0.0.1:{self._controller_port}"
            ),
            "advertised.listeners": f"PLAINTEXT://127.0.0.1:{self._port}",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "log.dirs": str(run_dir / "data"),
            "num.partitions": str(self._partitions),
            "offsets.topic.replication.factor": "1",
            "offsets.topic.num.partitions": "10",
            "transaction.state.log.replication.factor": "1",
            "transaction.state.log.min.isr": "1",
            "share.coordinator.state.topic.replication.factor": "1",
            "share.coordinator.state.topic.min.isr": "1",
            "group.initial.rebalance.delay.ms": "0",
            "auto.create.topics.enable": "true",
            **self._extra,
        }
        text = "".join(f"{key}={value}\n" for key, value in properties.items())
        (run_dir / "server.properties").write_text(text)
        (run_dir / "log4j2.properties").write_text(LOG4J2.format(log=run_dir / "broker.log"))

    def _java_command(self, java: str, libs: Path, heap: str) -> list[str]:
        run_dir = self._require_run_dir()
        return [
            java,
            f"-Xmx{heap}",
            "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={run_dir / 'log4j2.properties'}",
            "-cp",
            f"{libs}/*",
        ]

    def _format_storage(self, java: str, libs: Path) -> None:
        run_dir = self._require_run_dir()
        if self._persistent and (run_dir / "data" / "meta.properties").exists():
            return  # formatted on an earlier start: keep the topics and their offsets
        command = [
            *self._java_command(java, libs, "256m"),
            "-XX:TieredStopAtLevel=1",
            "kafka.tools.StorageTool", "format",
            "-t", new_cluster_id(),
            "-c", str(run_dir / "server.properties"),
        ]  # fmt: skip
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=120, check=False, cwd=run_dir
        )
        if result.returncode != 0:
            raise DevstackError(
                f"formatting Kafka storage failed:\n{result.stdout}\n{result.stderr}\n"
                f"{_proc.tail(run_dir / 'broker.log')}"
            )

    def _spawn(self, java: str, libs: Path) -> None:
        run_dir = self._require_run_dir()
        command = [
            *self._java_command(java, libs, self._heap),
            "kafka.Kafka",
            str(run_dir / "server.properties"),
        ]
        self._console = (run_dir / "console.log").open("ab")
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=self._console,
            stderr=subprocess.STDOUT,
            cwd=run_dir,
            start_new_session=True,
            preexec_fn=_proc.parent_death_signal(signal.SIGKILL),
        )

    def _logs(self) -> str:
        return (
            f"--- {self.log_path} (tail) ---\n{_proc.tail(self.log_path)}\n"
            f"--- {self.console_path} (tail) ---\n{_proc.tail(self.console_path)}"
        )

    def _wait_until_ready(self, *, attempt_left: bool) -> bool:
        """True once the broker answers a metadata request; False if it lost a port race."""
        assert self._process is not None
        assert self._port is not None
        deadline = time.monotonic() + self._startup_timeout
        while not _proc.port_open(self._port):
            if self._process.poll() is not None:
                logs = self._logs()
                if attempt_left and "Address already in use" in logs:
                    self._shutdown()
                    return False
                raise DevstackError(f"the Kafka broker exited during startup\n{logs}")
            if time.monotonic() > deadline:
                raise DevstackError(
                    f"the Kafka broker did not listen within {self._startup_timeout:.0f}s\n"
                    f"{self._logs()}"
                )
            time.sleep(0.1)
        remaining = max(5.0, deadline - time.monotonic())
        try:
            bootstrap = self.bootstrap_servers
            _proc.run_in_thread(lambda: _await_metadata(bootstrap, remaining), remaining + 5)
        except Exception as exc:
            raise DevstackError(
                f"the Kafka broker did not answer a metadata request: {exc!r}\n{self._logs()}"
            ) from exc
        return True

    def _shutdown(self, timeout: float = 20.0) -> None:
        try:
            if self._process is not None:
                _proc.stop_process(self._process, signal.SIGTERM, timeout, then=signal.SIGKILL)
                self._process = None
        finally:
            if self._console is not None:
                self._console.close()
                self._console = None
            if self.run_dir is not None and not self._persistent:
                shutil.rmtree(self.run_dir / "data", ignore_errors=True)
            self._release_run_dir()

    def _release_run_dir(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


# ---------------------------------------------------------------------- admin helpers


async def _await_metadata(bootstrap_servers: str, wait_seconds: float) -> None:
    deadline = time.monotonic() + wait_seconds
    while True:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=5000)
        try:
            await admin.start()
            cluster: dict[str, Any] = await admin.describe_cluster()
            if cluster.get("brokers") and cluster.get("controller_id", -1) != -1:
                return
        except Exception:
            if time.monotonic() > deadline:
                raise
        finally:
            with contextlib.suppress(Exception):
                await admin.close()
        if time.monotonic() > deadline:
            raise DevstackError("no broker or controller in the metadata")
        await asyncio.sleep(0.2)

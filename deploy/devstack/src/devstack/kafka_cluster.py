"""A three-broker Apache Kafka 4.1 KRaft cluster on 127.0.0.1, from the same jars as the single
broker (:mod:`devstack.kafka`): replication factor 3, ``min.insync.replicas=2``.

Each node is *combined* (``process.roles=broker,controller``): three JVMs, each a broker and one
of three controller voters, instead of six processes with dedicated controllers. On two cores
that halves what the cluster costs, and the faults that matter are the same: killing a node
takes a broker *and* a voter away, the remaining two still form the controller quorum (2 of 3)
and the in-sync replicas (2 = ``min.insync.replicas``), so ``acks=all`` writes go on. A
production cluster separates them (Strimzi's ``KafkaNodePool`` roles, ``deploy/k8s``) so a
broker's load never starves the quorum; nothing in the clients differs.

``external_advertised`` gives every broker a second listener, ``EXTERNAL``, whose advertised
address is a port of the caller's choosing — a proxy in front of that listener (Toxiproxy, in
the fault suite). Kafka clients connect to the addresses brokers advertise, not to the
bootstrap address they were given, so a client can only be cut off from the cluster through
a proxy if the brokers advertise the proxy. ``PLAINTEXT`` stays direct for everything else.

``persistent`` keeps the data in one folder across starts (the dev stack), as for one broker.
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from aiokafka.admin import AIOKafkaAdminClient

from devstack import _proc
from devstack._proc import DevstackError, progress
from devstack.kafka import LOG4J2
from devstack.kafka_jars import fetch_kafka_libs, java_executable, new_cluster_id
from devstack.paths import cache_dir

__all__ = ["KafkaCluster"]


@dataclass
class _Node:
    node_id: int
    folder: Path
    port: int = 0
    controller_port: int = 0
    external_port: int = 0
    process: subprocess.Popen[bytes] | None = None
    console: IO[bytes] | None = field(default=None, repr=False)

    @property
    def config(self) -> Path:
        return self.folder / "server.properties"


class KafkaCluster(_proc.ManagedServer):
    """``size`` combined KRaft nodes. ``start()``/``stop()``, ``kill(i)``/``restart(i)``."""

    stop_timeout = 30.0

    def __init__(
        self,
        size: int = 3,
        *,
        cache: Path | None = None,
        heap: str = "512m",
        partitions: int = 3,
        external_advertised: list[int] | None = None,
        persistent: str | None = None,
        startup_timeout: float = 180.0,
    ) -> None:
        if external_advertised is not None and len(external_advertised) != size:
            raise DevstackError("one advertised external port per broker")
        self.size = size
        self._cache = cache or cache_dir()
        self._heap = heap
        self._partitions = partitions
        self._external = external_advertised
        self._persistent = persistent
        self._startup_timeout = startup_timeout
        self._lock: _proc.FileLock | None = None
        self.run_dir: Path | None = None
        self.nodes: list[_Node] = []

    # ------------------------------------------------------------------ state

    @property
    def bootstrap_servers(self) -> str:
        return ",".join(f"127.0.0.1:{n.port}" for n in self.nodes)

    @property
    def external_ports(self) -> list[int]:
        """The ``EXTERNAL`` listeners' real ports: the upstreams of the caller's proxies."""
        return [n.external_port for n in self.nodes]

    @property
    def running(self) -> bool:
        return bool(self.nodes) and all(self.node_running(i) for i in range(self.size))

    def node_running(self, index: int) -> bool:
        process = self.nodes[index].process
        return process is not None and process.poll() is None

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> KafkaCluster:
        if self.running:
            return self
        begun = time.monotonic()
        libs, java = fetch_kafka_libs(self._cache), java_executable()
        try:
            fresh = self._prepare_folder()
            for attempt in range(3):
                self._layout()
                if fresh:
                    self._format(java, libs)
                for index in range(self.size):
                    self._spawn(java, libs, index)
                if self._wait_until_ready(attempt_left=attempt < 2):
                    break
                # a port chosen free was taken before a node bound it: all again, new ports
                self._stop_nodes(10.0)
                if fresh:
                    for node in self.nodes:
                        shutil.rmtree(node.folder / "data", ignore_errors=True)
        except BaseException:
            self._shutdown()
            raise
        self._registered()
        progress(
            f"kafka cluster of {self.size} ready on {self.bootstrap_servers} "
            f"in {time.monotonic() - begun:.1f}s (logs: {self.run_dir}/node-*/broker.log)"
        )
        return self

    def kill(self, index: int) -> None:
        """SIGKILL one node (a broker and a controller voter), as a crash would."""
        node = self.nodes[index]
        if node.process is not None:
            node.process.send_signal(signal.SIGKILL)
            node.process.wait(10)

    def restart(self, index: int) -> None:
        """Start a killed node again, on its ports and its data (log recovery, then catch-up)."""
        self._spawn(java_executable(), fetch_kafka_libs(self._cache), index)
        node = self.nodes[index]
        deadline = time.monotonic() + self._startup_timeout
        while not _proc.port_open(node.port):
            if node.process is None or node.process.poll() is not None:
                raise DevstackError(f"kafka node {node.node_id} exited on restart\n{self._logs()}")
            if time.monotonic() > deadline:
                raise DevstackError(f"kafka node {node.node_id} did not listen after a restart")
            time.sleep(0.1)

    # ------------------------------------------------------------------ internals

    def _prepare_folder(self) -> bool:
        """Lock this cluster's folder; True when its storage must be formatted."""
        root = self._cache / "kafka" / "clusters"
        if self._persistent:
            folder = root / "persistent" / self._persistent
        else:
            self._sweep(root / "runs")
            stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
            folder = root / "runs" / stamp
        folder.mkdir(parents=True, exist_ok=True)
        lock = _proc.FileLock(folder / "run.lock")
        if not lock.try_acquire():
            raise DevstackError(f"the Kafka cluster in {folder} is already running")
        _proc.kill_leftovers("java", str(folder / "node-"), signal.SIGKILL)
        self._lock, self.run_dir = lock, folder
        return not (folder / "node-1" / "data" / "meta.properties").exists()

    @staticmethod
    def _sweep(root: Path) -> None:
        """Delete the folders of earlier non-persistent runs that no live process holds."""
        if not root.is_dir():
            return
        for folder in root.iterdir():
            lock = _proc.FileLock(folder / "run.lock")
            if lock.try_acquire():
                try:
                    _proc.kill_leftovers("java", str(folder / "node-"), signal.SIGKILL)
                    shutil.rmtree(folder, ignore_errors=True)
                finally:
                    lock.release()

    def _layout(self) -> None:
        assert self.run_dir is not None
        ports: set[int] = set()

        def port() -> int:
            while (chosen := _proc.free_port()) in ports:
                pass
            ports.add(chosen)
            return chosen

        self.nodes = [
            _Node(i + 1, self.run_dir / f"node-{i + 1}", port(), port(), port())
            for i in range(self.size)
        ]
        voters = ",".join(f"{n.node_id}@127.0.0.1:{n.controller_port}" for n in self.nodes)
        for index, node in enumerate(self.nodes):
            node.folder.mkdir(exist_ok=True)
            text = "".join(f"{k}={v}\n" for k, v in self._properties(index, voters).items())
            node.config.write_text(text)
            log4j = LOG4J2.format(log=node.folder / "broker.log")
            (node.folder / "log4j2.properties").write_text(log4j)

    def _properties(self, index: int, voters: str) -> dict[str, str]:
        node = self.nodes[index]
        listeners = [
            f"PLAINTEXT://127.0.0.1:{node.port}",
            f"CONTROLLER://127.0.0.1:{node.controller_port}",
        ]
        advertised = [f"PLAINTEXT://127.0.0.1:{node.port}"]
        if self._external is not None:
            listeners.append(f"EXTERNAL://127.0.0.1:{node.external_port}")
            advertised.append(f"EXTERNAL://127.0.0.1:{self._external[index]}")
        replicas, in_sync = str(self.size), str(min(2, self.size))
        return {
            "process.roles": "broker,controller",
            "node.id": str(node.node_id),
            "controller.quorum.voters": voters,
            "listeners": ",".join(listeners),
            "advertised.listeners": ",".join(advertised),
            "listener.security.protocol.map": (
                "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,EXTERNAL:PLAINTEXT"
            ),
            "controller.listener.names": "CONTROLLER",
            "inter.broker.listener.name": "PLAINTEXT",
            "log.dirs": str(node.folder / "data"),
            "num.partitions": str(self._partitions),
            "default.replication.factor": replicas,
            "min.insync.replicas": in_sync,
            "unclean.leader.election.enable": "false",
            "offsets.topic.replication.factor": replicas,
            "offsets.topic.num.partitions": "10",
            "transaction.state.log.replication.factor": replicas,
            "transaction.state.log.min.isr": in_sync,
            "share.coordinator.state.topic.replication.factor": replicas,
            "share.coordinator.state.topic.min.isr": in_sync,
            "group.initial.rebalance.delay.ms": "0",
            "auto.create.topics.enable": "true",
        }

    def _java(self, java: str, libs: Path, node: _Node, heap: str) -> list[str]:
        return [
            java, f"-Xmx{heap}", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
            f"-Dlog4j2.configurationFile={node.folder / 'log4j2.properties'}",
            "-cp", f"{libs}/*",
        ]  # fmt: skip

    def _format(self, java: str, libs: Path) -> None:
        """Format every node's storage with one cluster id, the three in parallel."""
        cluster_id = new_cluster_id()
        tool = ["-XX:TieredStopAtLevel=1", "kafka.tools.StorageTool", "format", "-t", cluster_id]
        formats = [
            subprocess.Popen(
                [*self._java(java, libs, node, "256m"), *tool, "-c", str(node.config)],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                cwd=node.folder,
            )
            for node in self.nodes
        ]
        for node, process in zip(self.nodes, formats, strict=True):
            output, _ = process.communicate(timeout=180)
            if process.returncode != 0:
                raise DevstackError(f"formatting node {node.node_id} failed:\n{output.decode()}")

    def _spawn(self, java: str, libs: Path, index: int) -> None:
        node = self.nodes[index]
        if node.console is None:
            node.console = (node.folder / "console.log").open("ab")
        node.process = subprocess.Popen(
            [*self._java(java, libs, node, self._heap), "kafka.Kafka", str(node.config)],
            stdin=subprocess.DEVNULL,
            stdout=node.console,
            stderr=subprocess.STDOUT,
            cwd=node.folder,
            start_new_session=True,
            preexec_fn=_proc.parent_death_signal(signal.SIGKILL),
        )

    def _logs(self) -> str:
        return "\n".join(
            f"--- node {n.node_id} ---\n{_proc.tail(n.folder / 'broker.log', 15)}\n"
            f"{_proc.tail(n.folder / 'console.log', 15)}"
            for n in self.nodes
        )

    def _wait_until_ready(self, *, attempt_left: bool) -> bool:
        """True once every broker is in the metadata; False if a node lost a port race."""
        deadline = time.monotonic() + self._startup_timeout
        for node in self.nodes:
            while not _proc.port_open(node.port):
                if node.process is None or node.process.poll() is not None:
                    logs = self._logs()
                    if attempt_left and "Address already in use" in logs:
                        return False
                    raise DevstackError(f"kafka node {node.node_id} exited\n{logs}")
                if time.monotonic() > deadline:
                    raise DevstackError(f"the Kafka cluster did not listen\n{self._logs()}")
                time.sleep(0.1)
        remaining = max(10.0, deadline - time.monotonic())
        try:
            _proc.run_in_thread(lambda: _await_brokers(self, remaining), remaining + 5)
        except Exception as exc:
            raise DevstackError(f"the Kafka cluster did not form: {exc!r}\n{self._logs()}") from exc
        return True

    def _stop_nodes(self, timeout: float) -> None:
        for node in reversed(self.nodes):  # SIGTERM to all first: they stop together
            if node.process is not None and node.process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    node.process.send_signal(signal.SIGTERM)
        for node in self.nodes:
            if node.process is not None:
                _proc.stop_process(node.process, signal.SIGTERM, timeout)
                node.process = None
            if node.console is not None:
                node.console.close()
                node.console = None

    def _shutdown(self, timeout: float = 30.0) -> None:
        try:
            self._stop_nodes(timeout)
        finally:
            if self.run_dir is not None and not self._persistent:
                shutil.rmtree(self.run_dir, ignore_errors=True)
            if self._lock is not None:
                self._lock.release()
                self._lock = None


async def _await_brokers(cluster: KafkaCluster, wait_seconds: float) -> None:
    """Until every broker is in the metadata with a controller elected."""
    deadline = time.monotonic() + wait_seconds
    while True:
        admin = AIOKafkaAdminClient(
            bootstrap_servers=cluster.bootstrap_servers, request_timeout_ms=5000
        )
        try:
            await admin.start()
            found: dict[str, Any] = await admin.describe_cluster()
            if (
                len(found.get("brokers", [])) == cluster.size
                and found.get("controller_id", -1) >= 0
            ):
                return
        except Exception:
            if time.monotonic() > deadline:
                raise
        finally:
            with contextlib.suppress(Exception):
                await admin.close()
        if time.monotonic() > deadline:
            raise DevstackError(f"fewer than {cluster.size} brokers in the metadata")
        await asyncio.sleep(0.3)

"""The fault suite's stack, its load and its checks (``tests/faults/test_faults.py``).

The stack: a PostgreSQL of its own with ``fsync`` and ``synchronous_commit`` on (so an
acknowledged command is a durable one), a three-broker KRaft cluster (replication factor 3,
``min.insync.replicas=2``) whose brokers also advertise a Toxiproxy port each, every service,
groups as ``make run REPLICAS=2`` runs it, and the gateway in front. The groups processes reach
Kafka only through the proxies (``GROUPS_KAFKA_BOOTSTRAP_SERVERS``), so a proxy cut is a
partition of the groups service from Kafka; every other client goes direct.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
import urllib.request
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from clc_cli.main import app
from devstack import _proc
from devstack.databases import drop_all_databases, dsn_for_database
from devstack.demo import dev_token
from devstack.kafka_cluster import KafkaCluster
from devstack.postgres import EmbeddedPostgres
from devstack.replicas import api_urls, start_replicas
from devstack.services import DEV_JWT_SECRET, RunningService, start_gateway, start_services
from devstack.toxiproxy import Toxiproxy
from eventkit.cloudevents import from_kafka
from eventkit.pg import create_pool
from typer.testing import CliRunner

#: one line per fault, printed at the end of the run (``conftest.py``)
FIGURES: list[str] = []
#: only then is an acknowledged command a durable one
DURABLE = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}
GROUPS_TOPIC = "clc.groups.events"
#: the services whose read models follow the groups topic (their own and groups' events)
SERVICES = ("groups", "enquiry", "knowledge")
HEADERS = {"Authorization": f"Bearer {dev_token(DEV_JWT_SECRET, 'admin', ['tenant_admin'])}"}
REGISTER = (
    "mutation($i: RegisterSchoolInput!) { registerSchool(input: $i)"
    " { userErrors { code } consistencyToken } }"
)
RENAME = (
    "mutation($i: UpdateSchoolInput!) { updateSchool(input: $i)"
    " { userErrors { code } consistencyToken } }"
)


@dataclass
class Stack:
    postgres: EmbeddedPostgres
    cluster: KafkaCluster
    proxies: Toxiproxy
    env: dict[str, str]
    suffix: str
    processes: dict[str, RunningService] = field(default_factory=dict)
    gateway: RunningService | None = None

    def owner_dsn(self, service: str) -> str:
        return dsn_for_database(self.env["DATABASE_URL"], f"{service}_{self.suffix}")

    def cut(self) -> None:
        for index in range(self.cluster.size):
            self.proxies.cut(f"kafka-{index + 1}")

    def restore(self) -> None:
        for index in range(self.cluster.size):
            self.proxies.restore(f"kafka-{index + 1}")


@contextlib.contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def fault_stack() -> Iterator[Stack]:
    with contextlib.ExitStack() as exits:
        proxies = exits.enter_context(Toxiproxy())
        advertised = [_proc.free_port() for _ in range(3)]
        # the proxies listen at once (their ports cannot be taken while the cluster starts),
        # and are pointed at the brokers' EXTERNAL listeners once those have ports
        for index, listen in enumerate(advertised):
            proxies.proxy(f"kafka-{index + 1}", listen, "127.0.0.1:9")
        cluster = exits.enter_context(KafkaCluster(3, external_advertised=advertised))
        for index, upstream in enumerate(cluster.external_ports):
            proxies.point(f"kafka-{index + 1}", f"127.0.0.1:{upstream}")
        postgres = exits.enter_context(
            EmbeddedPostgres("faults", allow_suffix=True, settings=DURABLE)
        )
        _proc.run_in_thread(lambda: drop_all_databases(postgres.dsn()), 60)
        env = {"DATABASE_URL": postgres.dsn(), "KAFKA_BOOTSTRAP_SERVERS": cluster.bootstrap_servers}
        proxied = ",".join(f"127.0.0.1:{port}" for port in advertised)
        # inherited by every service process, restarts included
        exits.enter_context(
            _environment(
                {"KAFKA_REPLICATION_FACTOR": "3", "GROUPS_KAFKA_BOOTSTRAP_SERVERS": proxied}
            )
        )
        stack = Stack(postgres, cluster, proxies, env, f"f{uuid.uuid4().hex[:8]}")
        try:
            firsts = start_services(env, free_ports=True, database_suffix=f"_{stack.suffix}")
            stack.processes |= {r.service.name: r for r in firsts}
            extras = start_replicas(env, [stack.processes["groups"]], 2)
            stack.processes |= {r.service.name: r for r in extras}
            stack.gateway = start_gateway(api_urls(firsts, extras), free_port=True)
            assert stack.gateway is not None
            yield stack
        finally:
            if stack.gateway is not None:
                stack.gateway.stop()
            for running in reversed(list(stack.processes.values())):
                running.stop()


# ------------------------------------------------------------------------------------- load


@dataclass
class Load:
    """What the clients were told: schools registered, and those renamed too."""

    registered: list[str] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    failed: int = 0
    #: the first few refusals, as answered
    refusals: list[str] = field(default_factory=list)
    #: (seconds since the load began, ok?) of every command, for the outage window
    answers: list[tuple[float, bool]] = field(default_factory=list)
    seconds: float = 0.0

    def outage(self) -> tuple[float, float] | None:
        """From the first failed answer to the last one, if any failed."""
        failed = [t for t, ok in self.answers if not ok]
        return (min(failed), max(failed)) if failed else None


async def _command(http: httpx.AsyncClient, query: str, school: str, name: str, load: Load) -> bool:
    try:
        answer = await http.post(
            "/graphql",
            json={"query": query, "variables": {"i": {"schoolId": school, "name": name}}},
        )
        body: dict[str, Any] = answer.json()
    except (httpx.HTTPError, ValueError) as exc:
        body = {"errors": repr(exc)}
    ok = not body.get("errors") and bool(body.get("data"))
    ok = ok and all(not v["userErrors"] for v in body["data"].values())
    if not ok and len(load.refusals) < 5:
        load.refusals.append(str(body)[:300])
    return ok


async def _client(url: str, load: Load, stop: asyncio.Event, began: float) -> None:
    """Register a school, then rename it; pause 0.1 s; repeat. A command that fails is not
    acknowledged (a failed register ends that school, as a client would give up)."""
    async with httpx.AsyncClient(base_url=url, headers=HEADERS, timeout=15) as http:
        while not stop.is_set():
            school = f"f-{uuid.uuid4().hex[:10]}"
            for query, name in ((REGISTER, school), (RENAME, f"{school} renamed")):
                ok = await _command(http, query, school, name, load)
                load.answers.append((time.monotonic() - began, ok))
                if not ok:
                    load.failed += 1
                    await asyncio.sleep(0.2)
                    break
                (load.registered if query is REGISTER else load.renamed).append(school)
            await asyncio.sleep(0.1)


async def under_load(stack: Stack, fault: Callable[[], Awaitable[None]], clients: int = 4) -> Load:
    """3 s of load, then ``fault()`` (which waits as long as the fault lasts), then 4 s more."""
    load, stop = Load(), asyncio.Event()
    assert stack.gateway is not None
    began = time.monotonic()
    tasks = [
        asyncio.create_task(_client(stack.gateway.service.url, load, stop, began))
        for _ in range(clients)
    ]
    await asyncio.sleep(3)
    await fault()
    await asyncio.sleep(4)
    stop.set()
    await asyncio.gather(*tasks)
    load.seconds = time.monotonic() - began
    assert len(load.renamed) >= 3, load  # a few even on a machine under heavy load
    return load


# ------------------------------------------------------------------------------------- checks


async def settled(stack: Stack, load: Load) -> float:
    """Every acknowledged command is in the store, once, in order; every service's projector
    has caught up with the groups topic; the groups read model holds each renamed school;
    ``clc verify`` finds every service's read models equal to a rebuild. Seconds to catch up."""
    began = time.monotonic()
    pool = await create_pool(stack.owner_dsn("groups"), max_size=1)
    try:
        rows = await pool.fetch(
            "select stream_id, array_agg(stream_version order by global_position) as versions"
            " from events where stream_id = any($1::text[]) group by stream_id",
            load.registered,
        )
        versions = {r["stream_id"]: list(r["versions"]) for r in rows}
        renamed = set(load.renamed)
        for school in load.registered:
            # a rename the client saw fail may still have committed (an answer lost in a crash)
            expected = [[1, 2]] if school in renamed else [[1], [1, 2]]
            assert versions.get(school) in expected, (school, versions.get(school))
        async with asyncio.timeout(180):
            while await pool.fetchval(
                "select count(*) from gr_schools where school_id = any($1::text[])"
                " and name = school_id || ' renamed'",
                load.renamed,
            ) < len(load.renamed):
                await asyncio.sleep(0.2)
    finally:
        await pool.close()
    await _projectors_caught_up(stack)
    caught_up = time.monotonic() - began
    await _topic_order(stack, load)
    for service in SERVICES:
        verify = await asyncio.to_thread(
            CliRunner().invoke,
            app,
            ["verify", service, "--database-url", stack.owner_dsn(service)],
            env={"KAFKA_BOOTSTRAP_SERVERS": stack.env["KAFKA_BOOTSTRAP_SERVERS"]},
        )
        assert verify.exit_code == 0, (service, verify.output)
    return caught_up


async def _end_offsets(stack: Stack) -> dict[int, int]:
    bootstrap = stack.env["KAFKA_BOOTSTRAP_SERVERS"]
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        (topic,) = await admin.describe_topics([GROUPS_TOPIC])
    finally:
        await admin.close()
    parts = [TopicPartition(GROUPS_TOPIC, p["partition"]) for p in topic["partitions"]]
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        consumer.assign(parts)
        ends = await consumer.end_offsets(parts)
        return {tp.partition: offset for tp, offset in ends.items()}
    finally:
        # aiokafka's stop() awaits a task of its own that it cancels; cancelled before it ever
        # ran, that await raises CancelledError: let it start first
        await asyncio.sleep(0.05)
        await consumer.stop()


async def _projectors_caught_up(stack: Stack) -> None:
    """Until the topic's end stops moving (the relay is done) and each service's projector
    offsets of it are at that end."""
    async with asyncio.timeout(180):
        while True:
            ends = await _end_offsets(stack)
            behind = False
            for service in SERVICES:
                pool = await create_pool(stack.owner_dsn(service), max_size=1)
                try:
                    rows = await pool.fetch(
                        "select partition, min(next_offset) as next from projector_offsets"
                        " where topic = $1 group by partition",
                        GROUPS_TOPIC,
                    )
                finally:
                    await pool.close()
                stored = {r["partition"]: r["next"] for r in rows}
                behind |= any(stored.get(p, 0) < end for p, end in ends.items() if end)
            if not behind and ends == await _end_offsets(stack):
                return
            await asyncio.sleep(0.3)


async def _topic_order(stack: Stack, load: Load) -> None:
    """Per stream, the versions on the topic first appear in order (1 before 2); a version seen
    again later is a redelivery, which the projectors skip (their read models prove it)."""
    wanted = set(load.registered)
    first_seen: dict[str, list[int]] = {}
    consumer = AIOKafkaConsumer(
        GROUPS_TOPIC,
        bootstrap_servers=stack.env["KAFKA_BOOTSTRAP_SERVERS"],
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        ends = await _end_offsets(stack)
        done = {p for p, end in ends.items() if end == 0}
        while len(done) < len(ends):
            for tp, records in (await consumer.getmany(timeout_ms=500)).items():
                for record in records:
                    event = from_kafka(record.value or b"", record.headers)
                    if event.stream_id in wanted:
                        seen = first_seen.setdefault(event.stream_id, [])
                        if event.stream_version not in seen:
                            seen.append(event.stream_version)
                    if record.offset + 1 >= ends[tp.partition]:
                        done.add(tp.partition)
    finally:
        await consumer.stop()
    for school, seen in first_seen.items():
        assert seen == sorted(seen), (school, seen)
    assert wanted <= set(first_seen)


# ------------------------------------------------------------------------------------- watching


@dataclass
class Readiness:
    """``/readyz`` of one process polled every 0.1 s: when it went false and true again."""

    url: str
    went_false: float | None = None
    went_true: float | None = None

    async def watch(self, stop: asyncio.Event, began: float) -> None:
        while not stop.is_set():
            ready = await asyncio.to_thread(_ready, self.url)
            now = time.monotonic() - began
            if not ready and self.went_false is None:
                self.went_false = now
            if ready and self.went_false is not None and self.went_true is None:
                self.went_true = now
            await asyncio.sleep(0.1)


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/readyz", timeout=1) as answer:
            return bool(answer.status == 200)
    except OSError:
        return False

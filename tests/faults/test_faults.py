"""Faults under a steady load of commands through the gateway (``make test-faults``; skipped in
``make test``).

The stack (``rig.py``): PostgreSQL with ``fsync`` and ``synchronous_commit`` on, a three-broker
KRaft cluster (replication factor 3, ``min.insync.replicas=2``) behind Toxiproxy for the groups
service, every service, groups as ``make run REPLICAS=2`` runs it — an ``all`` process (the
relay that leads, a projector, an api), one more ``api``, one more ``projector`` and a standby
``relay`` — and the gateway balancing over both groups api replicas. Four clients register a
school and rename it, again and again. Each fault in turn:

1. SIGKILL of the projector replica mid-stream (then it is restarted);
2. SIGKILL of the ``all`` process — the active relay, a projector and an api — so the standby
   relay takes over and the other projector takes every partition (then it is restarted);
3. SIGKILL of the broker that leads the groups topic's first partition, restarted 5 s later;
4. SIGKILL of the PostgreSQL postmaster, restarted 2 s later: pools reconnect, the relay
   campaigns again, projectors start again, ``/readyz`` goes false then true;
5. the groups service cut off from every broker for 10 s (Toxiproxy disables its proxies: every
   connection closes, new ones are refused), then restored.

After each (``rig.settled``): every acknowledged command's event is in the store, once, in
order; every service's projector has caught up with the groups topic; the groups read model
holds each acknowledged rename; on the topic each stream's versions first appear in order;
``clc verify`` finds every service's read models equal to a rebuild from the store (and the
topics it consumes). Figures go to the terminal.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Awaitable, Callable, Iterator

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from devstack.replicas import restart
from devstack.services import RunningService

from tests.faults.rig import (
    FIGURES,
    GROUPS_TOPIC,
    Load,
    Readiness,
    Stack,
    fault_stack,
    settled,
    under_load,
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.e2e,
    pytest.mark.skipif(not os.environ.get("CLC_FAULTS"), reason="run by make test-faults"),
    # the first test also starts the stack: 3 JVMs and 7 service processes, minutes on a busy
    # 2-core machine (each test's own waits are bounded below this)
    pytest.mark.timeout(900),
]


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    began = time.monotonic()
    with fault_stack() as running:
        running.env["started_in"] = f"{time.monotonic() - began:.1f}"
        yield running


@pytest.fixture
def report() -> Callable[[str], None]:
    return FIGURES.append


def _summary(name: str, load: Load, caught_up: float) -> str:
    outage = load.outage()
    window = f"{outage[0]:.1f}-{outage[1]:.1f}s" if outage else "none"
    return (
        f"{name}: {len(load.registered) + len(load.renamed)} commands acknowledged in "
        f"{load.seconds:.1f}s, {load.failed} refused (window {window}); every projector "
        f"caught up {caught_up:.1f}s after the load, clc verify clean"
    )


def _kill(running: RunningService) -> None:
    running.process.send_signal(signal.SIGKILL)
    running.process.wait(timeout=10)


def _fault(work: Callable[[], None]) -> Callable[[], Awaitable[None]]:
    async def fault() -> None:
        await asyncio.to_thread(work)

    return fault


async def test_1_a_projector_replica_killed_mid_stream(
    stack: Stack, report: Callable[[str], None]
) -> None:
    report(f"stack started in {stack.env['started_in']}s")
    projector = stack.processes["groups-projector"]
    try:
        load = await under_load(stack, _fault(lambda: _kill(projector)))
        report(_summary("projector SIGKILL", load, await settled(stack, load)))
    finally:  # the next faults want the whole stack, whatever happened here
        stack.processes["groups-projector"] = await asyncio.to_thread(restart, stack.env, projector)


async def test_2_the_active_relay_killed_the_standby_takes_over(
    stack: Stack, report: Callable[[str], None]
) -> None:
    leader = stack.processes["groups"]  # the `all` process started first and leads
    try:
        load = await under_load(stack, _fault(lambda: _kill(leader)))
        report(_summary("active relay SIGKILL", load, await settled(stack, load)))
    finally:
        stack.processes["groups"] = await asyncio.to_thread(restart, stack.env, leader)


async def _leader_of_first_partition(stack: Stack) -> int:
    admin = AIOKafkaAdminClient(bootstrap_servers=stack.env["KAFKA_BOOTSTRAP_SERVERS"])
    await admin.start()
    try:
        (topic,) = await admin.describe_topics([GROUPS_TOPIC])
        partitions = {p["partition"]: p for p in topic["partitions"]}
        assert all(len(p["replicas"]) == 3 for p in partitions.values()), topic
        return int(partitions[0]["leader"])
    finally:
        await admin.close()


async def _all_in_sync(stack: Stack) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=stack.env["KAFKA_BOOTSTRAP_SERVERS"])
    await admin.start()
    try:
        async with asyncio.timeout(180):
            while True:
                (topic,) = await admin.describe_topics([GROUPS_TOPIC])
                if all(len(p["isr"]) == 3 for p in topic["partitions"]):
                    return
                await asyncio.sleep(0.2)
    finally:
        await admin.close()


async def test_3_one_broker_of_three_killed_then_restarted(
    stack: Stack, report: Callable[[str], None]
) -> None:
    node = await _leader_of_first_partition(stack) - 1
    times: dict[str, float] = {}

    async def fault() -> None:
        await asyncio.to_thread(stack.cluster.kill, node)
        await asyncio.sleep(5)
        times["restarted"] = time.monotonic()
        await asyncio.to_thread(stack.cluster.restart, node)
        times["listening"] = time.monotonic() - times["restarted"]

    load = await under_load(stack, fault)
    await _all_in_sync(stack)
    times["in_sync"] = time.monotonic() - times["restarted"]
    report(
        _summary(f"broker {node + 1} of 3 SIGKILL (down 5 s)", load, await settled(stack, load))
        + f"; restarted broker listening after {times['listening']:.1f}s, "
        f"every partition back to 3 in-sync replicas after {times['in_sync']:.1f}s"
    )


async def test_4_the_postgresql_server_killed_then_restarted(
    stack: Stack, report: Callable[[str], None]
) -> None:
    watched = {n: Readiness(stack.processes[n].service.url) for n in ("groups", "groups-api")}
    stop, began = asyncio.Event(), time.monotonic()
    watchers = [asyncio.create_task(w.watch(stop, began)) for w in watched.values()]
    times: dict[str, float] = {}

    async def fault() -> None:
        times["killed"] = time.monotonic() - began
        await asyncio.to_thread(stack.postgres.kill)
        await asyncio.sleep(2)
        await asyncio.to_thread(stack.postgres.restart)
        times["restarted"] = time.monotonic() - began

    try:
        load = await under_load(stack, fault)
        caught_up = await settled(stack, load)
    finally:
        stop.set()
        await asyncio.gather(*watchers)
    for name, readiness in watched.items():
        assert readiness.went_false is not None, f"{name} never reported not ready"
        assert readiness.went_true is not None, f"{name} never became ready again"
    not_ready = min(w.went_false or 0.0 for w in watched.values()) - times["killed"]
    ready_again = max(w.went_true or 0.0 for w in watched.values()) - times["restarted"]
    report(
        _summary("PostgreSQL SIGKILL (down 2 s)", load, caught_up)
        + f"; /readyz false {not_ready:.1f}s after the kill, true again {ready_again:.1f}s"
        " after the restart"
    )


async def test_5_the_groups_service_cut_off_from_kafka_for_10_s(
    stack: Stack, report: Callable[[str], None]
) -> None:
    async def fault() -> None:
        await asyncio.to_thread(stack.cut)
        await asyncio.sleep(10)
        await asyncio.to_thread(stack.restore)

    load = await under_load(stack, fault)
    report(_summary("groups cut off from Kafka (10 s)", load, await settled(stack, load)))

"""``make run``: the whole system on this machine.

Starts PostgreSQL and Kafka (see :mod:`devstack.runtime`), then every service that exists as its
own process (:mod:`devstack.services`), then the gateway in front of them on :8000, seeds the demo
data through the gateway as a client would (:mod:`devstack.demo`), prints how to talk to it —
the gateway's URL first — and waits. ``--gateway hive`` (``make run GATEWAY=hive``) puts Hive
Gateway at the front door instead of ours (:mod:`devstack.hive`); ``--kafka-brokers 3``
(``make run KAFKA_BROKERS=3``) runs a three-broker Kafka cluster instead of one broker. Ctrl-C
or SIGTERM stops everything cleanly: the gateway, then the services, then Kafka, then PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
from collections.abc import Mapping

from devstack._proc import DevstackError, progress
from devstack.analytics import start_analytics
from devstack.demo import (
    CROSS_SERVICE_QUERY,
    dev_token,
    seed_enquiry,
    seed_groups,
    seed_starter_toolkit_and_audits,
)
from devstack.demo_knowledge import KNOWLEDGE_QUERY, seed_knowledge
from devstack.demo_learning import seed_learning
from devstack.replicas import api_urls, start_replicas
from devstack.runtime import Infrastructure
from devstack.services import (
    DEV_JWT_SECRET,
    GATEWAY,
    RunningService,
    start_gateway,
    start_services,
)
from devstack.xapi import start_xapi


def _announce(
    gateway: RunningService | None, services: list[RunningService], ids: Mapping[str, str]
) -> None:
    token = dev_token(DEV_JWT_SECRET, "demo-admin", ["tenant_admin"])
    front = gateway or services[0]
    lines = [f"{front.service.url}/graphql", "", "The system is running. Ctrl-C stops it.", ""]
    lines += [
        f"  {s.service.name:<10} {s.service.url}/graphql"
        + ("   (one endpoint for every service)" if s is gateway else "")
        for s in ([gateway] if gateway else []) + services
    ]
    lines += [
        "",
        "Demo tenant 'demo-trust'; a tenant-admin token (12 h):",
        f"  export TOKEN={token}",
    ]
    lines += [""] + [f"  {name}: {value}" for name, value in ids.items()]
    lines += [
        "",
        "Try (a network's groups with their enquiries, across services):",
        f"  curl -s {front.service.url}/graphql -H 'Content-Type: application/json' \\",
        f'    -H "Authorization: Bearer $TOKEN" -d \'{{"query": "{CROSS_SERVICE_QUERY}"}}\'',
        "",
        "And on to the artefacts drawn from those enquiries (knowledge service):",
        f"  curl -s {front.service.url}/graphql -H 'Content-Type: application/json' \\",
        f'    -H "Authorization: Bearer $TOKEN" -d \'{{"query": "{KNOWLEDGE_QUERY}"}}\'',
        "",
    ]
    if gateway and gateway.service.module == GATEWAY.module:
        lines += [
            f"GraphiQL: open {gateway.service.url}/graphql in a browser (the token is filled in).",
            "Operators: uv run clc --help",
            "Analytics: uv run clc analytics report --out report.html  (charts, offline)",
            "",
        ]
    print("\n".join(lines), flush=True)


async def _wait_for_signal() -> None:
    task = asyncio.current_task()
    assert task is not None
    with contextlib.suppress(NotImplementedError):
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.Event().wait()


def _front_door(kind: str, urls: Mapping[str, str], admin_dsn: str) -> RunningService | None:
    if kind == "hive":
        from devstack.hive import start_hive_gateway

        return start_hive_gateway(urls)
    return start_gateway(urls, admin_dsn=admin_dsn)


def _front_door_over_replicas(
    kind: str, services: list[RunningService], extras: list[RunningService], admin_dsn: str
) -> RunningService | None:
    if kind == "hive" or not extras:
        return _front_door(kind, {s.service.name: s.service.url for s in services}, admin_dsn)
    return start_gateway(api_urls(services, extras), admin_dsn=admin_dsn)


def serve(env: Mapping[str, str], gateway_kind: str = "ours", replicas: int = 1) -> None:
    services = start_services(env)
    gateway: RunningService | None = None
    extras: list[RunningService] = []
    feed: RunningService | None = None
    analytics: RunningService | None = None
    try:
        # after the services (their topics exist), before the demo (it lands the demo data)
        analytics = start_analytics(env) if services else None
        urls = {s.service.name: s.service.url for s in services}
        extras = start_replicas(env, services, replicas)
        gateway = (
            _front_door_over_replicas(gateway_kind, services, extras, env["DATABASE_URL"])
            if services
            else None
        )
        # the xAPI feed reads the services' topics (they exist now) while the demo is seeded
        feed = start_xapi(env) if services else None
        ids: dict[str, str] = {}
        # the demo goes in as a client's writes would: through the gateway (when there is one)
        front = {n: gateway.service.url for n in urls} if gateway else urls
        if "groups" in front:
            ids = seed_groups(front["groups"], DEV_JWT_SECRET)
            if "enquiry" in front:
                ids |= seed_enquiry(front["enquiry"], DEV_JWT_SECRET)
            if "knowledge" in front:
                ids |= seed_knowledge(front["knowledge"], DEV_JWT_SECRET)
                ids |= seed_starter_toolkit_and_audits(front["knowledge"], DEV_JWT_SECRET)
            if "enquiry" in front:  # what the analytics report draws (never fails the run)
                seed_learning(front["groups"], front["enquiry"], DEV_JWT_SECRET)
        if services:
            _announce(gateway, [*services, *extras], ids)
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_wait_for_signal())
    finally:
        # Ctrl-C reaches this process twice (from the terminal, and forwarded by `uv run`): the
        # second must not cut the shutdown short and leave Kafka stopping under live services.
        # Each stop is bounded (SIGTERM, then SIGKILL after a timeout).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        progress("stopping the gateway and the services")
        if feed:
            feed.stop()
        if gateway:
            gateway.stop()
        for running in reversed([*services, *extras]):
            running.stop()
        if analytics:
            analytics.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m devstack.run")
    parser.add_argument(
        "--gateway",
        choices=("ours", "hive"),
        default="ours",
        help="the front door on :8000: ours (clc-gateway) or Hive Gateway (gateway/hive)",
    )
    parser.add_argument(
        "--replicas",
        type=int,
        default=1,
        help="api and projector processes per service, plus a standby relay (devstack.replicas)",
    )
    parser.add_argument(
        "--kafka-brokers",
        type=int,
        choices=(1, 3),
        default=1,
        help="1: one broker; 3: a three-broker KRaft cluster, topics with three replicas "
        "(devstack.kafka_cluster)",
    )
    args = parser.parse_args(argv)
    try:
        with Infrastructure.start("dev", kafka_brokers=args.kafka_brokers) as infra:
            env = infra.env()
            for key, value in env.items():
                progress(f"{key}={value}")
            # every service process inherits it: the replicas of the topics it creates
            os.environ["KAFKA_REPLICATION_FACTOR"] = env["KAFKA_REPLICATION_FACTOR"]
            with contextlib.suppress(KeyboardInterrupt):
                serve(env, args.gateway, args.replicas)
            progress("stopping infrastructure")
    except DevstackError as exc:
        print(f"devstack: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``make bench``: start (or reuse) PostgreSQL and Kafka, run every benchmark, print figures.

``python -m bench store relay projector http`` runs only the named ones (default: all).
"""

from __future__ import annotations

import asyncio
import os
import platform
import sys
from datetime import UTC, datetime

from devstack.databases import create_database
from devstack.runtime import resolve_kafka, resolve_postgres
from eventkit.migrations import migrate
from eventkit.pg import connect
from eventkit.store import EVENT_STORE_MIGRATIONS, PLUMBING_MIGRATIONS
from servicekit.roles import ensure_app_role
from servicekit.settings import with_credentials

from bench import (
    gateway_bench,
    http_bench,
    library_bench,
    pipeline_bench,
    store_bench,
    webhooks_bench,
)
from bench.report import Figure, progress

BENCH_APP_ROLE, BENCH_APP_PASSWORD = "bench_app", "bench-app-password"


async def fresh_database(admin_dsn: str, name: str) -> str:
    dsn = await create_database(admin_dsn, name)
    conn = await connect(dsn)
    try:
        await migrate(conn, [*EVENT_STORE_MIGRATIONS, *PLUMBING_MIGRATIONS])
    finally:
        await conn.close()
    return dsn


BENCHES = (
    "store",
    "relay",
    "projector",
    "replicas",
    "durable",
    "http",
    "gateway",
    "library",
    "webhooks",
)


async def app_role_on(dsn: str) -> str:
    """The DSN of a service-like app role on ``dsn``'s database (grants as a service's)."""
    conn = await connect(dsn)
    try:
        await ensure_app_role(conn, BENCH_APP_ROLE, BENCH_APP_PASSWORD, [])
    finally:
        await conn.close()
    return with_credentials(dsn, BENCH_APP_ROLE, BENCH_APP_PASSWORD)


async def main(admin_dsn: str, bootstrap: str, chosen: set[str]) -> list[Figure | str]:
    results: list[Figure | str] = []
    if "store" in chosen:
        store_dsn = await fresh_database(admin_dsn, "bench_store")
        results += await store_bench.run(store_dsn, await app_role_on(store_dsn))
    if "relay" in chosen:
        results += await pipeline_bench.relay_throughput(
            await fresh_database(admin_dsn, "bench_relay"), bootstrap
        )
    if "projector" in chosen:
        results += await pipeline_bench.projector_throughput(
            await fresh_database(admin_dsn, "bench_proj"), bootstrap
        )
    if "replicas" in chosen:
        results.append("\nprojector replicas sharing one consumer group")
        results += await pipeline_bench.projector_replicas(
            await fresh_database(admin_dsn, "bench_replicas"), bootstrap
        )
    if "durable" in chosen:
        results += await durable(bootstrap)
    if "http" in chosen:
        results.append("\ngroups subgraph over HTTP (hey, 50 connections)")
        results += await http_bench.run(admin_dsn, bootstrap)
    if "gateway" in chosen:
        results.append("\ngateway: ours vs Hive Gateway vs the subgraph (hey, 1/10/50 clients)")
        results += await gateway_bench.run(admin_dsn, bootstrap)
    if "library" in chosen:
        results.append("\nknowledge library: search p50/p99 over 100,000 artefacts (SQL, app role)")
        results += await library_bench.run(admin_dsn)
    if "webhooks" in chosen:
        results += await webhooks_bench.run(admin_dsn, bootstrap)
    return results


#: what production keeps on (README "Scaling"); the dev/test server runs with them off
DURABLE_SETTINGS = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}


async def durable(bootstrap: str) -> list[Figure | str]:
    """The store and relay figures again on a second embedded server with ``fsync``,
    ``synchronous_commit`` and ``full_page_writes`` on: every commit waits for its WAL flush."""
    from devstack.postgres import EmbeddedPostgres

    header = "\nwith fsync, synchronous_commit and full_page_writes on (production's settings)"
    progress("starting a second PostgreSQL with fsync and synchronous_commit on")
    server = await asyncio.to_thread(
        lambda: EmbeddedPostgres(
            "bench-durable", allow_suffix=True, settings=DURABLE_SETTINGS
        ).start()
    )
    try:
        admin_dsn = server.dsn()
        store_dsn = await fresh_database(admin_dsn, "bench_store_durable")
        results: list[Figure | str] = [header]
        results += await store_bench.run(store_dsn, await app_role_on(store_dsn))
        results += await pipeline_bench.relay_throughput(
            await fresh_database(admin_dsn, "bench_relay_durable"), bootstrap
        )
        return results
    finally:
        await asyncio.to_thread(server.stop)


if __name__ == "__main__":
    chosen = set(sys.argv[1:]) or set(BENCHES)
    if unknown := chosen - set(BENCHES):
        raise SystemExit(f"unknown benchmark(s) {sorted(unknown)}; choose from {BENCHES}")
    progress("starting PostgreSQL and Kafka")
    postgres = resolve_postgres("bench", throwaway=True)
    try:
        kafka = resolve_kafka()
        try:
            figures = asyncio.run(main(postgres.admin_dsn, kafka.bootstrap_servers, chosen))
        finally:
            kafka.stop()
    finally:
        postgres.stop()
    print(
        f"\neventkit benchmarks, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
        f"{platform.machine()} {os.cpu_count()} cores, Python {sys.version.split()[0]}, "
        f"PostgreSQL {postgres.kind}, Kafka {kafka.kind}; load average now "
        + " ".join(f"{v:.1f}" for v in os.getloadavg())
        + " (1/5/15 min; 2 cores shared: compare ratios, and CPU per 1k where shown)"
    )
    for f in figures:
        print(f.line() if isinstance(f, Figure) else f)

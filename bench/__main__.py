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

from bench import http_bench, pipeline_bench, store_bench
from bench.report import Figure, progress


async def fresh_database(admin_dsn: str, name: str) -> str:
    dsn = await create_database(admin_dsn, name)
    conn = await connect(dsn)
    try:
        await migrate(conn, [*EVENT_STORE_MIGRATIONS, *PLUMBING_MIGRATIONS])
    finally:
        await conn.close()
    return dsn


BENCHES = ("store", "relay", "projector", "http")


async def main(admin_dsn: str, bootstrap: str, chosen: set[str]) -> list[Figure | str]:
    results: list[Figure | str] = []
    if "store" in chosen:
        results += await store_bench.run(await fresh_database(admin_dsn, "bench_store"))
    if "relay" in chosen:
        results += await pipeline_bench.relay_throughput(
            await fresh_database(admin_dsn, "bench_relay"), bootstrap
        )
    if "projector" in chosen:
        results += await pipeline_bench.projector_throughput(
            await fresh_database(admin_dsn, "bench_proj"), bootstrap
        )
    if "http" in chosen:
        results.append("\ngroups subgraph over HTTP (hey, 50 connections)")
        results += await http_bench.run(admin_dsn, bootstrap)
    return results


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
        f"PostgreSQL {postgres.kind}, Kafka {kafka.kind}"
    )
    for f in figures:
        print(f.line() if isinstance(f, Figure) else f)

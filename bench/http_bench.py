"""The groups subgraph over real HTTP: throughput before and after, and the attacks' refusal times.

One database with 300 schools; three servers in turn on the same data, each loaded for
``SECONDS`` by ``hey`` (a compiled load generator, installed into ``.cache/bin`` if missing) at
``CONCURRENCY`` connections with the issue's query
``schools(first: …) { edges { node { id name } } }``:

- **before**: the code path before the hardening (``bench.legacy_groups``: strawberry's router,
  one process that also runs the relay and the projector);
- **after, 1 process**: ``clc-groups serve`` as shipped;
- **after, N workers**: ``clc-groups serve`` with ``GROUPS_HTTP_WORKERS`` = cores, API-only
  workers and one relay-and-projector process.

``hey`` cannot vary a body, so ``VARIANTS`` hey processes run side by side, each with its own
``first`` and ``after`` cursor; non-200 answers are counted from hey's per-request CSV, and while
the load runs the bench posts random variants itself and checks every body has data and no errors.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import os
import random
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import orjson
from clc_groups.service import GROUPS
from clc_groups.settings import GroupsSettings
from devstack.databases import create_database
from eventkit.principal import Principal, issue_dev_token
from servicekit.pagination import encode_cursor
from servicekit.runtime import running

from bench.report import Figure, latency_line, percentile, progress

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".cache" / "bin"
LOGS = ROOT / ".cache" / "bench"
HEY = "github.com/rakyll/hey@v0.1.5"
SECRET = "bench-http-secret-of-at-least-32-bytes!!"
SCHOOLS = 300
SECONDS = int(os.environ.get("BENCH_HTTP_SECONDS", "10"))
CONCURRENCY = 50
VARIANTS = 5
QUERY = (
    "query Schools($first: Int, $after: String) {"
    " schools(first: $first, after: $after) { edges { node { id name } } } }"
)
ADMIN = Principal(tenant_id="bench", person_id="admin", roles=frozenset({"tenant_admin"}))


def ensure_hey() -> Path:
    found = shutil.which("hey") or (BIN / "hey" if (BIN / "hey").exists() else None)
    if found:
        return Path(found)
    progress(f"installing hey ({HEY}) into {BIN}")
    BIN.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "GOBIN": str(BIN)}
    subprocess.run(["go", "install", HEY], check=True, env=env)
    return BIN / "hey"


def bodies(count: int) -> list[dict[str, Any]]:
    """Different pages: ``first`` 3…7 after cursors spread over the schools."""
    result = []
    for i in range(count):
        after = None if i == 0 else encode_cursor(school_id(i * SCHOOLS // (count + 1)))
        result.append({"query": QUERY, "variables": {"first": 3 + i % 5, "after": after}})
    return result


def school_id(i: int) -> str:
    return f"school-{i:04d}"


async def seed(settings: GroupsSettings) -> None:
    async with running(settings, GROUPS) as runtime:
        last = 0
        for i in range(SCHOOLS):
            result = await runtime.services.commands.schools.register(
                ADMIN, school_id=school_id(i), name=f"School {i}"
            )
            last = result.position
        await runtime.runner.wait_for(last, 60)


def environment(settings: GroupsSettings, port: int, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "GROUPS_DATABASE_URL": settings.database_url,
        "GROUPS_KAFKA_BOOTSTRAP_SERVERS": settings.kafka_bootstrap_servers,
        "GROUPS_TOPIC": settings.topic,
        "GROUPS_DEAD_LETTER_TOPIC": settings.dead_letter_topic,
        "GROUPS_PROJECTOR_NAME": settings.projector_name,
        "GROUPS_JWT_HS256_SECRET": SECRET,
        "GROUPS_HOST": "127.0.0.1",
        "GROUPS_PORT": str(port),
        "GROUPS_LOG_LEVEL": "WARNING",
        **extra,
    }


@contextlib.asynccontextmanager
async def server(name: str, command: Sequence[str], env: dict[str, str]) -> AsyncIterator[str]:
    LOGS.mkdir(parents=True, exist_ok=True)
    log = (LOGS / f"{name}.log").open("w")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: ASYNC220
    url = f"http://127.0.0.1:{env['GROUPS_PORT']}"
    try:
        async with httpx.AsyncClient() as http:
            deadline = time.monotonic() + 90
            while True:
                with contextlib.suppress(httpx.HTTPError):
                    if (await http.get(f"{url}/readyz")).status_code == 200:
                        break
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not start; see {log.name}")
                await asyncio.sleep(0.3)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


async def hey(binary: Path, url: str, token: str, body: dict[str, Any], connections: int) -> str:
    process = await asyncio.create_subprocess_exec(
        str(binary),
        *("-z", f"{SECONDS}s", "-c", str(connections), "-m", "POST", "-T", "application/json"),
        *("-H", f"Authorization: Bearer {token}", "-d", orjson.dumps(body).decode(), "-o", "csv"),
        f"{url}/graphql",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        # Five generators share two cores with the server and PostgreSQL: one thread each.
        env={**os.environ, "GOMAXPROCS": "1"},
    )
    out, _ = await process.communicate()
    return out.decode()


async def check_samples(
    url: str, token: str, variants: list[dict[str, Any]], stop: asyncio.Event
) -> int:
    """Post random variants until ``stop``; every body must have data and no errors."""
    checked = 0
    async with httpx.AsyncClient(headers={"authorization": f"Bearer {token}"}, timeout=30) as http:
        while not stop.is_set():
            response = await http.post(f"{url}/graphql", json=random.choice(variants))
            body = response.json()
            assert response.status_code == 200, response.text
            assert "errors" not in body, body
            assert body["data"]["schools"]["edges"], body
            checked += 1
            await asyncio.sleep(0.05)
    return checked


async def load(
    name: str, url: str, token: str, binary: Path
) -> tuple[float, list[float], int, int]:
    """``(requests/s, latencies, non-200 count, bodies checked)`` over ``SECONDS``."""
    variants = bodies(VARIANTS)
    async with httpx.AsyncClient(headers={"authorization": f"Bearer {token}"}) as http:
        for body in variants * 20:  # warm-up: connections, caches, JIT-free Python's first calls
            await http.post(f"{url}/graphql", json=body)
    progress(f"{name}: {CONCURRENCY} connections for {SECONDS} s")
    stop = asyncio.Event()
    checker = asyncio.create_task(check_samples(url, token, variants, stop))
    outputs = await asyncio.gather(
        *(hey(binary, url, token, body, CONCURRENCY // VARIANTS) for body in variants)
    )
    stop.set()
    checked = await checker
    latencies: list[float] = []
    failed = 0
    for output in outputs:
        for row in csv.DictReader(io.StringIO(output)):
            latencies.append(float(row["response-time"]))
            failed += row["status-code"] != "200"
    return len(latencies) / SECONDS, latencies, failed, checked


async def raw_post(url: str, headers: dict[str, str], body: bytes) -> tuple[int, float]:
    """POST over a bare socket: the seconds from sending to the first line of the answer.

    An HTTP client would first upload the whole body, which the server may never read (a
    refusal on ``Content-Length`` or on the token comes before it): that upload time is the
    client's, not the refusal's.
    """
    host, port = url.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    request = (
        f"POST /graphql HTTP/1.1\r\nhost: {host}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n{head}\r\n"
    ).encode()
    try:
        started = time.perf_counter()
        writer.write(request)
        writer.write(body)
        status = await reader.readline()
        seconds = time.perf_counter() - started
        return int(status.split()[1]), seconds
    finally:
        writer.transport.abort()


async def attacks(url: str, token: str) -> list[str]:
    """Each attack five times (each time a new query text, so the document cache cannot help),
    the time to the refusal, and /healthz probed meanwhile."""
    from tests.unit.servicekit.harness import aliased_query, cyclic_query

    auth = {"authorization": f"Bearer {token}"}
    aliases = aliased_query(10_000)

    def query(text: str) -> bytes:
        return orjson.dumps({"query": f"{text} # {uuid.uuid4().hex}"})

    cases: list[tuple[str, Any, dict[str, str], int]] = [
        ("15-level cyclic query", lambda: query(cyclic_query(15)), auth, 200),
        ("490 kB of aliases, no token", lambda: query(aliases), {}, 200),
        ("490 kB of aliases, token", lambda: query(aliases), auth, 200),
        ("10 MB body", lambda: b"{" + b" " * 10_000_000 + b"}", auth, 413),
    ]
    lines = []
    async with httpx.AsyncClient(base_url=url, timeout=30) as http:
        health: list[float] = []

        async def probe(stop: asyncio.Event) -> None:
            while not stop.is_set():
                started = time.perf_counter()
                await http.get("/healthz")
                health.append(time.perf_counter() - started)
                await asyncio.sleep(0.01)

        stop = asyncio.Event()
        prober = asyncio.create_task(probe(stop))
        for name, body, headers, expected in cases:
            seconds = []
            for _ in range(5):
                status, took = await raw_post(url, headers, body())
                assert status == expected, (name, status)
                seconds.append(took)
            lines.append(latency_line(f"refused: {name}", seconds) + "   (aim < 50 ms)")
        stop.set()
        await prober
    lines.append(latency_line("/healthz during the attacks", health))
    return lines


async def run(admin_dsn: str, bootstrap: str) -> list[Figure | str]:
    try:
        binary = ensure_hey()
    except (OSError, subprocess.CalledProcessError) as exc:
        return [f"subgraph HTTP benchmark skipped: no hey and `go install {HEY}` failed ({exc})"]
    suffix = uuid.uuid4().hex[:6]
    settings = GroupsSettings(
        database_url=await create_database(admin_dsn, "bench_http"),
        kafka_bootstrap_servers=bootstrap,
        topic=f"bench.groups.{suffix}",
        dead_letter_topic=f"bench.groups.{suffix}.dlq",
        projector_name=f"bench-groups-{suffix}",
        jwt_hs256_secret=SECRET,
    )
    progress(f"seeding {SCHOOLS} schools")
    await seed(settings)
    token = issue_dev_token(SECRET, tenant_id="bench", person_id="reader")
    workers = os.cpu_count() or 1
    runs = [
        ("before", [sys.executable, "-m", "bench.legacy_groups"], {}),
        ("after, 1 process", [sys.executable, "-m", "clc_groups.cli", "serve"], {}),
        (
            f"after, {workers} API workers + 1 relay/projector",
            [sys.executable, "-m", "clc_groups.cli", "serve"],
            {"GROUPS_HTTP_WORKERS": str(workers)},
        ),
    ]
    results: list[Figure | str] = []
    baseline: float | None = None
    attack_lines: list[str] = []
    for index, (name, command, extra) in enumerate(runs):
        env = environment(settings, 18500 + index, **extra)
        async with server(f"http-{index}", command, env) as url:
            rps, latencies, failed, checked = await load(name, url, token, binary)
            if index == 1:
                attack_lines = await attacks(url, token)
        results.append(
            Figure(
                f"schools query, {name}",
                rps,
                "req/s",
                baseline,
                "before",
                "3x before" if baseline else "",
            )
        )
        p99 = percentile([s * 1000 for s in latencies], 0.99)
        results.append(
            latency_line(f"  latency, {name}", latencies)
            + f"   non-200: {failed}   bodies checked: {checked}"
            + ("" if index == 0 else f"   (aim p99 < 100 ms: {'met' if p99 < 100 else 'not met'})")
        )
        baseline = baseline or rps
    return results + attack_lines


if __name__ == "__main__":
    from devstack.runtime import resolve_kafka, resolve_postgres

    postgres = resolve_postgres("bench", throwaway=True)
    try:
        kafka = resolve_kafka()
        try:
            figures = asyncio.run(run(postgres.admin_dsn, kafka.bootstrap_servers))
        finally:
            kafka.stop()
    finally:
        postgres.stop()
    for figure in figures:
        print(figure.line() if isinstance(figure, Figure) else figure)

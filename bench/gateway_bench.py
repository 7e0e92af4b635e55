"""The gateway under load (``python -m bench gateway``): ours against Hive Gateway on the same
subgraphs, and straight to the subgraph.

Both real services (``devstack.services``, on the bench's PostgreSQL and Kafka) with a world seeded
through the gateway (``tests.e2e.gateway_world``: two networks, four groups with two members each,
five enquiries); both gateways as real processes over the same supergraph (``tests.differential.
lab``; ours one uvicorn process, Hive Gateway one worker). Each is loaded by ``hey`` for
``SECONDS`` at 1, 10 and 50 clients with:

- **(a) small**: ``learningGroup(id) { id name kind status }`` — one subgraph (groups); also sent
  straight to the groups subgraph;
- **(b) deep**: network → groups → members → practitioners + enquiries + learning matrix —
  groups, then enquiry, across two levels.

each both **identical** (every client the same body: in-flight deduplication may help) and
**varied** (one ``hey`` process per client, each with its own variables, so no two requests in
flight are the same and deduplication cannot help; at one client there is nothing in flight to
share, so the varied run is the identical one). Non-200
answers are counted from hey's CSV, and while the load runs the bench posts random variants itself
and checks each answer has data and no errors. Subgraph requests per client request: ours from its
``/metrics`` during the run; Hive Gateway's through a counting proxy in a separate short pass.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import os
import random
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import orjson
from devstack.services import DEV_JWT_SECRET, start_services

from bench.http_bench import ensure_hey
from bench.report import percentile, progress
from tests.differential.lab import GatewayProcess, start_hive_gateway, start_our_gateway
from tests.e2e.gateway_world import World, seed, start_gateway, supergraph_sdl

ROOT = Path(__file__).resolve().parents[1]
LOGS = ROOT / ".cache" / "bench"
SECONDS = int(os.environ.get("BENCH_GATEWAY_SECONDS", "8"))
CLIENTS = (1, 10, 50)

SMALL = (
    "query Group($id: ID!, $first: Int) { learningGroup(id: $id) { id name kind status"
    " members(first: $first) { edges { node { role } } } } }"
)
DEEP = (
    "query Network($id: ID!, $first: Int) { network(id: $id) { name"
    " learningGroups(first: $first) { edges { node { name"
    " members { edges { node { role practitioner { displayName role } } } }"
    " enquiries { edges { node { title status } } }"
    " learningMatrix { level depth count } } } } } }"
)


def small_bodies(world: World, count: int) -> list[dict[str, Any]]:
    """``count`` different bodies (the first is the "identical" one): group and page size vary."""
    groups = world.groups
    return [
        {
            "query": SMALL,
            "variables": {"id": groups[i % len(groups)], "first": 2 + i // len(groups)},
        }
        for i in range(count)
    ]


def deep_bodies(world: World, count: int) -> list[dict[str, Any]]:
    nets = world.networks
    return [
        {"query": DEEP, "variables": {"id": nets[i % len(nets)], "first": 3 + i // len(nets)}}
        for i in range(count)
    ]


def answered(body: dict[str, Any]) -> bool:
    data = body.get("data") or {}
    return "errors" not in body and any(v is not None for v in data.values())


@dataclass
class Run:
    rps: float
    p50: float
    p99: float
    failed: int
    checked: int
    fetches_per_request: float | None = None


def _split(clients: int, parts: int) -> list[int]:
    parts = min(parts, clients)
    return [clients // parts + (1 if i < clients % parts else 0) for i in range(parts)]


async def _hey(binary: Path, url: str, token: str, body: dict[str, Any], clients: int) -> str:
    process = await asyncio.create_subprocess_exec(
        str(binary),
        *("-z", f"{SECONDS}s", "-c", str(clients), "-m", "POST", "-T", "application/json"),
        *("-H", f"Authorization: Bearer {token}", "-d", orjson.dumps(body).decode(), "-o", "csv"),
        url,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
        env={**os.environ, "GOMAXPROCS": "1"},
    )
    out, _ = await process.communicate()
    return out.decode()


async def _check(url: str, token: str, bodies: list[dict[str, Any]], stop: asyncio.Event) -> int:
    checked = 0
    async with httpx.AsyncClient(headers={"authorization": f"Bearer {token}"}, timeout=30) as http:
        while not stop.is_set():
            response = await http.post(url, json=random.choice(bodies))
            assert response.status_code == 200, response.text
            assert answered(response.json()), response.text
            checked += 1
            await asyncio.sleep(0.1)
    return checked


def _metric(text: str, name: str) -> float:
    return sum(
        float(line.rpartition(" ")[2])
        for line in text.splitlines()
        if line.startswith(name + "{") or line.startswith(name + " ")
    )


async def _counters(gateway_url: str | None) -> tuple[float, float] | None:
    if gateway_url is None:
        return None
    async with httpx.AsyncClient() as http:
        text = (await http.get(gateway_url.replace("/graphql", "/metrics"))).text
    return (
        _metric(text, "gateway_request_duration_seconds_count"),
        _metric(text, "gateway_subgraph_fetch_duration_seconds_count"),
    )


async def load(
    binary: Path,
    url: str,
    token: str,
    bodies: list[dict[str, Any]],
    clients: int,
    *,
    ours: bool = False,
) -> Run:
    async with httpx.AsyncClient(headers={"authorization": f"Bearer {token}"}, timeout=30) as http:
        for body in (bodies * 10)[:60]:  # warm-up: connections, plan caches
            assert answered((await http.post(url, json=body)).json())
    before = await _counters(url if ours else None)
    stop = asyncio.Event()
    checker = asyncio.create_task(_check(url, token, bodies, stop))
    shares = _split(clients, len(bodies))
    outputs = await asyncio.gather(
        *(_hey(binary, url, token, body, n) for body, n in zip(bodies, shares, strict=False))
    )
    stop.set()
    checked = await checker
    after = await _counters(url if ours else None)
    latencies: list[float] = []
    failed = 0
    for output in outputs:
        for row in csv.DictReader(io.StringIO(output)):
            latencies.append(float(row["response-time"]) * 1000)
            failed += row["status-code"] != "200"
    per_request = None
    if before and after and after[0] > before[0]:
        per_request = (after[1] - before[1]) / (after[0] - before[0])
    return Run(
        len(latencies) / SECONDS,
        percentile(latencies, 0.5),
        percentile(latencies, 0.99),
        failed,
        checked,
        per_request,
    )


class CountingProxy:
    """Loopback HTTP proxy in front of one subgraph, counting the requests it forwards."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.count = 0
        self._http = httpx.AsyncClient(timeout=30, limits=httpx.Limits(max_connections=200))

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode().split("\r\n")
                headers = dict(
                    (k.strip().lower(), v.strip())
                    for k, _, v in (h.partition(":") for h in lines[1:] if h)
                )
                body = await reader.readexactly(int(headers.get("content-length", "0")))
                self.count += 1
                forward = {
                    k: v for k, v in headers.items() if k in ("authorization", "content-type")
                }
                resp = await self._http.post(self.target, content=body, headers=forward)
                reply = (
                    f"HTTP/1.1 {resp.status_code} OK\r\ncontent-type: application/json\r\n"
                    f"content-length: {len(resp.content)}\r\n\r\n"
                )
                writer.write(reply.encode() + resp.content)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    async def close(self) -> None:
        await self._http.aclose()


@contextlib.asynccontextmanager
async def counting_proxies(
    urls: dict[str, str],
) -> AsyncIterator[dict[str, tuple[str, CountingProxy]]]:
    """Subgraph name -> (proxy base URL, proxy)."""
    out: dict[str, tuple[str, CountingProxy]] = {}
    servers = []
    for name, url in urls.items():
        proxy = CountingProxy(f"{url}/graphql")
        server = await asyncio.start_server(proxy.handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        servers.append(server)
        out[name] = (f"http://127.0.0.1:{port}", proxy)
    try:
        yield out
    finally:
        for server in servers:
            server.close()
        for _, proxy in out.values():
            await proxy.close()


async def hive_fetch_counts(
    binary: Path, sdl: str, urls: dict[str, str], world: World
) -> dict[str, float]:
    """Subgraph requests per client request for Hive Gateway at 50 clients, through proxies."""
    counts: dict[str, float] = {}
    async with counting_proxies(urls) as proxies:
        proxied = sdl
        for name, (url, _) in proxies.items():
            proxied = re.sub(
                rf'(@join__graph\(name: "{name}", url: ")[^"]*', rf"\g<1>{url}/graphql", proxied
            )
        path = LOGS / "gateway-bench-proxied.graphql"
        path.write_text(proxied)
        hive = await asyncio.to_thread(start_hive_gateway, path, log=LOGS / "gateway-hive.log")
        try:
            for label, make in (("small", small_bodies), ("deep", deep_bodies)):
                bodies = make(world, 50)
                for variety, chosen in (("identical", bodies[:1]), ("varied", bodies)):
                    shares = _split(50, len(chosen))
                    before = sum(p.count for _, p in proxies.values())
                    outputs = await asyncio.gather(
                        *(
                            _hey(binary, hive.url, world.admin, b, n)
                            for b, n in zip(chosen, shares, strict=False)
                        )
                    )
                    sent = sum(len(o.splitlines()) - 1 for o in outputs)
                    fetched = sum(p.count for _, p in proxies.values()) - before
                    counts[f"{label} {variety}"] = fetched / max(sent, 1)
        finally:
            hive.stop()
    return counts


HEADER = (
    "| query | clients | requests | target | req/s | p50 ms | p99 ms | non-200 | checked"
    " | subgraph req/request |"
)


def _row(label: str, clients: int, kind: str, name: str, r: Run) -> str:
    fetches = "" if r.fetches_per_request is None else f"{r.fetches_per_request:.2f}"
    return (
        f"| {label} | {clients} | {kind} | {name} | {r.rps:,.0f} | {r.p50:.1f} | {r.p99:.1f}"
        f" | {r.failed} | {r.checked} | {fetches} |"
    )


async def run(admin_dsn: str, bootstrap: str) -> list[str]:
    binary = ensure_hey()
    LOGS.mkdir(parents=True, exist_ok=True)
    env = {"DATABASE_URL": admin_dsn, "KAFKA_BOOTSTRAP_SERVERS": bootstrap}
    progress("starting the groups and enquiry services")
    running = await asyncio.to_thread(
        start_services, env, free_ports=True, database_suffix=f"_gwbench_{uuid.uuid4().hex[:6]}"
    )
    gateways: list[GatewayProcess] = []
    try:
        urls = {r.service.name: r.service.url for r in running}
        sdl = supergraph_sdl(urls)
        path = LOGS / "gateway-bench-supergraph.graphql"
        path.write_text(sdl)
        progress("seeding a world through the gateway")
        seeding = start_gateway(sdl, urls)
        try:
            world = await seed(seeding)
            for _ in range(120):  # the read models catch up asynchronously
                body = (await seeding.post(DEEP, world.admin, id=world.networks[0], first=3)).json()
                groups = (body.get("data") or {}).get("network") or {}
                edges = (groups.get("learningGroups") or {}).get("edges") or []
                if sum(len(e["node"]["enquiries"]["edges"]) for e in edges) == 4:
                    break
                await asyncio.sleep(0.25)
        finally:
            await seeding.close()
        ours = await asyncio.to_thread(
            start_our_gateway, path, DEV_JWT_SECRET, log=LOGS / "gateway-ours.log"
        )
        gateways.append(ours)
        hive = await asyncio.to_thread(start_hive_gateway, path, log=LOGS / "gateway-hive.log")
        gateways.append(hive)
        targets = {
            "small": [
                ("ours", ours.url),
                ("Hive Gateway", hive.url),
                ("groups subgraph", f"{urls['groups']}/graphql"),
            ],
            "deep": [("ours", ours.url), ("Hive Gateway", hive.url)],
        }
        lines = [HEADER, "|---|---:|---|---|---:|---:|---:|---:|---:|---:|"]
        for label, make in (("small", small_bodies), ("deep", deep_bodies)):
            for clients in CLIENTS:
                for variety in ("identical", "varied"):
                    if clients == 1 and variety == "varied":
                        continue
                    bodies = make(world, clients)
                    chosen = bodies[:1] if variety == "identical" else bodies
                    for name, url in targets[label]:
                        progress(f"{label}, {clients} clients, {variety}: {name}")
                        result = await load(
                            binary, url, world.admin, chosen, clients, ours=name == "ours"
                        )
                        kind = variety if clients > 1 else "one client"
                        lines.append(_row(label, clients, kind, name, result))
        for g in gateways:
            g.stop()
        gateways.clear()
        progress("counting Hive Gateway's subgraph requests through proxies")
        counts = await hive_fetch_counts(binary, sdl, urls, world)
        lines.append("")
        lines.append(
            "Hive Gateway, subgraph requests per client request at 50 clients (counting proxy): "
            + ", ".join(f"{k} {v:.2f}" for k, v in counts.items())
        )
        (LOGS / "gateway-bench.md").write_text("\n".join(lines) + "\n")
        return lines
    finally:
        for g in gateways:
            g.stop()
        for r in reversed(running):
            r.stop()

"""The gateway in front of the real services: supergraph, an in-process gateway whose subgraph
traffic is counted (and, for the corner cases, rewritten on its way back), and a small world of
two networks seeded through the gateway itself.

The gateway runs in this process (its ASGI app over httpx), the services as real processes on the
session's PostgreSQL and Kafka. Subgraph requests go over real loopback HTTP through
``Recording``, which counts them per subgraph and may rewrite an answer to inject a fault a real
service will not produce on demand (an error for one entity of a batch, a null in a non-null
field).
"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import orjson
from clc_gateway.execution.client import SubgraphClient
from clc_gateway.execution.engine import Engine
from clc_gateway.http.app import create_http_app
from clc_gateway.supergraph.load import load_supergraph
from devstack.services import DEV_JWT_SECRET
from eventkit.principal import JwtVerifier, issue_dev_token

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "gateway" / "supergraph.graphql"
NODE_TOOLS = ROOT / "tests" / "differential"
CACHE = ROOT / ".cache" / "gateway-e2e"

Rewrite = Callable[[str, dict[str, Any], dict[str, Any]], dict[str, Any]]


def ensure_node_tools() -> Path:
    """``tests/differential/node_modules`` (Hive Gateway, the composer), installed by ``npm ci``."""
    if not (NODE_TOOLS / "node_modules" / ".bin" / "hive-gateway").exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=NODE_TOOLS, check=True
        )
    return NODE_TOOLS / "node_modules"


def supergraph_sdl(urls: dict[str, str]) -> str:
    """The supergraph with each subgraph at ``urls[name]`` (base URLs of the running services).

    The committed ``gateway/supergraph.graphql`` when there is one (URLs rewritten), otherwise
    composed here from the services' SDL by the reference composer.
    """
    if COMMITTED.exists():
        text = COMMITTED.read_text()
        for name, url in urls.items():
            text = re.sub(
                rf'(@join__graph\(name: "{name}", url: ")[^"]*(")',
                rf"\g<1>{url}/graphql\g<2>",
                text,
            )
        return text
    ensure_node_tools()
    CACHE.mkdir(parents=True, exist_ok=True)
    specs = []
    for name, url in sorted(urls.items()):
        sdl = subprocess.run(
            ["uv", "run", f"clc-{name}", "sdl"], cwd=ROOT, check=True, capture_output=True
        ).stdout
        path = CACHE / f"{name}.graphql"
        path.write_bytes(sdl)
        specs.append(f"{name}={url}/graphql={path}")
    out = CACHE / f"supergraph-{os.getpid()}.graphql"
    subprocess.run(["node", "compose.mjs", str(out), *specs], cwd=NODE_TOOLS, check=True)
    return out.read_text()


class Recording(httpx.AsyncBaseTransport):
    """Real HTTP to the subgraphs; counts requests per subgraph and can rewrite answers."""

    def __init__(self, names: dict[str, str]) -> None:
        self._inner = httpx.AsyncHTTPTransport()
        self._names = names  # "host:port" -> subgraph name
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self.headers: list[tuple[str, dict[str, str]]] = []
        """Per request sent: the subgraph's name and the request's headers."""
        self.rewrite: Rewrite | None = None

    def calls(self, subgraph: str, *, entities: bool | None = None) -> list[dict[str, Any]]:
        return [
            body
            for name, body in self.sent
            if name == subgraph and (entities is None or ("_entities" in body["query"]) == entities)
        ]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        name = self._names.get(f"{request.url.host}:{request.url.port}", "?")
        body = orjson.loads(request.content)
        self.sent.append((name, body))
        self.headers.append((name, dict(request.headers)))
        response = await self._inner.handle_async_request(request)
        if self.rewrite is None or response.status_code != 200:
            return response
        answer = orjson.loads(await response.aread())
        answer = self.rewrite(name, body, answer)
        return httpx.Response(
            200, content=orjson.dumps(answer), headers={"content-type": "application/json"}
        )

    async def aclose(self) -> None:
        await self._inner.aclose()


@dataclass
class Gateway:
    engine: Engine
    http: httpx.AsyncClient
    recording: Recording

    async def post(self, query: str, bearer: str | None, **variables: Any) -> httpx.Response:
        headers = {"authorization": f"Bearer {bearer}"} if bearer else {}
        return await self.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers, timeout=30
        )

    async def data(self, query: str, bearer: str, **variables: Any) -> dict[str, Any]:
        body: dict[str, Any] = (await self.post(query, bearer, **variables)).json()
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    async def close(self) -> None:
        await self.http.aclose()
        await self.engine.client.close()


def start_gateway(
    sdl: str, services: dict[str, str], replicas: dict[str, list[str]] | None = None
) -> Gateway:
    names = {f"{httpx.URL(u).host}:{httpx.URL(u).port}": n for n, u in services.items()}
    recording = Recording(names)
    engine = Engine(
        load_supergraph(sdl),
        SubgraphClient(transport=recording),
        replicas=replicas,
        max_depth=15,
        max_aliases=30,
    )
    app = create_http_app(engine, JwtVerifier(hs256_secret=DEV_JWT_SECRET))
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gateway")
    return Gateway(engine, http, recording)


def new_id() -> str:
    return str(uuid.uuid4())


def token(tenant: str, person: str, *roles: str) -> str:
    return issue_dev_token(DEV_JWT_SECRET, tenant_id=tenant, person_id=person, roles=roles)


@dataclass
class World:
    """Two networks: A with three groups (one enquiry each, two in the first), B with one."""

    tenant: str
    admin: str
    networks: list[str]
    groups: list[str]
    """Groups of network A, then the group of network B."""
    leaders: list[str]
    enquiries: dict[str, list[str]] = field(default_factory=dict)
    """Group id -> its enquiries' ids."""
    consistency: str | None = None


async def mutate(
    gw: Gateway, bearer: str, name: str, input_type: str, /, **values: Any
) -> dict[str, Any]:
    query = (
        f"mutation($input: {input_type}!) {{ {name}(input: $input)"
        " { userErrors { code message } consistencyToken } }"
    )
    result: dict[str, Any] = (await gw.data(query, bearer, input=values))[name]
    return result


async def must(
    gw: Gateway, bearer: str, name: str, input_type: str, /, **values: Any
) -> str | None:
    result = await mutate(gw, bearer, name, input_type, **values)
    assert not result["userErrors"], (name, result["userErrors"])
    token_: str | None = result["consistencyToken"]
    return token_


async def seed(gw: Gateway) -> World:
    tenant = f"gw-{uuid.uuid4().hex[:6]}"
    admin = token(tenant, "admin", "tenant_admin")
    schools = [new_id(), new_id()]
    networks = [new_id(), new_id()]
    groups = [new_id() for _ in range(4)]
    people = [new_id() for _ in range(8)]  # two per group: the co-leader first
    for i, school in enumerate(schools):
        await must(
            gw, admin, "registerSchool", "RegisterSchoolInput", schoolId=school, name=f"School {i}"
        )
    for i, person in enumerate(people):
        await must(
            gw, admin, "registerPractitioner", "RegisterPractitionerInput",
            practitionerId=person, schoolId=schools[i % 2], givenName=f"P{i}",
            familyName="Teacher", role="TEACHER",
        )  # fmt: skip
    for n, network in enumerate(networks):
        await must(
            gw,
            admin,
            "establishNetwork",
            "EstablishNetworkInput",
            networkId=network,
            name=f"Network {'AB'[n]}",
        )
        for school in schools:
            await must(
                gw, admin, "joinNetwork", "JoinNetworkInput", networkId=network, schoolId=school
            )
    for g, group in enumerate(groups):
        network = networks[0] if g < 3 else networks[1]
        await must(
            gw, admin, "formLearningGroup", "FormLearningGroupInput",
            groupId=group, name=f"Group {g}", kind="ENQUIRY_GROUP", networkId=network,
        )  # fmt: skip
        for person, role in ((people[2 * g], "CO_LEADER"), (people[2 * g + 1], "MEMBER")):
            await must(
                gw,
                admin,
                "addMember",
                "AddMemberInput",
                groupId=group,
                practitionerId=person,
                role=role,
            )
    world = World(tenant, admin, networks, groups, [people[2 * g] for g in range(4)])
    # the enquiry service hears of the groups through Kafka: propose as soon as it has
    for g, group in enumerate(groups):
        leader = token(tenant, people[2 * g], "teacher")
        for n in range(2 if g == 0 else 1):
            enquiry = new_id()
            deadline = time.monotonic() + 60
            while True:
                result = await mutate(
                    gw, leader, "proposeEnquiry", "ProposeEnquiryInput",
                    enquiryId=enquiry, groupId=group, title=f"Enquiry {g}.{n}",
                    question="Does it help?", approach="COLLABORATIVE_ENQUIRY", levels=["PUPIL"],
                    commandId=f"propose-{enquiry}",
                )  # fmt: skip
                if not result["userErrors"] or time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.25)
            assert not result["userErrors"], result["userErrors"]
            world.enquiries.setdefault(group, []).append(enquiry)
            world.consistency = result["consistencyToken"]
    return world

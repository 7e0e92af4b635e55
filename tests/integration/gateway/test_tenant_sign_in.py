"""Signing in with a tenant's own identity provider, end to end inside the gateway: the operator
registers tenants and their IdPs with ``clc tenant ...`` in a real PostgreSQL database, the gateway
is composed from its settings (registry loaded at start, JWKS fetched over real HTTP on loopback,
both refreshed in the background), and a subgraph stand-in verifies what it is forwarded with
eventkit's verifier, as the real subgraphs do."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import orjson
import pytest
from clc_gateway.execution.client import SubgraphClient
from clc_gateway.execution.engine import Engine
from clc_gateway.http.app import create_http_app
from clc_gateway.http.door import Door
from clc_gateway.settings import GatewaySettings
from clc_gateway.supergraph.load import load_supergraph
from clc_gateway.tenants.cli import app as tenant_cli
from clc_gateway.tenants.model import roster_person_id
from clc_gateway.tenants.wiring import front_door
from eventkit.principal import JwtVerifier, Principal, issue_dev_token
from typer.testing import CliRunner

from tests.unit.gateway.auth_idp import Idp, serving

pytestmark = pytest.mark.integration

DEV = "d" * 32
INTERNAL = "i" * 32
QUERY = orjson.dumps({"query": "{ groups { id } }"})

# one subgraph is enough here: what is under test is who the subgraph is told the caller is
SUPERGRAPH = """
schema @link(url: "https://specs.apollo.dev/link/v1.0")
       @link(url: "https://specs.apollo.dev/join/v0.3", for: EXECUTION) { query: Query }
directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet,
  type: String, external: Boolean, override: String, usedOverridden: Boolean)
  repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION
directive @join__graph(name: String!, url: String!) on ENUM_VALUE
directive @join__type(graph: join__Graph!, key: join__FieldSet, extension: Boolean! = false,
  resolvable: Boolean! = true, isInterfaceObject: Boolean! = false)
  repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR
directive @link(url: String, as: String, for: link__Purpose, import: [link__Import])
  repeatable on SCHEMA
scalar join__FieldSet
scalar link__Import
enum link__Purpose { SECURITY EXECUTION }
enum join__Graph { GROUPS @join__graph(name: "groups", url: "http://groups/graphql") }
type Query @join__type(graph: GROUPS) { groups: [Group!]! }
type Group @join__type(graph: GROUPS, key: "id") { id: ID! }
"""


async def clc_tenant(database_url: str, *args: str) -> str:
    """The operator command, run as from a shell (its own event loop, in a thread)."""
    result = await asyncio.to_thread(
        CliRunner().invoke, tenant_cli, [*args, "--database-url", database_url]
    )
    assert result.exit_code == 0, result.output
    return result.output


async def refused_command(*args: str) -> str:
    result = await asyncio.to_thread(CliRunner().invoke, tenant_cli, list(args))
    assert result.exit_code == 1, result.output
    return result.output


@dataclass
class Seen:
    """The principals the subgraph stand-in verified, in order."""

    principals: list[Principal]


@pytest.fixture
def idps() -> Iterator[tuple[Idp, Idp]]:
    a = Idp("https://login.district-a.example", kid="a1")
    b = Idp("https://login.district-b.example", kid="b1")
    with serving(a), serving(b):
        yield a, b


@pytest.fixture
async def registry_url(new_database: Any, idps: tuple[Idp, Idp]) -> str:
    url: str = await new_database("gateway_tenants")
    a, b = idps
    await clc_tenant(url, "create", "district-a", "--name", "District A")
    await clc_tenant(url, "create", "district-b", "--cors-origin", "https://app.b.example")
    await clc_tenant(
        url, "add-idp", "district-a", "--issuer", a.issuer, "--jwks-url", a.url,
        "--audience", "clc", "--person-claim", "sourcedId", "--match", "sourced-id",
    )  # fmt: skip
    await clc_tenant(
        url, "add-idp", "district-b", "--issuer", b.issuer, "--jwks-url", b.url,
        "--audience", "clc",
    )  # fmt: skip
    return url


@pytest.fixture
async def gateway(registry_url: str) -> AsyncIterator[tuple[httpx.AsyncClient, Seen]]:
    settings = GatewaySettings(
        database_url=registry_url,
        jwt_hs256_secret=DEV,
        internal_jwt_secret=INTERNAL,
        tenants_refresh_s=0.1,
        rate_limit_per_s=1000,
    )
    seen = Seen([])
    subgraph_verifier = JwtVerifier(hs256_secret=INTERNAL, issuer="clc-gateway")
    dev_verifier = JwtVerifier(hs256_secret=DEV)

    async def subgraph(request: httpx.Request) -> httpx.Response:
        auth = request.headers.get("authorization")
        # a subgraph of this deployment accepts the gateway's tokens and, in dev, the dev secret
        try:
            seen.principals.append(subgraph_verifier.verify_header(auth))
        except Exception:
            seen.principals.append(dev_verifier.verify_header(auth))
        return httpx.Response(200, json={"data": {"groups": [{"__typename": "Group", "id": "g0"}]}})

    engine = Engine(
        load_supergraph(SUPERGRAPH), SubgraphClient(transport=httpx.MockTransport(subgraph))
    )
    verifier, guards = front_door(settings, engine)
    app = create_http_app(engine, verifier, None, Door(), guards)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as client:
            yield client, seen


async def ask(client: httpx.AsyncClient, token: str, **headers: str) -> httpx.Response:
    return await client.post(
        "/graphql", content=QUERY, headers={"authorization": f"Bearer {token}", **headers}
    )


async def test_each_school_system_signs_in_with_its_own_idp(
    gateway: tuple[httpx.AsyncClient, Seen], idps: tuple[Idp, Idp]
) -> None:
    client, seen = gateway
    a, b = idps
    as_a = await ask(client, a.token(sourcedId="teacher-17", roles=["facilitator"]))
    as_b = await ask(client, b.token(sub="p-b1"))
    dev = await ask(client, issue_dev_token(DEV, tenant_id="demo", person_id="p-dev"))
    assert [r.status_code for r in (as_a, as_b, dev)] == [200, 200, 200], as_a.text
    assert seen.principals == [
        Principal(
            tenant_id="district-a",
            person_id=roster_person_id("district-a", "teacher-17"),
            roles=frozenset({"facilitator"}),
        ),
        Principal(tenant_id="district-b", person_id="p-b1"),
        Principal(tenant_id="demo", person_id="p-dev"),
    ]


async def test_refusals_are_401_unauthenticated_before_any_subgraph_call(
    gateway: tuple[httpx.AsyncClient, Seen], idps: tuple[Idp, Idp]
) -> None:
    client, seen = gateway
    a, b = idps
    cases = {
        "another tenant's IdP": b.token(tid="district-a"),
        "another IdP's key": b.token(iss=a.issuer, sourcedId="x"),
        "unknown kid": a.token(kid="rotated-away", sourcedId="x"),
        "expired": a.token(ttl_s=-300, sourcedId="x"),
        "wrong audience": a.token(aud="not-us", sourcedId="x"),
        "no person claim": a.token(),
    }
    for case, token in cases.items():
        refused = await ask(client, token)
        assert refused.status_code == 401, case
        assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", case
    assert seen.principals == []


async def test_a_tenant_registered_while_running_is_honoured_and_its_origins_applied(
    gateway: tuple[httpx.AsyncClient, Seen], registry_url: str
) -> None:
    client, seen = gateway
    with serving(Idp("https://login.district-c.example", kid="c1")) as c:
        before = await ask(client, c.token())
        await clc_tenant(
            registry_url, "create", "district-c", "--cors-origin", "https://app.c.example"
        )
        await clc_tenant(
            registry_url, "add-idp", "district-c", "--issuer", c.issuer, "--jwks-url", c.url,
            "--audience", "clc",
        )  # fmt: skip
        for _ in range(100):  # the registry is re-read every 0.1 s, the new JWKS fetched
            after = await ask(client, c.token(), origin="https://app.c.example")
            if after.status_code == 200:
                break
            await asyncio.sleep(0.05)
    assert before.status_code == 401
    assert after.status_code == 200
    assert after.headers["access-control-allow-origin"] == "https://app.c.example"
    assert seen.principals[-1].tenant_id == "district-c"
    listed = [
        json.loads(line) for line in (await clc_tenant(registry_url, "list", "--json")).splitlines()
    ]
    assert [t["id"] for t in listed] == ["district-a", "district-b", "district-c"]
    assert listed[2]["identityProviders"][0]["issuer"] == c.issuer


async def test_operator_commands_refuse_what_the_registry_forbids(
    registry_url: str, idps: tuple[Idp, Idp]
) -> None:
    a, _b = idps
    twice = await refused_command(
        "add-idp", "district-b", "--issuer", a.issuer, "--jwks-url", a.url,
        "--audience", "clc", "--database-url", registry_url,
    )  # fmt: skip
    assert "already registered" in twice
    nobody = await refused_command(
        "add-idp", "nobody", "--issuer", "https://x", "--jwks-url", "http://x",
        "--audience", "clc", "--database-url", registry_url,
    )  # fmt: skip
    assert "no such tenant" in nobody
    await clc_tenant(registry_url, "remove-idp", a.issuer)
    await clc_tenant(registry_url, "remove", "district-b")
    listed = [
        json.loads(line) for line in (await clc_tenant(registry_url, "list", "--json")).splitlines()
    ]
    assert [(t["id"], t["identityProviders"]) for t in listed] == [("district-a", [])]

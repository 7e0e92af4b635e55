"""CORS per tenant: preflights answered for an origin some tenant allows, answers readable only
by the caller's own tenant's origins, unknown origins given no CORS headers at all."""

from __future__ import annotations

import httpx
import orjson
from clc_gateway.execution.client import SubgraphClient
from clc_gateway.execution.engine import Engine
from clc_gateway.http.app import Guards, create_http_app
from clc_gateway.http.cors import Cors
from clc_gateway.supergraph.load import load_supergraph
from clc_gateway.tenants.model import Registry, Tenant
from eventkit.principal import JwtVerifier, issue_dev_token

from .test_router import SUPERGRAPH, Subgraphs

SECRET = "s" * 32
A, B, EVIL = "https://app.a.example", "https://app.b.example", "https://evil.example"
REGISTRY = Registry.of(
    [Tenant("t-a", cors_origins=frozenset({A})), Tenant("t-b", cors_origins=frozenset({B}))], []
)


def client(everywhere: frozenset[str] = frozenset()) -> httpx.AsyncClient:
    engine = Engine(
        load_supergraph(SUPERGRAPH), SubgraphClient(transport=httpx.MockTransport(Subgraphs()))
    )
    guards = Guards(cors=Cors(lambda: REGISTRY, everywhere))
    app = create_http_app(engine, JwtVerifier(hs256_secret=SECRET), guards=guards)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw")


def preflight_headers(origin: str) -> dict[str, str]:
    return {
        "origin": origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
    }


async def test_a_preflight_is_answered_for_an_origin_a_tenant_allows() -> None:
    async with client() as c:
        allowed = await c.options("/graphql", headers=preflight_headers(B))
        unknown = await c.options("/graphql", headers=preflight_headers(EVIL))
    assert allowed.status_code == 204
    assert allowed.headers["access-control-allow-origin"] == B
    assert "POST" in allowed.headers["access-control-allow-methods"]
    assert allowed.headers["access-control-allow-headers"] == "authorization, content-type"
    assert int(allowed.headers["access-control-max-age"]) > 0
    assert not any(h.startswith("access-control-") for h in unknown.headers)


async def test_an_answer_is_readable_only_from_the_callers_tenants_origins() -> None:
    token = issue_dev_token(SECRET, tenant_id="t-a", person_id="p1")
    body = orjson.dumps({"query": "{ groups { id } }"})
    async with client() as c:

        async def post(origin: str, auth: str = f"Bearer {token}") -> httpx.Response:
            return await c.post(
                "/graphql", content=body, headers={"origin": origin, "authorization": auth}
            )

        own = await post(A)
        other_tenants = await post(B)
        unknown = await post(EVIL)
        unauthenticated = await post(A, "Bearer nope")
    assert own.headers["access-control-allow-origin"] == A
    assert "x-correlation-id" in own.headers["access-control-expose-headers"]
    for refused in (other_tenants, unknown):
        assert "access-control-allow-origin" not in refused.headers
        assert refused.headers["vary"] == "Origin"
    # a page of a known origin may read why it was refused
    assert unauthenticated.status_code == 401
    assert unauthenticated.headers["access-control-allow-origin"] == A


async def test_origins_allowed_everywhere_come_from_the_settings() -> None:
    async with client(frozenset({"http://localhost:5173"})) as c:
        dev = await c.options("/graphql", headers=preflight_headers("http://localhost:5173"))
    assert dev.headers["access-control-allow-origin"] == "http://localhost:5173"

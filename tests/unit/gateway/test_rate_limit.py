"""The per-principal rate limit: a token bucket per tenant+person (per address without a
principal), 429 RATE_LIMITED with Retry-After, before any subgraph call."""

from __future__ import annotations

import httpx
import orjson
from clc_gateway.execution.client import SubgraphClient
from clc_gateway.execution.engine import Engine
from clc_gateway.http.app import Guards, create_http_app
from clc_gateway.http.ratelimit import RateLimiter
from clc_gateway.settings import GatewaySettings
from clc_gateway.supergraph.load import load_supergraph
from eventkit.principal import JwtVerifier, issue_dev_token

from .test_router import SUPERGRAPH, Subgraphs

SECRET = "s" * 32
QUERY = orjson.dumps({"query": "{ groups { id } }"})


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_gives_the_burst_then_the_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(2.0, 3, clock=clock)
    assert [limiter.take("a") for _ in range(3)] == [None, None, None]
    wait = limiter.take("a")
    assert wait is not None and abs(wait - 0.5) < 1e-9
    assert limiter.take("b") is None  # another principal has its own bucket
    clock.now = 0.5
    assert limiter.take("a") is None
    assert limiter.take("a") is not None
    clock.now = 100.0  # refills up to the burst, no further
    assert [limiter.take("a") for _ in range(4)].count(None) == 3
    assert RateLimiter.retry_after(0.2) == "1"
    assert RateLimiter.retry_after(2.1) == "3"


def test_memory_is_bounded_by_dropping_the_least_recently_used_bucket() -> None:
    limiter = RateLimiter(1.0, 1, max_keys=2, clock=Clock())
    for key in ("a", "b", "c"):
        assert limiter.take(key) is None
    assert limiter.take("a") is None  # dropped, so back to a full bucket: errs on the generous side
    assert limiter.take("c") is not None


async def test_over_the_limit_is_429_rate_limited_with_retry_after_per_principal() -> None:
    subgraphs = Subgraphs()
    engine = Engine(
        load_supergraph(SUPERGRAPH), SubgraphClient(transport=httpx.MockTransport(subgraphs))
    )
    guards = Guards(limiter=RateLimiter(0.5, 2))
    app = create_http_app(engine, JwtVerifier(hs256_secret=SECRET), guards=guards)
    ada = issue_dev_token(SECRET, tenant_id="t1", person_id="ada")
    bob = issue_dev_token(SECRET, tenant_id="t1", person_id="bob")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gw") as c:
        as_ada = [
            await c.post("/graphql", content=QUERY, headers={"authorization": f"Bearer {ada}"})
            for _ in range(3)
        ]
        as_bob = await c.post("/graphql", content=QUERY, headers={"authorization": f"Bearer {bob}"})
    assert [r.status_code for r in as_ada] == [200, 200, 429]
    refused = as_ada[2]
    assert refused.json()["errors"][0]["extensions"] == {"code": "RATE_LIMITED"}
    assert refused.headers["retry-after"] == "2"
    assert as_bob.status_code == 200
    assert len(subgraphs.calls["groups"]) == 3


async def test_without_a_principal_the_client_address_is_limited() -> None:
    engine = Engine(
        load_supergraph(SUPERGRAPH), SubgraphClient(transport=httpx.MockTransport(Subgraphs()))
    )
    app = create_http_app(engine, None, guards=Guards(limiter=RateLimiter(1.0, 1)))
    transport = httpx.ASGITransport(app=app, client=("10.0.0.1", 1234))
    async with httpx.AsyncClient(transport=transport, base_url="http://gw") as c:
        codes = [(await c.post("/graphql", content=QUERY)).status_code for _ in range(2)]
    assert codes == [200, 429]


def test_on_by_default_in_production_only() -> None:
    assert GatewaySettings(jwt_hs256_secret=SECRET).rate_limit == 0
    production = GatewaySettings(
        environment="production",
        jwt_hs256_secret=SECRET,
        jwt_issuer="https://idp",
        jwt_audience="clc",
    )
    assert production.rate_limit == 20

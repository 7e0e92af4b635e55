"""The ASGI surface: authentication first (verified, then forwarded), the explicit no-auth mode
refused in production, health endpoints."""

from __future__ import annotations

import asyncio
from pathlib import Path
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
from clc_gateway.supergraph.reload import watch_supergraph
from eventkit.principal import JwtVerifier, issue_dev_token
from pydantic import ValidationError

from .test_router import SUPERGRAPH, Subgraphs

SECRET = "s" * 32


def client_for(subgraphs: Subgraphs, verifier: JwtVerifier | None) -> httpx.AsyncClient:
    engine = Engine(
        load_supergraph(SUPERGRAPH), SubgraphClient(transport=httpx.MockTransport(subgraphs))
    )
    app = create_http_app(engine, verifier)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw")


async def post(client: httpx.AsyncClient, query: str, **headers: str) -> httpx.Response:
    return await client.post("/graphql", content=orjson.dumps({"query": query}), headers=headers)


async def test_without_a_token_the_request_is_refused_before_any_subgraph_call() -> None:
    subgraphs = Subgraphs()
    async with client_for(subgraphs, JwtVerifier(hs256_secret=SECRET)) as c:
        resp = await post(c, "{ groups { id } }")
    assert resp.status_code == 401
    assert subgraphs.calls["groups"] == []


async def test_the_callers_token_is_forwarded_to_every_subgraph() -> None:
    seen: list[str | None] = []
    inner = Subgraphs()

    async def recording(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("authorization"))
        return await inner(request)

    token = issue_dev_token(SECRET, tenant_id="t1", person_id="p1")
    async with client_for(recording, JwtVerifier(hs256_secret=SECRET)) as c:  # type: ignore[arg-type]
        resp = await post(
            c, "{ groups { name enquiries { title } } }", authorization=f"Bearer {token}"
        )
    body: dict[str, Any] = resp.json()
    assert "errors" not in body
    assert seen == [f"Bearer {token}"] * 2


async def test_no_auth_mode_serves_without_credentials_and_health_answers() -> None:
    async with client_for(Subgraphs(), None) as c:
        resp = await post(c, "{ groups { id } }")
        health = await c.get("/healthz")
        ready = await c.get("/readyz")
    assert resp.json()["data"]["groups"][0] == {"id": "g0"}
    assert health.status_code == 200
    assert ready.status_code == 200
    assert ready.json()["subgraphs"] == ["enquiry", "groups"]


async def test_not_ready_while_a_subgraph_is_down() -> None:
    async def enquiry_down(request: httpx.Request) -> httpx.Response:
        if request.url.host == "enquiry":
            raise httpx.ConnectError("refused", request=request)
        return await Subgraphs()(request)

    async with client_for(enquiry_down, None) as c:  # type: ignore[arg-type]
        ready = await c.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["down"] == ["enquiry"]


def test_production_refuses_the_no_auth_mode() -> None:
    with pytest.raises(ValidationError, match="refused in production"):
        GatewaySettings(no_auth=True, environment="production")


def test_authentication_must_be_configured_unless_explicitly_off() -> None:
    with pytest.raises(ValidationError, match="authentication needs"):
        GatewaySettings()
    assert GatewaySettings(no_auth=True).no_auth


async def test_an_internal_error_is_masked_with_a_correlation_id(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_: object) -> None:
        raise RuntimeError("secret detail")

    monkeypatch.setattr("clc_gateway.execution.engine.shape", broken)
    async with client_for(Subgraphs(), None) as c:
        resp = await post(c, "{ groups { id } }")
    assert resp.status_code == 500
    error = resp.json()["errors"][0]
    assert "secret" not in error["message"]
    correlation = error["extensions"]["correlationId"]
    assert any(getattr(r, "correlation_id", None) == correlation for r in caplog.records)


async def test_the_supergraph_file_is_reloaded_when_it_changes(tmp_path: Path) -> None:
    path = tmp_path / "supergraph.graphql"
    path.write_text(SUPERGRAPH)
    sg = load_supergraph(SUPERGRAPH)
    engine = Engine(sg, SubgraphClient(transport=httpx.MockTransport(Subgraphs())))
    watcher = asyncio.create_task(watch_supergraph(path, engine, 0.01))
    try:
        path.write_text("broken {")  # a broken file is ignored: the last good one keeps serving
        await asyncio.sleep(0.1)
        assert engine.sg is sg
        path.write_text(
            SUPERGRAPH.replace(
                "  name: String!\n  groups", "  title: String\n  name: String!\n  groups"
            )
        )
        for _ in range(100):
            if engine.sg is not sg:
                break
            await asyncio.sleep(0.01)
        assert "title" in engine.sg.types["Network"].fields
    finally:
        watcher.cancel()


async def test_trace_context_is_forwarded_without_defeating_deduplication() -> None:
    seen: list[str | None] = []
    inner = Subgraphs(delay=0.05)

    async def recording(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("traceparent"))
        return await inner(request)

    parents = [f"00-{i:032x}-{i:016x}-01" for i in range(1, 4)]
    async with client_for(recording, None) as c:  # type: ignore[arg-type]
        await asyncio.gather(*(post(c, "{ groups { id } }", traceparent=p) for p in parents))
    assert len(seen) == 1
    assert seen[0] in parents


async def test_oversized_bodies_and_documents_are_refused_before_planning() -> None:
    subgraphs = Subgraphs()
    engine = Engine(
        load_supergraph(SUPERGRAPH), SubgraphClient(transport=httpx.MockTransport(subgraphs))
    )
    app = create_http_app(engine, None, door=Door(max_body_bytes=1_000, max_document_chars=100))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gw") as c:
        big = await c.post("/graphql", content=b"x" * 2_000)
        long = await post(c, "{ groups { id " + " " * 200 + "} }")
    assert big.status_code == 413
    assert big.json()["errors"][0]["extensions"] == {"code": "PAYLOAD_TOO_LARGE"}
    assert long.status_code == 400
    assert long.json()["errors"][0]["extensions"] == {"code": "QUERY_TOO_COMPLEX"}
    assert subgraphs.calls["groups"] == []


async def test_introspection_can_be_switched_off_and_is_off_in_production() -> None:
    engine = Engine(
        load_supergraph(SUPERGRAPH), SubgraphClient(transport=httpx.MockTransport(Subgraphs()))
    )
    app = create_http_app(engine, None, door=Door(introspection=False))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gw") as c:
        refused = await post(c, "{ __schema { queryType { name } } }")
        typed = await post(c, '{ __type(name: "Group") { name } }')
        plain = await post(c, "{ groups { __typename id } }")
    for response in (refused, typed):
        assert response.json()["errors"][0]["extensions"] == {"code": "INTROSPECTION_DISABLED"}
    assert "errors" not in plain.json()
    production = {"environment": "production", "jwt_hs256_secret": SECRET}
    with pytest.raises(ValidationError, match="ISSUER"):
        GatewaySettings(**production)  # type: ignore[arg-type]
    ready = GatewaySettings(
        **production,
        jwt_issuer="https://idp.example",
        jwt_audience="clc",  # type: ignore[arg-type]
    )
    assert ready.introspection_on is False
    assert GatewaySettings(jwt_hs256_secret=SECRET).introspection_on is True

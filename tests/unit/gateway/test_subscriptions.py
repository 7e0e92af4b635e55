"""Subscriptions at the gateway without subgraphs: how one is planned, and what is refused at the
WebSocket and SSE doors before any subgraph is called (the end-to-end path, with real services,
is ``tests/e2e/test_gateway_subscriptions.py``)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from typing import Any

import httpx
import orjson
import pytest
import uvicorn
from clc_gateway.execution.client import SubgraphClient
from clc_gateway.execution.engine import Engine
from clc_gateway.http.app import create_http_app
from clc_gateway.http.door import Door
from clc_gateway.http.ws import bearer_of
from clc_gateway.supergraph.load import load_supergraph
from eventkit.principal import JwtVerifier, issue_dev_token
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from tests.unit.gateway.test_router import SUPERGRAPH

SECRET = "a-test-secret-of-at-least-thirty-two-characters"

WITH_SUBSCRIPTION = SUPERGRAPH.replace(
    "  query: Query\n  mutation: Mutation\n}",
    "  query: Query\n  mutation: Mutation\n  subscription: Subscription\n}",
) + (
    "type Subscription @join__type(graph: ENQUIRY) {\n"
    "  opened(network: ID!): Group! @join__field(graph: ENQUIRY)\n}\n"
)

ACTIVITY = 'subscription { opened(network: "n1") { id name enquiries { title } } }'


def _engine(calls: list[httpx.Request]) -> Engine:
    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(500)

    return Engine(
        load_supergraph(WITH_SUBSCRIPTION),
        SubgraphClient(transport=httpx.MockTransport(answer)),
        max_depth=3,
    )


def _bearer() -> str:
    return "Bearer " + issue_dev_token(SECRET, tenant_id="t", person_id="p", roles=["teacher"])


def test_a_subscription_is_planned_as_one_open_root_fetch_and_entity_fetches_per_event() -> None:
    engine = _engine([])
    prepared = engine.prepare(ACTIVITY, None, subscription=True)
    assert not isinstance(prepared, dict), prepared
    _, plan = prepared
    root, *rest = plan.nodes
    assert (root.graph, root.entity) == ("ENQUIRY", False)
    assert root.query.startswith("subscription{opened")
    assert [(n.graph, n.entity, n.path) for n in rest] == [("GROUPS", True, ("opened",))]
    # the event's own token, asked for under a private key when its type has one
    assert "_clcEventToken:consistencyToken" not in root.query
    with_token = WITH_SUBSCRIPTION.replace(
        "  lead: Enquiry! @join__field(graph: ENQUIRY)\n",
        "  lead: Enquiry! @join__field(graph: ENQUIRY)\n"
        "  consistencyToken: String @join__field(graph: ENQUIRY)\n",
    )
    engine = Engine(load_supergraph(with_token), SubgraphClient())
    prepared = engine.prepare(ACTIVITY, None, subscription=True)
    assert not isinstance(prepared, dict), prepared
    assert "_clcEventToken:consistencyToken" in prepared[1].nodes[0].query


def test_a_subscription_over_post_and_a_query_over_websocket_are_each_sent_elsewhere() -> None:
    engine = _engine([])
    refused = engine.prepare(ACTIVITY, None)
    assert isinstance(refused, dict) and "not as a plain POST" in refused["errors"][0]["message"]
    refused = engine.prepare("{ groups { id } }", None, subscription=True)
    assert isinstance(refused, dict) and refused["errors"][0]["message"] == (
        "only a subscription runs here"
    )


def test_the_bearer_is_read_from_every_usual_connection_init_payload() -> None:
    assert bearer_of({"Authorization": "Bearer a"}) == "Bearer a"
    assert bearer_of({"authorization": "Bearer b"}) == "Bearer b"
    assert bearer_of({"headers": {"Authorization": "Bearer c"}}) == "Bearer c"
    assert bearer_of({"token": "d"}) == "Bearer d"
    assert bearer_of(None) is None


@pytest.fixture
def calls() -> list[httpx.Request]:
    return []


@pytest.fixture
async def gateway(calls: list[httpx.Request]) -> AsyncIterator[str]:
    """The gateway app served by uvicorn on a loopback port (WebSockets need a real server)."""
    verifier = JwtVerifier(hs256_secret=SECRET)
    app = create_http_app(
        _engine(calls), verifier, door=Door(max_document_chars=500), max_subscriptions=2
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.01)
    yield f"127.0.0.1:{port}"
    server.should_exit = True
    await task


@contextlib.asynccontextmanager
async def ws_to(gateway: str, auth: str | None) -> AsyncIterator[ClientConnection]:
    async with connect(
        f"ws://{gateway}/graphql", subprotocols=[Subprotocol("graphql-transport-ws")]
    ) as ws:
        init = {"Authorization": auth} if auth else {}
        await ws.send(orjson.dumps({"type": "connection_init", "payload": init}).decode())
        yield ws


async def receive(ws: ClientConnection) -> Any:
    return orjson.loads(await asyncio.wait_for(ws.recv(), 5))


async def send(ws: ClientConnection, message: dict[str, Any]) -> None:
    await ws.send(orjson.dumps(message).decode())


async def test_a_bad_token_closes_the_socket_before_anything_is_subscribed(
    gateway: str, calls: list[httpx.Request]
) -> None:
    async with ws_to(gateway, "Bearer nope") as ws:
        with pytest.raises(ConnectionClosed) as closed:
            await receive(ws)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
    assert calls == []


async def test_refusals_come_back_as_error_messages_for_their_id(gateway: str) -> None:
    async with ws_to(gateway, _bearer()) as ws:
        assert await receive(ws) == {"type": "connection_ack"}
        await send(ws, {"type": "ping"})
        assert await receive(ws) == {"type": "pong"}
        payload = {"query": "{ groups { id } }"}
        await send(ws, {"type": "subscribe", "id": "q", "payload": payload})
        assert (await receive(ws))["payload"][0]["message"] == "only a subscription runs here"
        long = ACTIVITY + " " * 600
        await send(ws, {"type": "subscribe", "id": "big", "payload": {"query": long}})
        refused = await receive(ws)
        assert refused["id"] == "big"
        assert refused["payload"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_a_second_init_closes_the_socket(gateway: str) -> None:
    async with ws_to(gateway, _bearer()) as ws:
        await receive(ws)
        await send(ws, {"type": "connection_init", "payload": {}})
        with pytest.raises(ConnectionClosed) as closed:
            await receive(ws)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4429


async def test_sse_needs_a_valid_token_and_streams_refusals_as_next_then_complete(
    gateway: str,
) -> None:
    sse = {"accept": "text/event-stream"}
    async with httpx.AsyncClient(base_url=f"http://{gateway}") as http:
        resp = await http.post("/graphql", json={"query": ACTIVITY}, headers=sse)
        assert resp.status_code == 401
        resp = await http.post(
            "/graphql",
            json={"query": "{ groups { id } }"},
            headers={**sse, "authorization": _bearer()},
        )
    assert resp.headers["content-type"].startswith("text/event-stream")
    events = [block for block in resp.text.split("\n\n") if block]
    assert events[0].startswith("event: next\ndata: ")
    assert "only a subscription runs here" in events[0]
    assert events[1].startswith("event: complete")

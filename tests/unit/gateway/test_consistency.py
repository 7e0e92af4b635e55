"""The composite consistency token at the gateway, against in-memory subgraphs: the tokens the
subgraphs report for their writes merge into one, shown in the extension, the header and the
payload fields the client selected; a token sent back goes whole to every subgraph called."""

from __future__ import annotations

from typing import Any

import httpx
import orjson
import pytest
from clc_gateway.execution import consistency
from clc_gateway.execution.client import SubgraphClient
from clc_gateway.execution.engine import Engine
from clc_gateway.http.app import create_http_app
from clc_gateway.planning.ir import Selection, from_ast
from clc_gateway.supergraph.load import load_supergraph
from graphql import OperationDefinitionNode, parse
from servicekit import consistency as servicekit_tokens

from tests.unit.gateway.test_router import SUPERGRAPH

HEADER = consistency.CONSISTENCY_HEADER


class Subgraphs:
    """``rename`` writes in groups (position 7), ``open`` in enquiry (position 40)."""

    def __init__(self) -> None:
        self.headers: list[tuple[str, str | None]] = []

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        graph = request.url.host
        self.headers.append((graph, request.headers.get(HEADER)))
        query = orjson.loads(request.content)["query"]
        body: dict[str, Any]
        if "rename" in query:
            token = servicekit_tokens.token_at("groups", 7)
            body = {"data": {"rename": {"id": "g1", "name": "New"}}}
        elif "open" in query:
            token = servicekit_tokens.token_at("enquiry", 40)
            body = {"data": {"open": {"__typename": "Group", "id": "g1"}}}
        elif "_entities" in query:
            token = None
            body = {"data": {"_entities": [{"name": "New"}]}}
        else:
            token = None
            body = {"data": {"groups": [{"id": "g1", "name": "New"}]}}
        if token:
            body["extensions"] = {"consistencyToken": token}
        return httpx.Response(200, json=body)


@pytest.fixture
def subgraphs() -> Subgraphs:
    return Subgraphs()


@pytest.fixture
def http(subgraphs: Subgraphs) -> httpx.AsyncClient:
    engine = Engine(
        load_supergraph(SUPERGRAPH),
        SubgraphClient(transport=httpx.MockTransport(subgraphs)),
    )
    app = create_http_app(engine, None)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw")


def test_the_gateway_reads_the_tokens_servicekit_writes() -> None:
    pairs = {"groups": 12, "enquiry": 3}
    assert consistency.decode(servicekit_tokens.encode_token(pairs)) == pairs
    assert servicekit_tokens.decode_token(consistency.encode(pairs)) == pairs


async def test_two_writes_in_two_services_answer_one_token_covering_both(
    http: httpx.AsyncClient,
) -> None:
    resp = await http.post(
        "/graphql",
        json={
            "query": 'mutation { rename(id: "g1", name: "New") { name } open(group: "g1") { id } }'
        },
    )
    body = resp.json()
    token = body["extensions"]["consistencyToken"]
    assert consistency.decode(token) == {"groups": 7, "enquiry": 40}
    assert resp.headers[HEADER] == token
    assert body["data"] == {"rename": {"name": "New"}, "open": {"id": "g1"}}


async def test_a_token_sent_back_goes_whole_to_every_subgraph_and_moves_on_with_a_write(
    http: httpx.AsyncClient, subgraphs: Subgraphs
) -> None:
    sent = consistency.encode({"groups": 5, "enquiry": 9})
    resp = await http.post(
        "/graphql",
        json={"query": 'mutation { open(group: "g1") { id name } }'},
        headers={HEADER: sent},
    )
    assert {graph for graph, _ in subgraphs.headers} == {"groups", "enquiry"}
    assert all(header == sent for _, header in subgraphs.headers)
    answered = consistency.decode(resp.json()["extensions"]["consistencyToken"])
    assert answered == {"groups": 5, "enquiry": 40}


def _selections(text: str) -> list[Selection]:
    op = parse(text).definitions[0]
    assert isinstance(op, OperationDefinitionNode)
    return from_ast(op.selection_set, {}) or []


def test_consistency_token_arguments_anywhere_in_the_operation_are_taken() -> None:
    sels = _selections(
        'query($t: String) { a(consistencyToken: "lit") { b { c(consistencyToken: $t) } } }'
    )
    assert consistency.tokens_in_arguments(sels, {"t": "var"}) == ["lit", "var"]
    assert consistency.tokens_in_arguments(sels, {}) == ["lit"]


def test_the_composite_token_replaces_every_selected_payload_field() -> None:
    sels = _selections(
        "mutation { one: rename { t: consistencyToken name } two: rename { consistencyToken }"
        " three: rename { ... on P { consistencyToken } } }"
    )
    data: dict[str, Any] = {
        "one": {"t": "old", "name": "x"},
        "two": {"consistencyToken": None},  # refused: nothing written, stays null
        "three": {"consistencyToken": "old"},
    }
    consistency.show_in_payloads(data, sels, "new")
    assert data == {
        "one": {"t": "new", "name": "x"},
        "two": {"consistencyToken": None},
        "three": {"consistencyToken": "new"},
    }


async def test_a_malformed_token_is_refused_before_any_subgraph_call(
    http: httpx.AsyncClient, subgraphs: Subgraphs
) -> None:
    resp = await http.post(
        "/graphql", json={"query": "{ groups { name } }"}, headers={HEADER: "%%%"}
    )
    assert resp.json()["errors"][0]["extensions"]["code"] == "BAD_CONSISTENCY_TOKEN"
    assert subgraphs.headers == []

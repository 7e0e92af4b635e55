"""Uploads at the gateway's door, in memory: the stand-in subgraph (strawberry, multipart
enabled) behind an ASGI transport. The real-HTTP 15 MB / 25 MB cases are in
``tests/e2e/test_gateway_uploads.py``."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import httpx
from clc_gateway.execution.client import SubgraphClient
from clc_gateway.execution.engine import Engine
from clc_gateway.http.app import create_http_app
from clc_gateway.http.upload import UploadLimits
from clc_gateway.supergraph.load import load_supergraph

from tests.support.upload_subgraph import SUPERGRAPH, UPLOAD_SDL, create_app

MANY = "mutation($files: [Upload!]!) { attachMany(files: $files) { size sha256 filename } }"
ONE = 'mutation($file: Upload!) { attach(title: "t", file: $file) { size sha256 } }'


class Counting(httpx.ASGITransport):
    def __init__(self) -> None:
        super().__init__(app=create_app())
        self.requests = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        return await super().handle_async_request(request)


def gateway(transport: httpx.AsyncBaseTransport, **limits: int) -> httpx.AsyncClient:
    engine = Engine(load_supergraph(SUPERGRAPH), SubgraphClient(transport=transport))
    app = create_http_app(engine, None, uploads=UploadLimits(**limits))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw")


async def send(
    client: httpx.AsyncClient,
    query: str,
    variables: dict[str, Any],
    mapping: dict[str, list[str]],
    files: dict[str, tuple[str, bytes, str]],
) -> httpx.Response:
    data = {
        "operations": json.dumps({"query": query, "variables": variables}),
        "map": json.dumps(mapping),
    }
    return await client.post("/graphql", data=data, files=files)


def test_the_upload_scalar_survives_composition() -> None:
    assert "scalar Upload" in UPLOAD_SDL
    assert "scalar Upload @join__type(graph: UPLOADS)" in SUPERGRAPH
    assert "Upload" in load_supergraph(SUPERGRAPH).api_schema.type_map


async def test_a_list_of_files_arrives_in_order_and_intact() -> None:
    contents = [b"first" * 1000, b"second" * 300_000, b""]
    files = {str(i): (f"f{i}.bin", c, "application/octet-stream") for i, c in enumerate(contents)}
    mapping = {str(i): [f"variables.files.{i}"] for i in range(3)}
    async with gateway(Counting()) as c:
        resp = await send(c, MANY, {"files": [None, None, None]}, mapping, files)
    body = resp.json()
    assert "errors" not in body, body
    assert body["data"]["attachMany"] == [
        {"size": len(x), "sha256": hashlib.sha256(x).hexdigest(), "filename": f"f{i}.bin"}
        for i, x in enumerate(contents)
    ]


async def test_one_file_at_two_paths_is_sent_once_to_both() -> None:
    content = b"same file"
    mapping = {"0": ["variables.files.0", "variables.files.1"]}
    async with gateway(Counting()) as c:
        resp = await send(c, MANY, {"files": [None, None]}, mapping, {"0": ("a", content, "x/y")})
    answers = resp.json()["data"]["attachMany"]
    assert [a["sha256"] for a in answers] == [hashlib.sha256(content).hexdigest()] * 2


async def test_a_second_file_over_the_cap_is_refused_while_it_streams() -> None:
    subgraph = Counting()
    files = {"0": ("a", b"a" * 10, "x/y"), "1": ("b", b"b" * 2000, "x/y")}
    mapping = {"0": ["variables.files.0"], "1": ["variables.files.1"]}
    async with gateway(subgraph, max_file_bytes=1000) as c:
        resp = await send(c, MANY, {"files": [None, None]}, mapping, files)
    assert resp.status_code == 413
    (error,) = resp.json()["errors"]
    assert error["extensions"]["code"] == "UPLOAD_TOO_LARGE"
    assert "variables.files.1" in error["message"]
    assert subgraph.requests == 0


async def test_more_files_than_allowed_are_refused_before_any_is_read() -> None:
    subgraph = Counting()
    files = {str(i): (f"{i}", b"x", "x/y") for i in range(3)}
    mapping = {str(i): [f"variables.files.{i}"] for i in range(3)}
    async with gateway(subgraph, max_files=2) as c:
        resp = await send(c, MANY, {"files": [None] * 3}, mapping, files)
    assert resp.status_code == 413
    assert resp.json()["errors"][0]["extensions"]["code"] == "TOO_MANY_FILES"
    assert subgraph.requests == 0


async def test_requests_out_of_the_spec_are_bad_requests() -> None:
    file = {"0": ("a", b"x", "x/y")}
    async with gateway(Counting()) as c:
        not_in_map = await send(c, ONE, {"file": None}, {}, file)
        outside = await send(c, ONE, {"file": None}, {"0": ["query"]}, file)
        nowhere = await send(c, ONE, {"file": None}, {"0": ["variables.nope.x"]}, file)
        missing = await c.post(
            "/graphql",
            content=(
                b'--b\r\nContent-Disposition: form-data; name="operations"\r\n\r\n'
                + json.dumps({"query": ONE, "variables": {"file": None}}).encode()
                + b'\r\n--b\r\nContent-Disposition: form-data; name="map"\r\n\r\n'
                + b'{"0": ["variables.file"]}\r\n--b--\r\n'
            ),
            headers={"content-type": "multipart/form-data; boundary=b"},
        )
        no_operations = await c.post("/graphql", files=file)
    for resp in (not_in_map, outside, nowhere, missing, no_operations):
        assert resp.status_code == 400, resp.text
        assert resp.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_a_declared_length_beyond_every_cap_is_refused_before_reading() -> None:
    async with gateway(Counting(), max_file_bytes=10, max_files=1, max_json_bytes=10) as c:
        resp = await c.post(
            "/graphql",
            content=b"x" * 20_000,
            headers={"content-type": "multipart/form-data; boundary=b"},
        )
    assert resp.status_code == 413
    assert resp.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"

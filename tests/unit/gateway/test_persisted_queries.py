"""Automatic persisted queries (Apollo's protocol, over POST and GET) and the allow-list mode of
production mobile apps, with their clear refusals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from clc_gateway.execution.client import SubgraphClient
from clc_gateway.execution.engine import Engine
from clc_gateway.http.app import Guards, create_http_app
from clc_gateway.http.persisted import PersistedQueries, load_manifest, sha256_of
from clc_gateway.supergraph.load import load_supergraph

from .test_router import SUPERGRAPH, Subgraphs

QUERY = "query Groups { groups { id name } }"
HASH = sha256_of(QUERY)


def client(persisted: PersistedQueries, subgraphs: Subgraphs | None = None) -> httpx.AsyncClient:
    engine = Engine(
        load_supergraph(SUPERGRAPH),
        SubgraphClient(transport=httpx.MockTransport(subgraphs or Subgraphs())),
    )
    app = create_http_app(engine, None, guards=Guards(persisted=persisted))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://gw")


def apq(sha: str = HASH, version: int = 1) -> dict[str, Any]:
    return {"persistedQuery": {"version": version, "sha256Hash": sha}}


async def send(c: httpx.AsyncClient, **body: Any) -> httpx.Response:
    return await c.post("/graphql", content=orjson.dumps(body))


def code(response: httpx.Response) -> str:
    return str(response.json()["errors"][0]["extensions"]["code"])


async def test_apq_round_trip_hash_first_then_both_then_hash_alone() -> None:
    subgraphs = Subgraphs()
    async with client(PersistedQueries(), subgraphs) as c:
        missing = await send(c, extensions=apq())
        registered = await send(c, query=QUERY, extensions=apq())
        by_hash = await send(c, extensions=apq())
    assert missing.status_code == 200  # what Apollo clients expect before sending the document
    assert missing.json()["errors"][0]["message"] == "PersistedQueryNotFound"
    assert code(missing) == "PERSISTED_QUERY_NOT_FOUND"
    assert registered.json() == by_hash.json()
    assert by_hash.json()["data"]["groups"][0]["id"] == "g0"
    assert len(subgraphs.calls["groups"]) == 2  # the refused first attempt never ran


async def test_apq_over_get_and_mutations_refused_over_get() -> None:
    async with client(PersistedQueries()) as c:
        await send(c, query=QUERY, extensions=apq())
        params = {"extensions": json.dumps(apq()), "operationName": "Groups"}
        got = await c.get("/graphql", params=params)
        plain = await c.get("/graphql", params={"query": "{ groups { id } }"})
        mutation = await c.get(
            "/graphql", params={"query": 'mutation { rename(id: "g0", name: "x") { id } }'}
        )
        bad = await c.get("/graphql", params={"query": "{ groups { id } }", "variables": "{"})
    assert got.json()["data"]["groups"][0]["name"] == "Group 0"
    assert plain.json()["data"]["groups"][0]["id"] == "g0"
    assert mutation.status_code == 405
    assert mutation.headers["allow"] == "POST"
    assert bad.status_code == 400


async def test_a_hash_that_is_not_the_documents_is_refused_and_not_registered() -> None:
    async with client(PersistedQueries()) as c:
        wrong = await send(c, query=QUERY, extensions=apq("0" * 64))
        after = await send(c, extensions=apq("0" * 64))
        version = await send(c, extensions=apq(version=2))
    assert (wrong.status_code, code(wrong)) == (400, "PERSISTED_QUERY_HASH_MISMATCH")
    assert code(after) == "PERSISTED_QUERY_NOT_FOUND"
    assert code(version) == "PERSISTED_QUERY_INVALID"


def test_the_apq_cache_is_bounded() -> None:
    persisted = PersistedQueries(max_entries=3, max_chars=10_000)
    documents = [f"{{ groups {{ id n{i}: name }} }}" for i in range(5)]
    for d in documents:
        assert persisted.resolve(d, apq(sha256_of(d))) == d
    assert len(persisted) == 3
    assert persisted.resolve(None, apq(sha256_of(documents[0]))) is not documents[0]
    assert persisted.resolve(None, apq(sha256_of(documents[4]))) == documents[4]
    small = PersistedQueries(max_chars=50)
    big = "{ groups { id " + " " * 60 + "} }"
    small.resolve(big, apq(sha256_of(big)))
    assert len(small) == 0


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    path = tmp_path / "manifest.json"
    body = {
        "format": "apollo-persisted-query-manifest",
        "version": 1,
        "operations": [{"id": "groups-v1", "name": "Groups", "type": "query", "body": QUERY}],
    }
    path.write_text(json.dumps(body))
    return path


async def test_allow_list_mode_runs_only_registered_operations(manifest: Path) -> None:
    allowed = load_manifest(manifest)
    subgraphs = Subgraphs()
    async with client(PersistedQueries(allow_list=allowed), subgraphs) as c:
        by_hash = await send(c, extensions=apq())
        by_id = await send(c, extensions=apq("groups-v1"))
        full_text = await send(c, query=QUERY)
        other = await send(c, query="{ groups { id } }")
        unknown_hash = await send(c, extensions=apq("f" * 64))
        register = await send(
            c, query="{ groups { id } }", extensions=apq(sha256_of("{ groups { id } }"))
        )
    for ok in (by_hash, by_id, full_text):
        assert ok.json()["data"]["groups"][0]["name"] == "Group 0"
    for refused in (other, unknown_hash, register):
        assert refused.status_code == 400
        assert code(refused) == "PERSISTED_QUERY_NOT_ALLOWED"
        assert "not in the manifest" in refused.json()["errors"][0]["message"]
    assert len(subgraphs.calls["groups"]) == 3


def test_relay_manifests_load_too(tmp_path: Path) -> None:
    path = tmp_path / "relay.json"
    path.write_text(json.dumps({"abc": QUERY}))
    assert load_manifest(path) == {"abc": QUERY, HASH: QUERY}
    path.write_text("[1]")
    with pytest.raises(ValueError, match="not a persisted query manifest"):
        load_manifest(path)

"""A servicekit subgraph whose schema declares ``scalar Upload`` takes files by the GraphQL
multipart request spec at the same ``/graphql``, behind the same token check, with its own cap."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import httpx
import strawberry
from fastapi import FastAPI
from servicekit.app import create_app
from servicekit.definition import ServiceDefinition
from servicekit.runtime import Services, verifier_for
from strawberry.file_uploads import Upload

from tests.unit.servicekit.harness import ShopSettings, StubRuntime, bearer, client, shop_app

ATTACH = "mutation($file: Upload!) { attach(file: $file) }"


@strawberry.type
class Query:
    @strawberry.field
    def ok(self) -> bool:
        return True


@strawberry.type
class Mutation:
    @strawberry.mutation
    async def attach(self, file: Upload) -> str:
        content = await file.read()  # type: ignore[attr-defined]
        return f"{file.filename}:{len(content)}:{hashlib.sha256(content).hexdigest()}"  # type: ignore[attr-defined]


def upload_app(**settings: Any) -> FastAPI:
    config = ShopSettings(**settings)
    definition: ServiceDefinition[ShopSettings, None] = ServiceDefinition(
        name="shop",
        read_model_migrations=[],
        read_model_tables=[],
        projections=list,
        commands=lambda store, pool, s: None,
    )
    schema = strawberry.federation.Schema(query=Query, mutation=Mutation, federation_version="2.5")
    app = create_app(config, definition, schema)
    app.state.runtime = StubRuntime(
        verifier=verifier_for(config),
        services=Services(pool=None, commands=None, runner=None, consistency_wait_s=0.1),
    )
    return app


async def send(http: httpx.AsyncClient, content: bytes, **headers: str) -> httpx.Response:
    data = {
        "operations": json.dumps({"query": ATTACH, "variables": {"file": None}}),
        "map": json.dumps({"0": ["variables.file"]}),
    }
    files = {"0": ("notes.pdf", content, "application/pdf")}
    return await http.post("/graphql", data=data, files=files, headers=headers)


async def test_a_file_arrives_whole_in_the_resolver() -> None:
    content = b"%PDF-1.7 " * 200_000
    async with client(upload_app()) as http:
        resp = await send(http, content, **bearer())
    body = resp.json()
    assert "errors" not in body, body
    assert body["data"]["attach"] == (
        f"notes.pdf:{len(content)}:{hashlib.sha256(content).hexdigest()}"
    )


async def test_no_token_no_upload() -> None:
    async with client(upload_app()) as http:
        resp = await send(http, b"x")
    assert resp.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_file_over_the_services_own_cap_is_refused_naming_its_path() -> None:
    async with client(upload_app(max_upload_bytes=1000, max_body_bytes=500)) as http:
        resp = await send(http, b"x" * 1001, **bearer())
    assert resp.status_code == 413
    (error,) = resp.json()["errors"]
    assert error["extensions"]["code"] == "UPLOAD_TOO_LARGE"
    assert "variables.file" in error["message"]


async def test_a_schema_without_upload_takes_no_multipart() -> None:
    async with client(shop_app()) as http:
        resp = await send(http, b"x", **bearer())
    assert resp.status_code == 400

"""Files through the gateway by the GraphQL multipart request spec, over real loopback HTTP: the
gateway (uvicorn) forwards them, streamed, to a stand-in subgraph that speaks the same spec
(``tests/support/upload_subgraph.py``), which answers each file's size and sha256."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from clc_gateway.execution.client import SubgraphClient
from clc_gateway.execution.engine import Engine
from clc_gateway.http.app import create_http_app
from clc_gateway.http.upload import UploadLimits
from clc_gateway.supergraph.load import load_supergraph
from eventkit.principal import JwtVerifier, issue_dev_token

from tests.support.loopback import serving
from tests.support.upload_subgraph import SUPERGRAPH, create_app

pytestmark = pytest.mark.e2e

SECRET = "upload-test-secret-" + "x" * 16
MB = 1_000_000
ATTACH = (
    "mutation Attach($title: String!, $file: Upload!) { attach(title: $title, file: $file) "
    "{ title filename contentType size sha256 } }"
)


@pytest.fixture(scope="module")
def subgraph() -> Iterator[str]:
    with serving(create_app()) as url:
        yield url


@pytest.fixture(scope="module")
def gateway(subgraph: str) -> Iterator[str]:
    engine = Engine(
        load_supergraph(SUPERGRAPH),
        SubgraphClient(),
        replicas={"uploads": [f"{subgraph}/graphql"]},
    )
    app = create_http_app(
        engine, JwtVerifier(hs256_secret=SECRET), uploads=UploadLimits(max_file_bytes=20 * MB)
    )
    with serving(app) as url:
        yield url


def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_dev_token(SECRET, tenant_id='t1', person_id='p1')}"}


def pdf(size: int) -> bytes:
    body = os.urandom(size - 16)
    return b"%PDF-1.7\n" + body + b"\n%%EOF\n"


def upload(gateway: str, content: bytes, **extra: Any) -> httpx.Response:
    operations = {"query": ATTACH, "variables": {"title": "minutes", "file": None}}
    return httpx.post(
        f"{gateway}/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": ("minutes.pdf", content, "application/pdf")},
        headers=auth(),
        timeout=60,
        **extra,
    )


def test_a_15_mb_pdf_arrives_at_the_owning_subgraph_intact(gateway: str) -> None:
    content = pdf(15 * MB)
    answer = upload(gateway, content)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert "errors" not in body, body["errors"]
    assert body["data"]["attach"] == {
        "title": "minutes",
        "filename": "minutes.pdf",
        "contentType": "application/pdf",
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }


def test_a_25_mb_pdf_is_refused_naming_the_files_path(gateway: str) -> None:
    answer = upload(gateway, pdf(25 * MB))
    assert answer.status_code == 413
    (error,) = answer.json()["errors"]
    assert error["extensions"]["code"] == "UPLOAD_TOO_LARGE"
    assert "variables.file" in error["message"]
    assert str(20 * MB) in error["message"]

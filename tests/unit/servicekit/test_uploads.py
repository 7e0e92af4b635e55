"""servicekit.uploads: a GraphQL multipart request (operations, map, files) becomes the usual
query and variables, with each file in its variable; malformed ones say what is wrong."""

from __future__ import annotations

import json
from typing import Any

import httpx
from servicekit.uploads import decode_multipart, is_multipart
from starlette.datastructures import UploadFile
from starlette.requests import Request

from tests.unit.servicekit.harness import ShopSettings, bearer, client, shop_app

QUERY = "mutation($file: Upload!, $more: [Upload!]!) { a(file: $file, more: $more) }"


def multipart(operations: Any, mapping: Any, files: dict[str, bytes]) -> tuple[Request, bytes]:
    built = httpx.Request(
        "POST",
        "http://service/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps(mapping)},
        files={k: (f"{k}.bin", v, "application/octet-stream") for k, v in files.items()},
    )
    body = built.read()
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/graphql",
        "headers": [(k.lower().encode(), v.encode()) for k, v in built.headers.items()],
    }
    return Request(scope), body


async def test_files_land_in_the_variables_the_map_names() -> None:
    operations = {"query": QUERY, "variables": {"file": None, "more": [None, None]}}
    mapping = {"0": ["variables.file"], "1": ["variables.more.0"], "2": ["variables.more.1"]}
    request, body = multipart(operations, mapping, {"0": b"zero", "1": b"one", "2": b"two"})
    assert is_multipart(request)
    decoded = await decode_multipart(request, body)
    assert not isinstance(decoded, str)
    (query, variables, name), form = decoded
    assert (query, name) == (QUERY, None)
    assert variables is not None
    assert isinstance(variables["file"], UploadFile)
    assert await variables["file"].read() == b"zero"
    assert [await f.read() for f in variables["more"]] == [b"one", b"two"]
    await form.close()


async def test_a_malformed_multipart_request_says_what_is_wrong() -> None:
    good = {"query": QUERY, "variables": {"file": None}}
    cases = [
        ([good], {"0": ["variables.file"]}, "batches are not supported"),
        (good, {"9": ["variables.file"]}, "names file '9'"),
        (good, {"0": ["variables.nothing.here"]}, "names no variable"),
        ({"variables": {"file": None}}, {"0": ["variables.file"]}, "no query string"),
    ]
    for operations, mapping, expected in cases:
        request, body = multipart(operations, mapping, {"0": b"x"})
        decoded = await decode_multipart(request, body)
        assert isinstance(decoded, str) and expected in decoded, (expected, decoded)


async def test_a_service_without_uploads_refuses_a_multipart_request_like_any_non_json_body() -> (
    None
):
    async with client(shop_app()) as http:
        response = await http.post(
            "/graphql",
            data={"operations": json.dumps({"query": "{ __typename }"}), "map": "{}"},
            files={"0": ("a.bin", b"x", "application/octet-stream")},
            headers=bearer(),
        )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_a_multipart_request_runs_and_its_cap_is_max_upload_bytes() -> None:
    app = shop_app(ShopSettings(max_upload_bytes=50_000))
    operations = json.dumps({"query": "{ __typename }", "variables": {"file": None}})
    mapping = json.dumps({"0": ["variables.file"]})

    async def post(size: int) -> httpx.Response:
        return await http.post(
            "/graphql",
            data={"operations": operations, "map": mapping},
            files={"0": ("a.bin", b"x" * size, "application/octet-stream")},
            headers=bearer(),
        )

    async with client(app) as http:
        ran = await post(10_000)
        assert ran.status_code == 200 and ran.json() == {"data": {"__typename": "Query"}}
        assert (await post(60_000)).status_code == 413

"""File uploads by the GraphQL multipart request spec
(https://github.com/jaydenseric/graphql-multipart-request-spec), for a service that takes them.

A ``multipart/form-data`` request carries an ``operations`` part (the usual JSON request, with
``null`` where each file goes), a ``map`` part (``{"0": ["variables.file"]}``) and one part per
file. ``decode_multipart`` turns the (already size-capped) body into the usual
``(query, variables, operationName)``, each file as a Starlette ``UploadFile`` (spooled to disk
above 1 MiB) in its variable: strawberry's ``Upload`` scalar takes it as it is. Batched
operations (a JSON list) are not supported.

Cross-site request forgery, the spec's usual worry (a form post is a "simple" request), does not
apply: every request needs an ``Authorization`` bearer token, which a browser never adds to a
cross-site form post.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any

import orjson
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.types import Message

__all__ = ["MAX_FILES", "decode_multipart", "is_multipart"]

MAX_FILES = 10


def is_multipart(request: Request) -> bool:
    return request.headers.get("content-type", "").lower().startswith("multipart/form-data")


async def read_form(request: Request, body: bytes) -> FormData:
    """The form of ``body`` (read already, under the cap), parsed by Starlette."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    replay = Request(request.scope, receive)
    parsing: Awaitable[FormData] = replay.form(max_files=MAX_FILES, max_fields=MAX_FILES + 2)
    return await parsing


def _place(operations: dict[str, Any], path: str, upload: UploadFile) -> str | None:
    """Put ``upload`` at ``path`` (``variables.file``, ``variables.files.0``) in ``operations``."""
    *parents, last = path.split(".")
    target: Any = operations
    for step in parents:
        target = target[int(step)] if isinstance(target, list) else target.get(step)
        if target is None:
            return f"map path {path!r} names no variable"
    if isinstance(target, list) and last.isdigit() and int(last) < len(target):
        target[int(last)] = upload
    elif isinstance(target, dict):
        target[last] = upload
    else:
        return f"map path {path!r} names no variable"
    return None


async def decode_multipart(
    request: Request, body: bytes
) -> tuple[tuple[str, dict[str, Any] | None, str | None], FormData] | str:
    """``((query, variables, operationName), form)`` — close ``form`` when done — or why the
    body is not a multipart GraphQL request."""
    try:
        form = await read_form(request, body)
    except Exception as exc:  # Starlette's MultiPartException and python-multipart's errors
        return f"the multipart body could not be parsed: {exc}"
    try:
        operations = orjson.loads(str(form.get("operations") or ""))
        mapping = orjson.loads(str(form.get("map") or "{}"))
    except orjson.JSONDecodeError:
        await form.close()
        return "multipart 'operations' and 'map' must be JSON"
    problem = _apply(operations, mapping, form)
    if problem is not None:
        await form.close()
        return problem
    query, variables, name = (
        operations.get("query"),
        operations.get("variables"),
        operations.get("operationName"),
    )
    if not isinstance(query, str) or not query:
        await form.close()
        return "the request has no query string"
    return (query, variables, name), form


def _apply(operations: Any, mapping: Any, form: FormData) -> str | None:
    if not isinstance(operations, dict):
        return "multipart 'operations' must be one JSON object (batches are not supported)"
    if not isinstance(mapping, dict):
        return "multipart 'map' must be a JSON object"
    for key, paths in mapping.items():
        upload = form.get(key)
        if not isinstance(upload, UploadFile):
            return f"multipart 'map' names file {key!r}, which is not in the request"
        if not isinstance(paths, list):
            return "multipart 'map' values must be lists of paths"
        for path in paths:
            problem = _place(operations, str(path), upload)
            if problem is not None:
                return problem
    return None

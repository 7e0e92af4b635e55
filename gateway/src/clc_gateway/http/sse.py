"""Subscriptions over Server-Sent Events: GraphQL over SSE, "distinct connections" mode.

``POST /graphql`` with ``Accept: text/event-stream`` and the usual JSON body (github.com/enisdenjo/
graphql-sse, PROTOCOL.md): the bearer token in ``Authorization`` is verified before anything is
subscribed (401 otherwise); the answer is a ``text/event-stream`` of ``event: next`` messages (one
GraphQL result each) ending with ``event: complete``. A subscription that may not start is one
``next`` carrying its errors, then ``complete``. A comment line every ``KEEP_ALIVE_S`` keeps
proxies from closing a quiet stream; the client ends the subscription by closing the connection.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import orjson
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from clc_gateway.execution.client import SubgraphError
from clc_gateway.execution.engine import Engine

from .door import Door, Refusal
from .ws import start

if TYPE_CHECKING:
    from clc_gateway.tenants.verify import Authenticator

__all__ = ["KEEP_ALIVE_S", "serve_sse", "wants_sse"]

KEEP_ALIVE_S = 12.0


def wants_sse(request: Request) -> bool:
    return "text/event-stream" in request.headers.get("accept", "")


def _refused(refused: Refusal) -> Response:
    error = {"message": refused.message, "extensions": {"code": refused.code}}
    return Response(
        orjson.dumps({"errors": [error]}), refused.status, media_type="application/json"
    )


def _event(kind: str, body: Any | None = None) -> bytes:
    data = orjson.dumps(body).decode() if body is not None else ""
    return f"event: {kind}\ndata: {data}\n\n".encode()


async def serve_sse(
    request: Request, engine: Engine, authenticator: Authenticator | None, door: Door
) -> Response:
    headers: dict[str, str] = {}
    auth = request.headers.get("authorization")
    if authenticator is not None:
        try:
            # a tenant IdP's caller goes on with the gateway's internal token (tenants/)
            auth = (await authenticator.authenticate(auth)).authorization
        except Exception as exc:  # every verification failure is a 401, never a 500
            error = {"message": str(exc), "extensions": {"code": "UNAUTHENTICATED"}}
            return Response(orjson.dumps({"errors": [error]}), 401, media_type="application/json")
    if auth:
        headers["authorization"] = auth
    if stop := door.declared_length(request.headers.get("content-length")):
        return _refused(stop)
    raw = await request.body()
    if stop := door.body_size(len(raw)):
        return _refused(stop)
    try:
        payload = orjson.loads(raw)
    except orjson.JSONDecodeError:
        payload = None
    started = start(engine, payload, headers, door)
    return StreamingResponse(
        _stream(started),
        media_type="text/event-stream",
        headers={"cache-control": "no-cache", "x-accel-buffering": "no"},
    )


async def _stream(
    started: AsyncIterator[dict[str, Any]] | list[dict[str, Any]],
) -> AsyncIterator[bytes]:
    if isinstance(started, list):
        yield _event("next", {"errors": started})
        yield _event("complete")
        return
    results = started.__aiter__()
    pending: asyncio.Task[dict[str, Any]] | None = None
    try:
        while True:
            if pending is None:
                pending = asyncio.ensure_future(results.__anext__())
            done, _ = await asyncio.wait({pending}, timeout=KEEP_ALIVE_S)
            if not done:
                yield b":\n\n"  # keep-alive comment
                continue
            try:
                result = pending.result()
            except StopAsyncIteration:
                break
            except SubgraphError as exc:
                error = {"message": str(exc), "extensions": {"code": "SUBGRAPH_UNAVAILABLE"}}
                yield _event("next", {"errors": [error]})
                break
            pending = None
            yield _event("next", result)
        yield _event("complete")
    finally:
        if pending is not None:
            pending.cancel()
            with contextlib.suppress(BaseException):
                await pending
        with contextlib.suppress(Exception):
            await results.aclose()  # type: ignore[attr-defined]

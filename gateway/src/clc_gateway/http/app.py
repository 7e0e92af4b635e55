"""The ASGI surface: POST /graphql (JSON), /healthz, /readyz.

With authentication on, the bearer token is verified before the body is even parsed, and the
caller's Authorization header is forwarded so every subgraph verifies it again.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from clc_gateway.execution.engine import Engine

if TYPE_CHECKING:
    from eventkit.principal import JwtVerifier

__all__ = ["create_http_app"]

log = logging.getLogger("clc_gateway")

_TRACE_HEADERS = ("traceparent", "tracestate")


def _json(body: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def create_http_app(
    engine: Engine,
    verifier: JwtVerifier | None,
    background: Callable[[], Coroutine[Any, Any, None]] | None = None,
) -> Starlette:
    """``background``: a task run for the app's lifetime (the supergraph watcher)."""

    async def graphql(request: Request) -> Response:
        # W3C trace context goes on to the subgraphs, so their spans join the caller's trace
        headers = {h: v for h in _TRACE_HEADERS if (v := request.headers.get(h)) is not None}
        if verifier is not None:
            auth = request.headers.get("authorization")
            try:
                verifier.verify_header(auth)
            except Exception as exc:  # every verification failure is a 401, never a 500
                return _json(
                    {"errors": [{"message": str(exc), "extensions": {"code": "UNAUTHENTICATED"}}]},
                    401,
                )
            headers["authorization"] = auth or ""
        try:
            body = orjson.loads(await request.body())
        except orjson.JSONDecodeError:
            return _json({"errors": [{"message": "the request body is not JSON"}]}, 400)
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            return _json(
                {"errors": [{"message": "a JSON object with a 'query' string is expected"}]}, 400
            )
        variables = body.get("variables")
        if variables is not None and not isinstance(variables, dict):
            return _json({"errors": [{"message": "'variables' must be an object"}]}, 400)
        try:
            result = await engine.execute(
                body["query"], variables, body.get("operationName"), headers
            )
        except Exception:
            # a bug of ours: the client gets an id to quote, never the exception text
            correlation = uuid.uuid4().hex
            log.exception("request failed", extra={"correlation_id": correlation})
            code = {"code": "INTERNAL_SERVER_ERROR", "correlationId": correlation}
            error = {"message": "internal error", "extensions": code}
            return _json({"data": None, "errors": [error]}, 500)
        return _json(result)

    async def healthz(_: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def readyz(_: Request) -> Response:
        """Ready when the supergraph is loaded and every subgraph answers ``{ __typename }``."""
        targets = [(n, url) for n, urls in engine.subgraph_urls.items() for url in urls]
        names = sorted(engine.subgraph_urls)
        answers = await asyncio.gather(
            *(engine.client.ping(url) for _, url in targets), return_exceptions=True
        )
        down = sorted({n for (n, _), ok in zip(targets, answers, strict=True) if ok is not True})
        status = {"status": "ready" if not down else "unready", "subgraphs": sorted(names)}
        if down:
            status["down"] = down
        return JSONResponse(status, status_code=503 if down else 200)

    @asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        task = asyncio.create_task(background()) if background else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
            await engine.client.close()

    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["POST"]),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
        ],
        lifespan=lifespan,
    )

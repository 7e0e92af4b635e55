"""The ASGI surface: POST /graphql (JSON), /healthz, /readyz, /metrics.

With authentication on, the bearer token is verified before the body is even parsed, and the
caller's Authorization header is forwarded so every subgraph verifies it again.

Every /graphql request gets a correlation id (the caller's ``x-correlation-id`` if it sent a
sane one), answered in the ``x-correlation-id`` header, written in the one log line per request
(``clc_gateway.request``: operation, outcome, duration, subgraph fetches) and quoted in a masked
internal error.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute

from clc_gateway.execution.client import RequestStats, request_stats
from clc_gateway.execution.consistency import CONSISTENCY_HEADER
from clc_gateway.execution.engine import Engine

from .door import Door, Refusal
from .metrics import CONTENT_TYPE, GatewayMetrics
from .sse import serve_sse, wants_sse
from .ws import SubscriptionSocket

if TYPE_CHECKING:
    from eventkit.principal import JwtVerifier

__all__ = ["create_http_app"]

log = logging.getLogger("clc_gateway")
request_log = logging.getLogger("clc_gateway.request")

# W3C trace context, and the client's consistency token (see execution/consistency.py)
_FORWARDED = ("traceparent", "tracestate", CONSISTENCY_HEADER)
_CORRELATION = re.compile(r"[A-Za-z0-9._-]{1,64}")


def _json(body: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(body), status_code=status, media_type="application/json")


def _refusal(refused: Refusal) -> Response:
    error = {"message": refused.message, "extensions": {"code": refused.code}}
    return _json({"errors": [error]}, refused.status)


def create_http_app(
    engine: Engine,
    verifier: JwtVerifier | None,
    background: Callable[[], Coroutine[Any, Any, None]] | None = None,
    door: Door | None = None,
    max_subscriptions: int = 20,
) -> Starlette:
    """``background``: a task run for the app's lifetime (the supergraph watcher); ``door``: what
    is refused before planning (body and document size, introspection)."""
    door = door or Door()

    metrics = GatewayMetrics(engine)
    engine.client.observer = metrics

    async def graphql(request: Request) -> Response:
        if wants_sse(request):  # a subscription over SSE (http/sse.py)
            return await serve_sse(request, engine, verifier, door)
        started = time.perf_counter()
        sent = request.headers.get("x-correlation-id")
        correlation = sent if sent and _CORRELATION.fullmatch(sent) else uuid.uuid4().hex
        stats = RequestStats()
        token = request_stats.set(stats)
        operation: object = None
        try:
            outcome, operation, response = await _answer(request, correlation)
        finally:
            request_stats.reset(token)
        seconds = time.perf_counter() - started
        operation = stats.operation or operation
        label = metrics.operation_label(operation)
        metrics.request(label, outcome, seconds)
        request_log.info(
            "request",
            extra={
                "operation": operation if isinstance(operation, str) else None,
                "outcome": outcome,
                "duration_ms": round(seconds * 1000, 2),
                "subgraph_fetches": stats.fetches,
                "deduplicated_fetches": stats.deduplicated,
                "correlation_id": correlation,
            },
        )
        response.headers["x-correlation-id"] = correlation
        return response

    async def _answer(request: Request, correlation: str) -> tuple[str, object, Response]:
        """(outcome, operation name, response) of one /graphql request."""
        # W3C trace context goes on to the subgraphs, so their spans join the caller's trace
        headers = {h: v for h in _FORWARDED if (v := request.headers.get(h)) is not None}
        if verifier is not None:
            auth = request.headers.get("authorization")
            try:
                verifier.verify_header(auth)
            except Exception as exc:  # every verification failure is a 401, never a 500
                refused = {"message": str(exc), "extensions": {"code": "UNAUTHENTICATED"}}
                return "unauthenticated", None, _json({"errors": [refused]}, 401)
            headers["authorization"] = auth or ""
        if stop := door.declared_length(request.headers.get("content-length")):
            return "refused", None, _refusal(stop)
        raw = await request.body()
        if stop := door.body_size(len(raw)):
            return "refused", None, _refusal(stop)
        try:
            body: Any = orjson.loads(raw)
        except orjson.JSONDecodeError:
            message = "the request body is not JSON"
            return "bad_request", None, _json({"errors": [{"message": message}]}, 400)
        if not isinstance(body, dict) or not isinstance(body.get("query"), str):
            message = "a JSON object with a 'query' string is expected"
            return "bad_request", None, _json({"errors": [{"message": message}]}, 400)
        operation = body.get("operationName")
        if operation is not None and not isinstance(operation, str):
            message = "'operationName' must be a string"
            return "bad_request", None, _json({"errors": [{"message": message}]}, 400)
        variables = body.get("variables")
        if variables is not None and not isinstance(variables, dict):
            message = "'variables' must be an object"
            return "bad_request", operation, _json({"errors": [{"message": message}]}, 400)
        if stop := door.document(body["query"]):
            return "refused", operation, _refusal(stop)
        try:
            result = await engine.execute(body["query"], variables, operation, headers)
        except Exception:
            # a bug of ours: the client gets an id to quote, never the exception text
            log.exception("request failed", extra={"correlation_id": correlation})
            code = {"code": "INTERNAL_SERVER_ERROR", "correlationId": correlation}
            error = {"message": "internal error", "extensions": code}
            return "internal_error", operation, _json({"data": None, "errors": [error]}, 500)
        if not result.get("errors"):
            outcome = "ok"
        elif result.get("data") is not None:
            outcome = "partial"
        else:
            outcome = "error"
        response = _json(result)
        if token := (result.get("extensions") or {}).get("consistencyToken"):
            response.headers[CONSISTENCY_HEADER] = token
        return outcome, operation, response

    async def prometheus(_: Request) -> Response:
        return Response(metrics.exposition(), media_type=CONTENT_TYPE)

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
            WebSocketRoute(
                "/graphql",
                SubscriptionSocket(
                    engine, verifier, max_subscriptions=max_subscriptions, door=door
                ).serve,
            ),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", prometheus),
        ],
        lifespan=lifespan,
    )

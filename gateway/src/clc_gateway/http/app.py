"""The ASGI surface: POST /graphql (JSON, or files by the multipart spec: ``upload.py``), GET
/graphql (query string, e.g. persisted queries; GraphiQL for a browser: ``graphiql.py``), OPTIONS
/graphql (CORS preflight), /healthz, /readyz, /metrics.

In order, before any planning: the bearer token is verified (``tenants.verify``: a tenant's own
identity provider or the development secret) before the body is even parsed, the caller's rate
limit is taken, the body is read within its size cap, a persisted query is resolved or refused,
and the door's document checks run. The subgraphs get an Authorization header they verify again
(the caller's own, or the gateway's internal token for a tenant IdP's caller). CORS headers are
added by the caller's tenant.

Every /graphql request gets a correlation id (the caller's ``x-correlation-id`` if it sent a
sane one), answered in the ``x-correlation-id`` header, written in the one log line per request
(``clc_gateway.request``: operation, outcome, duration, subgraph fetches) and quoted in a masked
internal error.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import orjson
from graphql import GraphQLError, OperationType, get_operation_ast, parse
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route, WebSocketRoute

from clc_gateway.execution.client import RequestStats, request_stats
from clc_gateway.execution.consistency import CONSISTENCY_HEADER
from clc_gateway.execution.engine import Engine

from .cors import Cors
from .door import Door, Refusal
from .events import EventCatalog
from .graphiql import GraphiQL
from .metrics import CONTENT_TYPE, GatewayMetrics
from .persisted import PersistedQueries
from .ratelimit import RateLimiter
from .sse import serve_sse, wants_sse
from .upload import Refused, UploadLimits, is_multipart, receiving
from .ws import SubscriptionSocket

if TYPE_CHECKING:
    from eventkit.principal import JwtVerifier

    from clc_gateway.tenants.verify import Authenticator

__all__ = ["Guards", "create_http_app"]

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


def _bad_request(message: str) -> Response:
    return _json({"errors": [{"message": message}]}, 400)


def _get_body(request: Request) -> dict[str, Any] | str:
    """The GraphQL-over-HTTP GET parameters as a POST body would carry them, or what is wrong."""
    body: dict[str, Any] = {}
    for name in ("query", "operationName"):
        if (value := request.query_params.get(name)) is not None:
            body[name] = value
    for name in ("variables", "extensions"):
        if (raw := request.query_params.get(name)) is not None:
            try:
                body[name] = orjson.loads(raw)
            except orjson.JSONDecodeError:
                return f"the '{name}' parameter is not JSON"
    return body


@functools.lru_cache(maxsize=256)
def _mutates(document: str, operation: str | None) -> bool:
    """Whether the operation chosen is a mutation or subscription (refused over GET)."""
    try:
        chosen = get_operation_ast(parse(document), operation)
    except GraphQLError:
        return False  # the engine reports the syntax error
    return chosen is not None and chosen.operation is not OperationType.QUERY


def _wants_ide(request: Request) -> bool:
    """A browser's plain GET (HTML accepted, no operation in the query string) gets GraphiQL."""
    return (
        request.method == "GET"
        and "text/html" in request.headers.get("accept", "")
        and "query" not in request.query_params
        and "extensions" not in request.query_params
    )


@dataclass(frozen=True)
class Guards:
    """What protects the front door besides the door's size checks."""

    limiter: RateLimiter | None = None
    persisted: PersistedQueries = field(default_factory=PersistedQueries)
    cors: Cors = field(default_factory=Cors)
    starting: tuple[Callable[[], Coroutine[Any, Any, None]], ...] = ()
    """Awaited before serving (the tenant registry's first load, the first JWKS fetches)."""
    background: tuple[Callable[[], Coroutine[Any, Any, None]], ...] = ()
    """Run for the app's lifetime (registry and JWKS refresh)."""


def create_http_app(
    engine: Engine,
    verifier: Authenticator | JwtVerifier | None,
    background: Callable[[], Coroutine[Any, Any, None]] | None = None,
    door: Door | None = None,
    guards: Guards | None = None,
    uploads: UploadLimits | None = None,
    graphiql: GraphiQL | None = None,
    max_subscriptions: int = 20,
) -> Starlette:
    """``verifier``: who the caller is (a bare ``JwtVerifier`` is the development/legacy path
    alone); ``background``: a task run for the app's lifetime (the supergraph watcher); ``door``:
    what is refused before planning (body and document size, introspection); ``guards``: rate
    limit, persisted queries, CORS; ``uploads``: the caps on multipart requests (``upload.py``);
    ``graphiql``: the IDE a browser gets at ``GET /graphql``, if served."""
    door = door or Door()
    guards = guards or Guards()
    uploads = uploads or UploadLimits(max_json_bytes=door.max_body_bytes or 1_000_000)
    authenticator: Authenticator | None = None
    if verifier is not None:
        # imported only when used: the no-auth audit runs start a gateway per suite
        from clc_gateway.tenants.verify import Authenticator

        authenticator = (
            verifier if isinstance(verifier, Authenticator) else Authenticator(dev=verifier)
        )

    metrics = GatewayMetrics(engine)
    engine.client.observer = metrics

    async def graphql(request: Request) -> Response:
        if graphiql is not None and _wants_ide(request):
            return await graphiql.ide(request)
        if wants_sse(request):  # a subscription over SSE (http/sse.py)
            return await serve_sse(request, engine, authenticator, door)
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
        guards.cors.decorate(
            response, request.headers.get("origin"), getattr(request.state, "tenant_id", None)
        )
        return response

    async def preflight(request: Request) -> Response:
        return guards.cors.preflight(request)

    async def _admit(request: Request, headers: dict[str, str]) -> Response | None:
        """Authenticate and take the rate limit: ``None`` to go on, else the refusal."""
        key = f"address:{request.client.host if request.client else '?'}"
        if authenticator is not None:
            try:
                caller = await authenticator.authenticate(request.headers.get("authorization"))
            except Exception as exc:  # every verification failure is a 401, never a 500
                if guards.limiter is not None:
                    guards.limiter.take(key)  # guessing tokens costs the address its budget
                refused = {"message": str(exc), "extensions": {"code": "UNAUTHENTICATED"}}
                return _json({"errors": [refused]}, 401)
            headers["authorization"] = caller.authorization
            request.state.tenant_id = caller.principal.tenant_id
            key = f"principal:{caller.principal.tenant_id}/{caller.principal.person_id}"
        if guards.limiter is not None and (wait := guards.limiter.take(key)) is not None:
            message = f"too many requests: at most {guards.limiter.rate:g} per second"
            error = {"message": message, "extensions": {"code": "RATE_LIMITED"}}
            answer = _json({"errors": [error]}, 429)
            answer.headers["retry-after"] = RateLimiter.retry_after(wait)
            return answer
        return None

    async def _read_body(request: Request) -> Any:
        """The request's GraphQL parameters (a dict if well-formed), or the refusal."""
        if request.method == "GET":
            return _get_body(request)
        if stop := door.declared_length(request.headers.get("content-length")):
            return _refusal(stop)
        raw = await request.body()
        if stop := door.body_size(len(raw)):
            return _refusal(stop)
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            return "the request body is not JSON"

    async def _answer(request: Request, correlation: str) -> tuple[str, object, Response]:
        """(outcome, operation name, response) of one /graphql request."""
        # W3C trace context goes on to the subgraphs, so their spans join the caller's trace
        headers = {h: v for h in _FORWARDED if (v := request.headers.get(h)) is not None}
        if (refused := await _admit(request, headers)) is not None:
            outcome = "unauthenticated" if refused.status_code == 401 else "rate_limited"
            return outcome, None, refused
        if is_multipart(request.headers.get("content-type")):
            try:
                async with receiving(request, uploads) as operations:
                    return await _respond(request, operations, headers, correlation)
            except Refused as too_much:
                return "refused", None, _refusal(too_much.refusal)
        body = await _read_body(request)
        if isinstance(body, Response):
            return "refused", None, body
        if isinstance(body, str):
            return "bad_request", None, _bad_request(body)
        return await _respond(request, body, headers, correlation)

    async def _respond(
        request: Request, body: Any, headers: dict[str, str], correlation: str
    ) -> tuple[str, object, Response]:
        """(outcome, operation name, response) of a request's parameters (JSON, GET's query
        string, or multipart's ``operations`` with the files in place)."""
        if not isinstance(body, dict):
            return "bad_request", None, _bad_request("a JSON object is expected")
        operation = body.get("operationName")
        if operation is not None and not isinstance(operation, str):
            return "bad_request", None, _bad_request("'operationName' must be a string")
        query = guards.persisted.resolve(body.get("query"), body.get("extensions"))
        if isinstance(query, Refusal):
            # a persisted query the cache lacks is the protocol's normal first step, not a refusal
            outcome = "apq_miss" if query.code == "PERSISTED_QUERY_NOT_FOUND" else "refused"
            return outcome, operation, _refusal(query)
        if query is None:
            message = "a JSON object with a 'query' string is expected"
            return "bad_request", operation, _bad_request(message)
        variables = body.get("variables")
        if variables is not None and not isinstance(variables, dict):
            return "bad_request", operation, _bad_request("'variables' must be an object")
        if stop := door.document(query):
            return "refused", operation, _refusal(stop)
        if request.method == "GET" and _mutates(query, operation):
            answer = _bad_request("only queries may be sent with GET; use POST")
            answer.status_code, answer.headers["allow"] = 405, "POST"
            return "bad_request", operation, answer
        try:
            result = await engine.execute(query, variables, operation, headers)
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
        for start in guards.starting:
            await start()
        runs = [background] if background else []
        tasks = [asyncio.create_task(run()) for run in [*runs, *guards.background]]
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await engine.client.close()

    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/graphql", preflight, methods=["OPTIONS"]),
            *(graphiql.routes() if graphiql else ()),
            WebSocketRoute(
                "/graphql",
                SubscriptionSocket(
                    engine, authenticator, max_subscriptions=max_subscriptions, door=door
                ).serve,
            ),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/metrics", prometheus),
            *EventCatalog().routes(),  # GET /events: the event catalogue (http/events.py)
        ],
        lifespan=lifespan,
    )

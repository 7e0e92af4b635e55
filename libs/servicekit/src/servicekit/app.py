"""The FastAPI application of a subgraph: GraphQL, health, readiness and metrics over a ``Runtime``.

The lifespan runs the whole service (``running``), so embedding the app — uvicorn in production,
an in-process ASGI client in tests — starts and stops everything with it.

``/graphql`` is servicekit's own endpoint (``http.py``: limits, authentication before parsing,
cached documents, masked errors). With ``CLC_ENVIRONMENT=production`` introspection, GraphiQL
(``GET /graphql``) and FastAPI's ``/docs``, ``/redoc`` and ``/openapi.json`` are off, and
``/metrics`` answers only ``Authorization: Bearer <metrics_token>``.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from eventkit.principal import JwtVerifier, Principal
from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.routing import Route
from strawberry import Schema
from strawberry.http.ides import get_graphql_ide_html

from .context import ServiceContext
from .definition import ServiceDefinition
from .http import DocumentCache, GraphQLEndpoint
from .limits import Limits
from .runtime import Runtime, running
from .settings import ServiceSettings
from .telemetry import ServiceMetrics

__all__ = ["create_app"]

S = TypeVar("S", bound=ServiceSettings)
C = TypeVar("C")


def create_app(
    settings: S,
    definition: ServiceDefinition[S, C],
    schema: Schema,
    context_class: type[ServiceContext[C]] = ServiceContext,
) -> FastAPI:
    """``/graphql`` (with ``context_class`` per request), ``/healthz``, ``/readyz``, ``/metrics``.

    ``/readyz`` is 503 until the database answers and while the relay and projector run;
    ``/healthz`` only says the process serves HTTP. While dead letters are unhandled ``/readyz``
    stays 200 (the service still serves; every instance shares the read models, so taking one
    out would not help) but says ``"degraded": true`` with ``"deadLetters": {reason: count}``.
    """

    metrics = ServiceMetrics(definition.name)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with running(settings, definition) as runtime:
            app.state.runtime = runtime
            metrics.attach(runtime)
            yield

    production = settings.production
    hidden: dict[str, Any] = {"docs_url": None, "redoc_url": None, "openapi_url": None}
    app = FastAPI(
        title=f"clc {definition.name}", lifespan=lifespan, **(hidden if production else {})
    )
    app.state.schema = schema
    app.state.metrics = metrics
    _graphql_routes(app, settings, schema, context_class, metrics)

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz")
    async def readyz(request: Request) -> Response:
        runtime: Runtime[C] = request.app.state.runtime
        try:
            await runtime.pool.fetchval("select 1")
            dead_letters = await runtime.refresh_dead_letters()
            database = True
        except Exception:
            database, dead_letters = False, runtime.dead_letter_counts()
        ready = database and runtime.projector_running
        body = {
            "database": database,
            "projector": runtime.projector_running,
            "degraded": bool(dead_letters),
            "deadLetters": dead_letters,
        }
        return JSONResponse(body, status_code=200 if ready else 503)

    @app.get("/metrics")
    async def metrics_endpoint(request: Request) -> Response:
        if settings.metrics_token and not _bearer_is(request, settings.metrics_token):
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        return Response(await metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    return app


def _graphql_routes(
    app: FastAPI,
    settings: ServiceSettings,
    schema: Schema,
    context_class: type[ServiceContext[C]],
    metrics: ServiceMetrics,
) -> None:
    """``POST /graphql`` always; ``GET /graphql`` (GraphiQL) only outside production."""
    limits = Limits(
        max_tokens=settings.max_query_tokens,
        max_depth=settings.max_query_depth,
        max_aliases=settings.max_aliases,
        max_cost=settings.max_query_cost,
        list_size=settings.list_size_estimate,
    )
    documents = DocumentCache(
        schema,
        limits,
        settings.document_cache_size,
        introspection=not settings.production,
        max_chars=settings.document_cache_max_chars,
    )

    def verifier(request: Request) -> JwtVerifier:
        runtime: Runtime[C] = request.app.state.runtime
        return runtime.verifier

    def context(request: Request, principal: Principal) -> ServiceContext[C]:
        runtime: Runtime[C] = request.app.state.runtime
        found = context_class(runtime.services, principal, None)
        found.request = request
        return found

    endpoint = GraphQLEndpoint(
        schema,
        documents,
        max_body_bytes=settings.max_body_bytes,
        max_upload_bytes=settings.max_upload_bytes,
        body_timeout_s=settings.body_timeout_s,
        verifier=verifier,
        context=context,
        metrics=metrics,
    )

    # Plain Starlette routes: FastAPI's dependency resolution would only add per-request work.
    async def graphql(request: Request) -> Response:
        return await endpoint(request)

    app.router.routes.append(Route("/graphql", graphql, methods=["POST"]))
    if not settings.production:

        async def graphiql(request: Request) -> Response:
            return HTMLResponse(get_graphql_ide_html())

        app.router.routes.append(Route("/graphql", graphiql, methods=["GET"]))


def _bearer_is(request: Request, token: str) -> bool:
    given = request.headers.get("authorization", "")
    return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())

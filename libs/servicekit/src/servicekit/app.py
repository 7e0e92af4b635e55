"""The FastAPI application of a subgraph: GraphQL, health, readiness and metrics over a ``Runtime``.

The lifespan runs the whole service (``running``), so embedding the app — uvicorn in production,
an in-process ASGI client in tests — starts and stops everything with it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from strawberry import Schema
from strawberry.fastapi import GraphQLRouter

from .context import ServiceContext
from .definition import ServiceDefinition
from .metrics import CONTENT_TYPE, prometheus_text
from .runtime import Runtime, running
from .settings import ServiceSettings

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

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with running(settings, definition) as runtime:
            app.state.runtime = runtime
            yield

    app = FastAPI(title=f"clc {definition.name}", lifespan=lifespan)

    async def context(request: Request) -> ServiceContext[C]:
        runtime: Runtime[C] = request.app.state.runtime
        authorization = request.headers.get("authorization")
        return context_class.authenticate(runtime.services, runtime.verifier, authorization)

    router: GraphQLRouter[Any, None] = GraphQLRouter(schema, context_getter=context)
    app.include_router(router, prefix="/graphql")

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
    async def metrics(request: Request) -> Response:
        runtime: Runtime[C] = request.app.state.runtime
        return PlainTextResponse(prometheus_text(runtime.counters()), media_type=CONTENT_TYPE)

    return app

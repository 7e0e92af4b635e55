"""The FastAPI application: GraphQL, health, readiness and metrics over one ``Runtime``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from eventkit.errors import AuthenticationFailed
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from strawberry.fastapi import GraphQLRouter

from .api import GroupsContext, build_schema
from .observability import prometheus_text
from .runtime import Runtime, running
from .settings import GroupsSettings

__all__ = ["create_app"]


def create_app(settings: GroupsSettings | None = None) -> FastAPI:
    config = settings or GroupsSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with running(config) as runtime:
            app.state.runtime = runtime
            yield

    app = FastAPI(title="clc groups", lifespan=lifespan)

    async def context(request: Request) -> GroupsContext:
        runtime: Runtime = request.app.state.runtime
        try:
            principal = runtime.verifier.verify_header(request.headers.get("authorization"))
        except AuthenticationFailed as exc:
            return GroupsContext(runtime.services, None, str(exc))
        return GroupsContext(runtime.services, principal, None)

    app.include_router(GraphQLRouter(build_schema(), context_getter=context), prefix="/graphql")

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz")
    async def readyz(request: Request) -> Response:
        runtime: Runtime = request.app.state.runtime
        try:
            await runtime.pool.fetchval("select 1")
            database = True
        except Exception:
            database = False
        ready = database and runtime.projector_running
        body = {"database": database, "projector": runtime.projector_running}
        return JSONResponse(body, status_code=200 if ready else 503)

    @app.get("/metrics")
    async def metrics(request: Request) -> Response:
        runtime: Runtime = request.app.state.runtime
        text = prometheus_text(
            {
                "groups_events_appended_total": ("Events appended", runtime.store.appended),
                "groups_relay_published_total": ("Events published", runtime.relay.stats.published),
                "groups_projector_applied_total": ("Events applied", runtime.runner.stats.applied),
                "groups_projector_dead_lettered_total": (
                    "Events dead-lettered",
                    runtime.runner.stats.dead_lettered,
                ),
            }
        )
        return PlainTextResponse(text, media_type="text/plain; version=0.0.4")

    return app

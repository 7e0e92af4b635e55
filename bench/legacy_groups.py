"""The groups subgraph as it was served before the hardening: the "before" of ``http_bench``.

strawberry's ``GraphQLRouter`` (a parse and a validation per request, stdlib JSON, no limits),
the token checked only when a field asks for the principal, one uvicorn process running the
relay and the projector too. Run: ``python -m bench.legacy_groups`` (settings from the
environment, as ``clc-groups serve`` reads them).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from clc_groups.api import build_schema
from clc_groups.service import GROUPS
from clc_groups.settings import GroupsSettings
from fastapi import FastAPI, Request
from servicekit.context import ServiceContext
from servicekit.runtime import Runtime, running
from strawberry.fastapi import GraphQLRouter


def create_legacy_app(settings: GroupsSettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with running(settings, GROUPS) as runtime:
            app.state.runtime = runtime
            yield

    app = FastAPI(title="clc groups (legacy)", lifespan=lifespan)

    async def context(request: Request) -> ServiceContext[Any]:
        runtime: Runtime[Any] = request.app.state.runtime
        authorization = request.headers.get("authorization")
        return ServiceContext.authenticate(runtime.services, runtime.verifier, authorization)

    router: GraphQLRouter[Any, None] = GraphQLRouter(build_schema(), context_getter=context)
    app.include_router(router, prefix="/graphql")

    @app.get("/readyz")
    async def readyz(request: Request) -> dict[str, bool]:
        return {"ready": True}

    return app


if __name__ == "__main__":
    settings = GroupsSettings()
    # The event loop and HTTP parser of the time: uvloop and httptools were not installed.
    uvicorn.run(
        create_legacy_app(settings),
        host="127.0.0.1",
        port=settings.port,
        log_level="warning",
        loop="asyncio",
        http="h11",
    )

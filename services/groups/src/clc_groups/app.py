"""The groups FastAPI application: servicekit's app over the groups subgraph schema, and the
internal endpoint through which other services get a practitioner's data key
(``servicekit.crypto.remote``)."""

from __future__ import annotations

from fastapi import FastAPI
from servicekit.app import create_app as create_service_app
from servicekit.crypto import PostgresKeyStore, key_routes
from starlette.requests import Request

from .api import build_schema
from .service import GROUPS
from .settings import GroupsSettings

__all__ = ["create_app"]


def create_app(settings: GroupsSettings | None = None) -> FastAPI:
    settings = settings or GroupsSettings()
    app = create_service_app(settings, GROUPS, build_schema())
    if settings.key_service_secret:
        keks = settings.keks()

        def keys(request: Request) -> PostgresKeyStore:
            return PostgresKeyStore(request.app.state.runtime.pool, keks)

        app.router.routes.extend(
            key_routes(keys, settings.key_service_secret, subject_prefix="practitioner:")
        )
    return app

"""The knowledge FastAPI application: servicekit's app over the knowledge subgraph schema."""

from __future__ import annotations

from fastapi import FastAPI
from servicekit.app import create_app as create_service_app
from starlette.routing import Route

from .api import KnowledgeContext, build_schema
from .api.attachments import DOWNLOAD_PATH, download
from .service import KNOWLEDGE
from .settings import KnowledgeSettings

__all__ = ["create_app"]


def create_app(settings: KnowledgeSettings | None = None) -> FastAPI:
    app = create_service_app(
        settings or KnowledgeSettings(), KNOWLEDGE, build_schema(), context_class=KnowledgeContext
    )
    app.router.routes.append(Route(DOWNLOAD_PATH, download, methods=["GET"]))
    return app

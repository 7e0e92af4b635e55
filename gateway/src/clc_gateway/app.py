"""Composition root: settings -> supergraph -> engine -> ASGI app. Nothing connects at import."""

from __future__ import annotations

from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from starlette.applications import Starlette

from .execution.client import SubgraphClient
from .execution.engine import Engine
from .http.app import create_http_app
from .http.door import Door
from .http.graphiql import GraphiQL, default_assets_dir
from .http.upload import UploadLimits
from .settings import GatewaySettings
from .supergraph.load import load_supergraph
from .supergraph.reload import watch_supergraph
from .tenants.wiring import front_door

__all__ = ["create_app"]


def create_app(settings: GatewaySettings) -> Starlette:
    path = Path(settings.supergraph)
    sg = load_supergraph(path.read_text())
    engine = Engine(
        sg,
        SubgraphClient(timeout_s=settings.subgraph_timeout_s),
        replicas=settings.subgraph_urls,
        max_depth=settings.max_depth,
        max_aliases=settings.max_aliases,
        max_cost=settings.max_cost,
    )
    # who may call, and how much: tenant IdPs + dev secret, rate limit, persisted queries, CORS
    verifier, guards = front_door(settings, engine)
    watch = None
    if settings.reload_interval_s > 0:
        interval = settings.reload_interval_s

        def watch() -> Coroutine[Any, Any, None]:
            return watch_supergraph(path, engine, interval)

    door = Door(
        max_body_bytes=settings.max_body_bytes,
        max_document_chars=settings.max_document_chars,
        introspection=settings.introspection_on,
    )
    uploads = UploadLimits(
        max_file_bytes=settings.max_upload_bytes,
        max_files=settings.max_upload_files,
        max_json_bytes=settings.max_body_bytes or 1_000_000,
    )
    graphiql = None
    if settings.graphiql_on:
        assets = Path(settings.graphiql_assets) if settings.graphiql_assets else None
        graphiql = GraphiQL(assets or default_assets_dir(), settings.graphiql_dev_token)
    return create_http_app(
        engine,
        verifier,
        watch,
        door,
        guards=guards,
        uploads=uploads,
        graphiql=graphiql,
        max_subscriptions=settings.max_subscriptions_per_connection,
    )

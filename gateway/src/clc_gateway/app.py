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
from .settings import GatewaySettings
from .supergraph.load import load_supergraph
from .supergraph.reload import watch_supergraph

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
    verifier = None
    if not settings.no_auth:
        # imported only when used: the no-auth audit runs start a gateway per suite
        from eventkit.principal import JwtVerifier

        verifier = JwtVerifier(
            hs256_secret=settings.jwt_hs256_secret,
            jwks=settings.jwks,
            jwks_url=settings.jwks_url,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            max_lifetime_s=settings.jwt_max_lifetime_s,
        )
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
    return create_http_app(
        engine, verifier, watch, door, max_subscriptions=settings.max_subscriptions_per_connection
    )

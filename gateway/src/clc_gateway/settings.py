"""The gateway's one settings class, read from ``GATEWAY_*`` environment variables."""

from __future__ import annotations

from typing import Self

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["GatewaySettings"]


class GatewaySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    supergraph: str = "gateway/supergraph.graphql"
    host: str = "127.0.0.1"
    port: int = 8000
    environment: str = "development"
    no_auth: bool = False
    """Serve without verifying credentials (the conformance audit's subgraphs send none)."""
    jwt_hs256_secret: str | None = None
    jwks: str | None = None
    jwks_url: str | None = None
    jwt_issuer: str | None = None
    jwt_audience: str | None = None
    subgraph_timeout_s: float = 30.0
    subgraph_urls: dict[str, list[str]] = {}
    """Replicas: subgraph name -> URLs, called in turn (JSON in ``GATEWAY_SUBGRAPH_URLS``);
    a subgraph not named here is called at its supergraph URL."""
    max_depth: int = 15
    """Deepest field nesting a client operation may have (0: no limit)."""
    max_aliases: int = 30
    """Most aliases a client operation may use (0: no limit)."""
    max_cost: int = 50_000
    """Largest estimated cost of a client operation (``planning/limits.py``; 0: no limit)."""
    max_body_bytes: int = 1_000_000
    """The largest JSON body read; larger is 413 before reading (0: no limit)."""
    max_document_chars: int = 100_000
    """The longest GraphQL document planned (0: no limit)."""
    introspection: bool | None = None
    """Answer ``__schema``/``__type``; default: on, except in production."""
    jwt_max_lifetime_s: int | None = 24 * 3600
    """Longest a token may live; production refuses ``None``."""
    max_upload_bytes: int = 20_000_000
    """The largest file of a multipart upload (``http/upload.py``): 413 ``UPLOAD_TOO_LARGE``."""
    max_upload_files: int = 10
    """Most files one multipart request may carry."""
    graphiql: bool | None = None
    """Serve GraphiQL at ``GET /graphql``; default: on, except in production."""
    graphiql_assets: str | None = None
    """Where GraphiQL's npm files are; default ``gateway/graphiql/node_modules``."""
    graphiql_dev_token: str | None = None
    """A token GraphiQL pre-fills (``make run`` sets it); refused in production."""
    ssl_certfile: str | None = None
    """Serve HTTPS with this certificate (PEM) and ``ssl_keyfile``; plain HTTP when unset."""
    ssl_keyfile: str | None = None
    log_level: str = "INFO"
    """INFO writes one JSON line per request (``clc_gateway.request``); WARNING leaves them out."""
    reload_interval_s: float = 1.0
    """How often the supergraph file is checked for changes; 0 turns hot reload off."""

    @model_validator(mode="after")
    def _auth_is_configured(self) -> Self:
        if self.no_auth and self.environment == "production":
            raise ValueError("GATEWAY_NO_AUTH is refused in production")
        if self.environment == "production":
            # a token minted for another audience or issuer must not open the gateway
            if not (self.jwt_issuer and self.jwt_audience):
                raise ValueError("production needs GATEWAY_JWT_ISSUER and GATEWAY_JWT_AUDIENCE")
            if self.jwt_max_lifetime_s is None:
                raise ValueError("production needs GATEWAY_JWT_MAX_LIFETIME_S")
            if self.introspection:
                raise ValueError("production serves no introspection")
            if self.graphiql_dev_token:
                raise ValueError("production pre-fills no token in GraphiQL")
        if not self.no_auth and not (self.jwt_hs256_secret or self.jwks or self.jwks_url):
            raise ValueError(
                "authentication needs GATEWAY_JWT_HS256_SECRET, GATEWAY_JWKS or "
                "GATEWAY_JWKS_URL (or --no-auth)"
            )
        return self

    @property
    def graphiql_on(self) -> bool:
        return self.environment != "production" if self.graphiql is None else self.graphiql

    @property
    def introspection_on(self) -> bool:
        return (
            self.environment != "production" if self.introspection is None else self.introspection
        )

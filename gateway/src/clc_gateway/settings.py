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
    max_subscriptions_per_connection: int = 20
    """Subscriptions one WebSocket may run at once (http/ws.py)."""
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

    # --- front door for public clients: tenant IdPs, rate limit, persisted queries, CORS ---
    database_url: str | None = None
    """The gateway's own PostgreSQL database, home of the tenant registry (``clc tenant ...``);
    without it only the development/legacy verifier signs people in."""
    tenants_refresh_s: float = 30.0
    """How often the registry is re-read (a new tenant or IdP is honoured within this)."""
    jwks_refresh_s: float = 300.0
    """Longest a JWKS copy is kept (a shorter ``Cache-Control: max-age`` wins)."""
    jwks_min_refetch_s: float = 30.0
    """At most one JWKS fetch per URL per this many seconds (unknown ``kid``s included)."""
    internal_jwt_secret: str | None = None
    """Signs the tokens subgraphs get after a tenant IdP sign-in (default: the HS256 secret)."""
    internal_jwt_issuer: str | None = "clc-gateway"
    internal_jwt_audience: str | None = None
    internal_jwt_lifetime_s: int = 300
    rate_limit_per_s: float | None = None
    """Requests per second per principal (per address without one); default off, except 20 in
    production; 0 turns it off."""
    rate_limit_burst: int = 40
    """Requests a principal may make at once before the rate applies."""
    apq: bool = True
    """Automatic persisted queries (Apollo's protocol)."""
    apq_max_entries: int = 2_000
    persisted_manifest: str | None = None
    """A persisted query manifest (Apollo or Relay format): only its operations run."""
    cors_origins: list[str] = []
    """Browser origins allowed for every tenant (JSON list; per-tenant ones are in the registry)."""

    @model_validator(mode="after")
    def _auth_is_configured(self) -> Self:
        if self.no_auth and self.environment == "production":
            raise ValueError("GATEWAY_NO_AUTH is refused in production")
        legacy = bool(self.jwt_hs256_secret or self.jwks or self.jwks_url)
        if self.environment == "production":
            # a token minted for another audience or issuer must not open the gateway
            if legacy and not (self.jwt_issuer and self.jwt_audience):
                raise ValueError("production needs GATEWAY_JWT_ISSUER and GATEWAY_JWT_AUDIENCE")
            if self.jwt_max_lifetime_s is None:
                raise ValueError("production needs GATEWAY_JWT_MAX_LIFETIME_S")
            if self.introspection:
                raise ValueError("production serves no introspection")
            if self.graphiql_dev_token:
                raise ValueError("production pre-fills no token in GraphiQL")
        if not self.no_auth and not (legacy or self.database_url):
            raise ValueError(
                "authentication needs GATEWAY_JWT_HS256_SECRET, GATEWAY_JWKS, "
                "GATEWAY_JWKS_URL or GATEWAY_DATABASE_URL (a tenant registry) (or --no-auth)"
            )
        if self.database_url and not (self.internal_jwt_secret or self.jwt_hs256_secret):
            raise ValueError("tenant identity providers need GATEWAY_INTERNAL_JWT_SECRET")
        return self

    @property
    def graphiql_on(self) -> bool:
        return self.environment != "production" if self.graphiql is None else self.graphiql

    @property
    def rate_limit(self) -> float:
        if self.rate_limit_per_s is None:
            return 20.0 if self.environment == "production" else 0.0
        return self.rate_limit_per_s

    @property
    def introspection_on(self) -> bool:
        return (
            self.environment != "production" if self.introspection is None else self.introspection
        )

"""The configuration every subgraph service shares, read from the environment.

A service subclasses ``ServiceSettings``, sets its ``env_prefix`` (``GROUPS_``, ``ENQUIRY_``…) and
gives the identity fields (database, role, topics, projector name) their defaults. The two pieces
of shared infrastructure, ``DATABASE_URL`` and ``KAFKA_BOOTSTRAP_SERVERS``, are also read without
the prefix, so one environment can serve every service; the prefixed variable wins when both are
set. That fallback is a settings *source* rather than a field alias, because an alias would have
to spell out each service's prefix.
"""

from __future__ import annotations

import os
from typing import Any, Literal, Self
from urllib.parse import quote

from eventkit.cloudevents import DEFAULT_SCHEMA_BASE
from pydantic import model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

__all__ = ["MIN_SECRET_LENGTH", "SHARED_VARIABLES", "ServiceSettings", "with_credentials"]

#: field name -> the unprefixed environment variable every service may fall back to
SHARED_VARIABLES = {
    "database_url": "DATABASE_URL",
    "kafka_bootstrap_servers": "KAFKA_BOOTSTRAP_SERVERS",
    "kafka_replication_factor": "KAFKA_REPLICATION_FACTOR",
    "environment": "CLC_ENVIRONMENT",
    "event_schema_base": "CLC_EVENT_SCHEMA_BASE",
}

#: The shortest HS256 secret production accepts (RFC 7518 asks for a key of at least 256 bits).
MIN_SECRET_LENGTH = 32


class ServiceSettings(BaseSettings):
    """Base of each service's settings; subclass with ``env_prefix`` and identity defaults."""

    model_config = SettingsConfigDict(extra="ignore")

    database_url: str
    """Owner DSN: runs migrations only. Everything else connects as the app role."""

    app_role: str
    app_role_password: str
    app_database_url: str | None = None
    """DSN of the app role; derived from ``database_url`` when unset."""

    kafka_bootstrap_servers: str = "localhost:9092"
    # Kafka client security (the Kubernetes deployment: Strimzi's TLS listener with SCRAM users)
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = None
    kafka_sasl_username: str | None = None
    kafka_sasl_password: str | None = None
    kafka_ssl_cafile: str | None = None
    """CA bundle the brokers' certificates are checked against (default: the system's)."""
    kafka_replication_factor: int = 1
    """Replicas of each topic the service creates: 1 on a single broker, 3 on a three-broker
    cluster (devstack's ``KAFKA_BROKERS=3``), whose ``min.insync.replicas=2`` then lets an
    ``acks=all`` write through with one broker down."""
    create_topics: bool = True
    """Create missing topics at start; off where an operator (Strimzi's ``KafkaTopic``) owns
    them with their partitions and replication: then the service waits for them instead."""
    topic: str
    """The topic the relay publishes this service's events to."""
    dead_letter_topic: str
    event_source: str
    """CloudEvents ``source`` of this service's events (the projector's dedup is keyed by it)."""
    event_schema_base: str = DEFAULT_SCHEMA_BASE
    """``ce_dataschema`` = this + ``/<service>/<EventType>/v<N>.json``: the gateway's address."""
    projector_name: str

    jwt_hs256_secret: str | None = None
    jwks: str | None = None
    jwks_url: str | None = None
    jwt_issuer: str | None = None
    jwt_audience: str | None = None

    environment: Literal["development", "production"] = "development"
    """In production the service refuses to start on credentials it was not explicitly given."""

    jwt_max_lifetime_s: int | None = 24 * 3600
    """Longest a token may live (``exp`` minus ``iat``, or minus now without ``iat``); ``None``
    accepts any. Production refuses ``None``."""
    command_fingerprint_key: str = "clc-development-fingerprint-key-change-me"
    """Signs command payloads in the command log's idempotency fingerprints (HMAC-SHA256)."""

    host: str = "0.0.0.0"
    port: int = 8000
    consistency_wait_s: float = 5.0
    log_level: str = "INFO"

    # -- what one request may ask (servicekit/limits.py; README "Limits") ----------------------
    max_body_bytes: int = 1_000_000
    """A larger request body is refused with 413 before it is read."""
    body_timeout_s: float = 10.0
    """A request body still arriving after this long is refused with 408 (slow uploads)."""
    max_query_tokens: int = 5_000
    """GraphQL parsing stops at this many tokens (a gateway's ``_entities`` call passes its
    representations as a variable; even 500 inline representations are ~4,000 tokens). Parsing
    costs about 4 µs a token, so the limit also bounds the time a document can take."""
    max_query_depth: int = 12
    """Deepest field nesting (introspection fields excluded)."""
    max_aliases: int = 100
    max_query_cost: int = 50_000
    """Estimated fields resolved: each field 1, a list multiplies its selection by ``first``
    (or ``list_size_estimate`` when not a literal). A dashboard query over networks, their
    schools, practitioners, groups, members and sessions costs about 40,000."""
    list_size_estimate: int = 10
    document_cache_size: int = 512
    """Parsed and validated documents kept by query text; 0 parses every request."""
    document_cache_max_chars: int = 20_000
    """Longer query texts are checked every time, never kept (bounds the cache's memory)."""
    max_upload_bytes: int = 20_000_000
    """The largest file of a multipart upload (only a schema with ``scalar Upload`` takes files;
    ``uploads.py``): 413 ``UPLOAD_TOO_LARGE``. Separate from ``max_body_bytes``."""
    max_upload_files: int = 10
    """Most files one request may carry (0: take no files)."""
    upload_timeout_s: float = 120.0
    """A multipart body still arriving after this long is refused with 408."""
    max_subscriptions_per_connection: int = 20
    """Subscriptions one WebSocket may run at once (``ws.py``)."""
    roster_max_bytes: int = 900_000
    """Largest roster (all files together) ``importRoster`` accepts; the CLI has no cap."""

    # -- HTTP server (uvicorn) -----------------------------------------------------------------
    http_workers: int = 1
    """API processes; above 1 ``serve`` runs relay and projector in one extra process."""
    run_background: bool = True
    """Whether this process runs the relay and the projector (off in extra API workers); off
    means the ``api`` role whatever ``role`` says."""
    role: Literal["api", "relay", "projector", "all"] = "all"
    """What this process does (``serve --role``; README "Scaling"): ``api`` serves GraphQL only,
    ``projector`` consumes into the read models (any number: they share the consumer group's
    partitions), ``relay`` publishes the store to Kafka (any number, one active: the others
    stand by on a PostgreSQL advisory lock), ``all`` is the three in one process. Every role
    answers ``/healthz``, ``/readyz`` and ``/metrics``."""
    relay_poll_s: float = 1.0
    """How often a standby relay tries to take the lead (takeover within about this long
    after the leader's database session ends)."""
    keep_alive_timeout_s: int = 5
    graceful_shutdown_timeout_s: int = 10
    max_concurrent_connections: int | None = 1000
    """Connections beyond this get 503 (uvicorn ``limit_concurrency``)."""
    h11_max_incomplete_event_size: int = 16_384
    """Largest request line plus headers (uvicorn ``h11_max_incomplete_event_size``)."""
    access_log: bool = False
    ssl_certfile: str | None = None
    """Serve HTTPS with this certificate (PEM) and ``ssl_keyfile``; plain HTTP when unset."""
    ssl_keyfile: str | None = None
    """One log line per request; off by default (the request metrics count every request)."""

    metrics_token: str | None = None
    """Bearer token ``/metrics`` requires; production refuses to start without one."""

    @model_validator(mode="after")
    def _production_needs_real_credentials(self) -> Self:
        # Each service ships development defaults (an HS256 secret, an app-role password) so
        # `make run` works out of the box. Deployed with them, anyone who has read the source
        # could mint a token for any tenant; so production accepts only what it was given.
        if self.environment != "production":
            return self
        given = self.model_fields_set
        if not (self.jwks or self.jwks_url):
            secret = self.jwt_hs256_secret or ""
            if "jwt_hs256_secret" not in given or len(secret) < MIN_SECRET_LENGTH:
                raise ValueError(
                    "production needs a JWKS (jwks/jwks_url) or an explicitly set HS256 secret"
                    f" of at least {MIN_SECRET_LENGTH} characters"
                )
        if "app_role_password" not in given and "app_database_url" not in given:
            raise ValueError("production needs an explicitly set app_role_password")
        # A token minted for another service or by another issuer must not open this one.
        if not (self.jwt_issuer and self.jwt_audience):
            raise ValueError("production needs jwt_issuer and jwt_audience")
        if self.jwt_max_lifetime_s is None:
            raise ValueError("production needs a jwt_max_lifetime_s")
        if not self.metrics_token:
            raise ValueError("production needs a metrics_token (/metrics is behind it)")
        key = self.command_fingerprint_key
        if "command_fingerprint_key" not in given or len(key) < MIN_SECRET_LENGTH:
            raise ValueError(
                "production needs an explicitly set command_fingerprint_key"
                f" of at least {MIN_SECRET_LENGTH} characters"
            )
        return self

    @property
    def production(self) -> bool:
        return self.environment == "production"

    def app_dsn(self) -> str:
        """The DSN the pool uses: the app role, so row-level security applies to it."""
        if self.app_database_url:
            return self.app_database_url
        return with_credentials(self.database_url, self.app_role, self.app_role_password)

    def kafka_client_options(self) -> dict[str, Any]:
        """Keyword arguments for every aiokafka client (producer, consumer, admin)."""
        options: dict[str, Any] = {"security_protocol": self.kafka_security_protocol}
        if self.kafka_security_protocol in ("SSL", "SASL_SSL"):
            from aiokafka.helpers import create_ssl_context

            options["ssl_context"] = create_ssl_context(cafile=self.kafka_ssl_cafile)
        if self.kafka_security_protocol.startswith("SASL_"):
            options["sasl_mechanism"] = self.kafka_sasl_mechanism or "PLAIN"
            options["sasl_plain_username"] = self.kafka_sasl_username
            options["sasl_plain_password"] = self.kafka_sasl_password
        return options

    def runs(self, role: Literal["api", "relay", "projector"]) -> bool:
        """Whether this process plays ``role`` (``all`` plays each)."""
        if not self.run_background:
            return role == "api"
        return self.role in (role, "all")

    def consumed_topics(self) -> list[str]:
        """Topics the projector consumes; a service reading another's events overrides this."""
        return [self.topic]

    def followed_sources(self) -> dict[str, str]:
        """Other services whose events the projector applies: their name (in a consistency
        token) -> the CloudEvents source of their events. A service that overrides
        ``consumed_topics`` names them here, so a token carrying another service's position makes
        its reads wait for that event too (read-your-writes across services)."""
        return {}

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        shared = _SharedVariables(settings_cls)
        return init_settings, env_settings, shared, dotenv_settings, file_secret_settings


class _SharedVariables(PydanticBaseSettingsSource):
    """The unprefixed shared-infrastructure variables, below the prefixed ones in priority."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        variable = SHARED_VARIABLES.get(field_name)
        return (os.environ.get(variable) if variable else None), field_name, False

    def __call__(self) -> dict[str, Any]:
        return {
            name: os.environ[variable]
            for name, variable in SHARED_VARIABLES.items()
            if variable in os.environ
        }


def with_credentials(dsn: str, user: str, password: str) -> str:
    """The same server and database as ``dsn``, as another user."""
    scheme, _, rest = dsn.partition("://")
    host_part = rest.rsplit("@", 1)[-1]
    return f"{scheme}://{quote(user, safe='')}:{quote(password, safe='')}@{host_part}"

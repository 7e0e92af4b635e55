"""The groups service's configuration: one settings class, read from the environment.

Service-specific variables carry the ``GROUPS_`` prefix; the two pieces of shared infrastructure
(``DATABASE_URL``, ``KAFKA_BOOTSTRAP_SERVERS``) keep their conventional unprefixed names so one
environment can serve every service.
"""

from __future__ import annotations

from urllib.parse import quote

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["GroupsSettings"]


class GroupsSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GROUPS_", extra="ignore")

    database_url: str = Field(
        default="postgresql://postgres@localhost:5432/groups",
        validation_alias=AliasChoices("GROUPS_DATABASE_URL", "DATABASE_URL"),
    )
    """Owner DSN: runs migrations only. Everything else connects as the app role."""

    app_role: str = "groups_app"
    app_role_password: str = "groups_app_dev_password"
    app_database_url: str | None = None
    """DSN of the app role; derived from ``database_url`` when unset."""

    kafka_bootstrap_servers: str = Field(
        default="localhost:9092",
        validation_alias=AliasChoices("GROUPS_KAFKA_BOOTSTRAP_SERVERS", "KAFKA_BOOTSTRAP_SERVERS"),
    )
    topic: str = "clc.groups.events"
    dead_letter_topic: str = "clc.groups.events.dlq"
    event_source: str = "/clc/groups"
    projector_name: str = "groups-read-models"

    jwt_hs256_secret: str | None = "clc-groups-development-secret-change-me"
    jwks: str | None = None
    jwks_url: str | None = None
    jwt_issuer: str | None = None
    jwt_audience: str | None = None

    host: str = "0.0.0.0"
    port: int = 8001
    consistency_wait_s: float = 5.0
    log_level: str = "INFO"

    def app_dsn(self) -> str:
        if self.app_database_url:
            return self.app_database_url
        return _with_credentials(self.database_url, self.app_role, self.app_role_password)


def _with_credentials(dsn: str, user: str, password: str) -> str:
    """The same server and database as ``dsn``, as another user."""
    scheme, _, rest = dsn.partition("://")
    host_part = rest.rsplit("@", 1)[-1]
    return f"{scheme}://{quote(user, safe='')}:{quote(password, safe='')}@{host_part}"

"""The enquiry service's configuration: one settings class, read from the environment.

Service-specific variables carry the ``ENQUIRY_`` prefix; the two pieces of shared infrastructure
(``DATABASE_URL``, ``KAFKA_BOOTSTRAP_SERVERS``) keep their conventional unprefixed names so one
environment can serve every service.

``ENQUIRY_PUPIL_DATA_TENANTS`` lists, comma-separated, the tenants (school systems) that allow
evidence containing pupil data; by default none does.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = ["EnquirySettings"]


class EnquirySettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ENQUIRY_", extra="ignore")

    database_url: str = Field(
        default="postgresql://postgres@localhost:5432/enquiry",
        validation_alias=AliasChoices("ENQUIRY_DATABASE_URL", "DATABASE_URL"),
    )
    """Owner DSN: runs migrations only. Everything else connects as the app role."""

    app_role: str = "enquiry_app"
    app_role_password: str = "enquiry_app_dev_password"
    app_database_url: str | None = None
    """DSN of the app role; derived from ``database_url`` when unset."""

    kafka_bootstrap_servers: str = Field(
        default="localhost:9092",
        validation_alias=AliasChoices("ENQUIRY_KAFKA_BOOTSTRAP_SERVERS", "KAFKA_BOOTSTRAP_SERVERS"),
    )
    topic: str = "clc.enquiry.events"
    groups_topic: str = "clc.groups.events"
    """Where the groups service publishes: the source of the local membership read model."""
    dead_letter_topic: str = "clc.enquiry.events.dlq"
    event_source: str = "/clc/enquiry"
    projector_name: str = "enquiry-read-models"

    jwt_hs256_secret: str | None = "clc-enquiry-development-secret-change-me"
    jwks: str | None = None
    jwks_url: str | None = None
    jwt_issuer: str | None = None
    jwt_audience: str | None = None

    pupil_data_tenants: Annotated[frozenset[str], NoDecode] = frozenset()
    """Tenants whose school systems allow evidence containing pupil data (default: none)."""

    host: str = "0.0.0.0"
    port: int = 8002
    consistency_wait_s: float = 5.0
    log_level: str = "INFO"

    @field_validator("pupil_data_tenants", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(t.strip() for t in value.split(",") if t.strip())
        return value

    def tenant_allows_pupil_data(self, tenant_id: str) -> bool:
        return tenant_id in self.pupil_data_tenants

    def app_dsn(self) -> str:
        if self.app_database_url:
            return self.app_database_url
        return _with_credentials(self.database_url, self.app_role, self.app_role_password)


def _with_credentials(dsn: str, user: str, password: str) -> str:
    """The same server and database as ``dsn``, as another user."""
    scheme, _, rest = dsn.partition("://")
    host_part = rest.rsplit("@", 1)[-1]
    return f"{scheme}://{quote(user, safe='')}:{quote(password, safe='')}@{host_part}"

"""The enquiry service's configuration: ``ServiceSettings`` with the enquiry's names and defaults.

Service-specific variables carry the ``ENQUIRY_`` prefix; the two pieces of shared infrastructure
(``DATABASE_URL``, ``KAFKA_BOOTSTRAP_SERVERS``) may also be given unprefixed (see servicekit).

The projector consumes two topics: the service's own (``clc.enquiry.events``) and the groups
service's (``clc.groups.events``), the source of the local membership read model.

``ENQUIRY_PUPIL_DATA_TENANTS`` lists, comma-separated, the tenants (school systems) that allow
evidence containing pupil data; by default none does.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import field_validator
from pydantic_settings import NoDecode, SettingsConfigDict
from servicekit.settings import ServiceSettings

__all__ = ["EnquirySettings"]


class EnquirySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="ENQUIRY_", extra="ignore")

    database_url: str = "postgresql://postgres@localhost:5432/enquiry"
    app_role: str = "enquiry_app"
    app_role_password: str = "enquiry_app_dev_password"

    topic: str = "clc.enquiry.events"
    groups_topic: str = "clc.groups.events"
    """Where the groups service publishes: the source of the local membership read model."""
    groups_event_source: str = "/clc/groups"
    """The CloudEvents source of the groups' events (a consistency token names them "groups")."""
    dead_letter_topic: str = "clc.enquiry.events.dlq"
    event_source: str = "/clc/enquiry"
    projector_name: str = "enquiry-read-models"

    jwt_hs256_secret: str | None = "clc-enquiry-development-secret-change-me"
    port: int = 8002

    pupil_data_tenants: Annotated[frozenset[str], NoDecode] = frozenset()
    """Tenants whose school systems allow evidence containing pupil data (default: none)."""

    @field_validator("pupil_data_tenants", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(t.strip() for t in value.split(",") if t.strip())
        return value

    def tenant_allows_pupil_data(self, tenant_id: str) -> bool:
        return tenant_id in self.pupil_data_tenants

    def consumed_topics(self) -> list[str]:
        return [self.topic, self.groups_topic]

    def followed_sources(self) -> dict[str, str]:
        return {"groups": self.groups_event_source}

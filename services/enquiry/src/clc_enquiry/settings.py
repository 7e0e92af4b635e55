"""The enquiry service's configuration: ``ServiceSettings`` with the enquiry's names and defaults.

Service-specific variables carry the ``ENQUIRY_`` prefix; the two pieces of shared infrastructure
(``DATABASE_URL``, ``KAFKA_BOOTSTRAP_SERVERS``) may also be given unprefixed (see servicekit).

The projector consumes two topics: the service's own (``clc.enquiry.events``) and the groups
service's (``clc.groups.events``), the source of the local membership read model.

``ENQUIRY_PUPIL_DATA_TENANTS`` lists, comma-separated, the tenants (school systems) that allow
evidence containing pupil data; by default none does.
"""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import PrivateAttr, field_validator, model_validator
from pydantic_settings import NoDecode, SettingsConfigDict
from servicekit.crypto import (
    DEVELOPMENT_KEKS,
    DEVELOPMENT_KEY_SERVICE_SECRET,
    KeyEncryptionKeys,
    RemoteKeyStore,
)
from servicekit.settings import ServiceSettings

from .application.sealing import EnquiryKeys

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

    key_service_url: str | None = None
    """The groups service's base URL, whose ``/internal/keys`` hands out practitioners' data keys:
    reflective log entries are sealed with their author's (``ENQUIRY_KEY_SERVICE_URL``; unset:
    entries are stored in the clear — development and tests only, production refuses)."""
    key_service_secret: str = DEVELOPMENT_KEY_SERVICE_SECRET
    """Signs the calls to the key endpoint; the groups' ``GROUPS_KEY_SERVICE_SECRET``."""
    _data_keys: RemoteKeyStore | None = PrivateAttr(default=None)

    key_encryption_keys: str = DEVELOPMENT_KEKS
    """The KEKs that wrap this service's own data keys (pupil-data evidence), as the groups'
    ``GROUPS_KEY_ENCRYPTION_KEYS`` (``ENQUIRY_KEY_ENCRYPTION_KEYS``)."""
    pupil_data_retention_s: Annotated[dict[str, int], NoDecode] = {}
    """Per tenant, how long evidence containing pupil data is kept, in seconds
    (``ENQUIRY_PUPIL_DATA_RETENTION_S="tenant-a=31536000,tenant-b=2592000"``); then its key is
    destroyed and the evidence is unreadable everywhere (``retention``)."""
    pupil_data_retention_default_s: int = 365 * 24 * 3600
    """The period of a tenant that allows pupil data but names none: one year."""
    retention_sweep_s: float = 3600.0
    """How often the projector process looks for evidence past its period."""

    @field_validator("pupil_data_retention_s", mode="before")
    @classmethod
    def _tenant_periods(cls, value: object) -> object:
        if isinstance(value, str):
            pairs = (p.split("=", 1) for p in value.split(",") if p.strip())
            return {t.strip(): int(s) for t, s in pairs}
        return value

    def retention_of(self, tenant_id: str) -> int:
        return self.pupil_data_retention_s.get(tenant_id, self.pupil_data_retention_default_s)

    def keks(self) -> KeyEncryptionKeys:
        return KeyEncryptionKeys.parse(self.key_encryption_keys)

    @model_validator(mode="after")
    def _production_seals_logs(self) -> Self:
        if self.production and not self.key_service_url:
            raise ValueError("production needs key_service_url (reflective logs are sealed)")
        if self.production and self.key_service_secret == DEVELOPMENT_KEY_SERVICE_SECRET:
            raise ValueError("production needs an explicitly set key_service_secret")
        self.keks()  # malformed entries fail at start
        if self.production and "dev-1" in dict(self.keks().keys):
            raise ValueError("production needs explicitly set key_encryption_keys")
        return self

    def keys(self) -> EnquiryKeys:
        return EnquiryKeys(self.keks(), self.data_keys())

    def data_keys(self) -> RemoteKeyStore | None:
        """The process's one client of the key endpoint (its cache is shared by the commands
        and the projections, so an erasure seen by one is forgotten by both); None if unset."""
        if self.key_service_url and self._data_keys is None:
            self._data_keys = RemoteKeyStore(
                self.key_service_url, self.key_service_secret, issuer="clc-enquiry"
            )
        return self._data_keys

    def tenant_allows_pupil_data(self, tenant_id: str) -> bool:
        return tenant_id in self.pupil_data_tenants

    def consumed_topics(self) -> list[str]:
        return [self.topic, self.groups_topic]

    def followed_sources(self) -> dict[str, str]:
        return {"groups": self.groups_event_source}

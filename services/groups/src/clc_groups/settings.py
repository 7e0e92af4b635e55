"""The groups service's configuration: ``ServiceSettings`` with the groups' names and defaults.

Service-specific variables carry the ``GROUPS_`` prefix; the two pieces of shared infrastructure
(``DATABASE_URL``, ``KAFKA_BOOTSTRAP_SERVERS``) may also be given unprefixed (see servicekit).
"""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator
from pydantic_settings import SettingsConfigDict
from servicekit.crypto import DEVELOPMENT_KEKS, DEVELOPMENT_KEY_SERVICE_SECRET, KeyEncryptionKeys
from servicekit.settings import ServiceSettings

from .application.visibility import DEFAULT_PARTICIPATION_MINIMUM

__all__ = ["GroupsSettings"]


class GroupsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GROUPS_", extra="ignore")

    database_url: str = "postgresql://postgres@localhost:5432/groups"
    app_role: str = "groups_app"
    app_role_password: str = "groups_app_dev_password"

    topic: str = "clc.groups.events"
    dead_letter_topic: str = "clc.groups.events.dlq"
    event_source: str = "/clc/groups"
    projector_name: str = "groups-read-models"

    jwt_hs256_secret: str | None = "clc-groups-development-secret-change-me"
    port: int = 8001

    participation_minimum: int = Field(default=DEFAULT_PARTICIPATION_MINIMUM, ge=1)
    """Attendance figures of a group are shown only when it has at least this many members
    (``GROUPS_PARTICIPATION_MINIMUM``)."""

    key_encryption_keys: str = DEVELOPMENT_KEKS
    """The KEKs that wrap practitioners' data keys (``GROUPS_KEY_ENCRYPTION_KEYS``):
    ``<id>:<base64 of 32 bytes>`` entries, comma-separated, oldest first; new keys are wrapped
    with the last. Rotate by appending one, running ``clc-groups rewrap-keys``, then dropping
    the old one (``servicekit.crypto.keks``)."""

    key_service_secret: str | None = DEVELOPMENT_KEY_SERVICE_SECRET
    """Shared with the services that seal data with a practitioner's key (enquiry's
    ``ENQUIRY_KEY_SERVICE_SECRET``): they sign their calls to ``/internal/keys`` with it
    (``GROUPS_KEY_SERVICE_SECRET``; unset: no endpoint)."""

    @model_validator(mode="after")
    def _production_needs_its_own_keks(self) -> Self:
        self.keks()  # malformed entries fail at start, not at the first registration
        if self.production and (
            "key_encryption_keys" not in self.model_fields_set or "dev-1" in dict(self.keks().keys)
        ):
            raise ValueError("production needs explicitly set key_encryption_keys")
        secret = self.key_service_secret
        if self.production and secret == DEVELOPMENT_KEY_SERVICE_SECRET:
            raise ValueError("production needs an explicitly set key_service_secret (or none)")
        return self

    def keks(self) -> KeyEncryptionKeys:
        return KeyEncryptionKeys.parse(self.key_encryption_keys)

"""The groups service's configuration: ``ServiceSettings`` with the groups' names and defaults.

Service-specific variables carry the ``GROUPS_`` prefix; the two pieces of shared infrastructure
(``DATABASE_URL``, ``KAFKA_BOOTSTRAP_SERVERS``) may also be given unprefixed (see servicekit).
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict
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

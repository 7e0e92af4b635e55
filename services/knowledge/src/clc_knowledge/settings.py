"""The knowledge service's configuration: ``ServiceSettings`` with the knowledge's names and
defaults.

Service-specific variables carry the ``KNOWLEDGE_`` prefix; the two pieces of shared infrastructure
(``DATABASE_URL``, ``KAFKA_BOOTSTRAP_SERVERS``) may also be given unprefixed (see servicekit).

The projector consumes three topics: the service's own (``clc.knowledge.events``), the groups
service's (``clc.groups.events``: membership for the visibility rules, sessions that used an
artefact, erasures) and the enquiry service's (``clc.enquiry.events``: shared findings become
co-constructed artefacts).
"""

from __future__ import annotations

from typing import Literal

from pydantic_settings import SettingsConfigDict
from servicekit.settings import ServiceSettings

__all__ = ["KnowledgeSettings"]


class KnowledgeSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="KNOWLEDGE_", extra="ignore")

    database_url: str = "postgresql://postgres@localhost:5432/knowledge"
    app_role: str = "knowledge_app"
    app_role_password: str = "knowledge_app_dev_password"

    topic: str = "clc.knowledge.events"
    groups_topic: str = "clc.groups.events"
    """Where the groups service publishes: membership, sessions, erasures."""
    enquiry_topic: str = "clc.enquiry.events"
    """Where the enquiry service publishes: shared findings."""
    groups_event_source: str = "/clc/groups"
    enquiry_event_source: str = "/clc/enquiry"
    """The CloudEvents sources of those services' events (a consistency token names them
    "groups" and "enquiry")."""
    dead_letter_topic: str = "clc.knowledge.events.dlq"
    event_source: str = "/clc/knowledge"
    projector_name: str = "knowledge-read-models"

    jwt_hs256_secret: str | None = "clc-knowledge-development-secret-change-me"
    port: int = 8003

    # -- attachments: the blob store (clc_knowledge.blobs) and upload size -----------------------
    blob_store: Literal["postgres", "s3"] = "postgres"
    """Where attachment bytes live: the knowledge database (default) or an S3-compatible store."""
    blob_s3_bucket: str = "clc-knowledge"
    blob_s3_prefix: str = ""
    blob_s3_endpoint_url: str | None = None
    """For MinIO, Ceph or a local stand-in; None: AWS."""
    blob_s3_region: str | None = None
    blob_s3_access_key_id: str | None = None
    blob_s3_secret_access_key: str | None = None
    max_upload_bytes: int = 24 * 1024 * 1024
    """A multipart (upload) request body's cap, above the 20 MB an attachment may be, so a file
    of 20-24 MB is refused as ATTACHMENT_TOO_LARGE naming the field rather than by a bare 413."""

    def consumed_topics(self) -> list[str]:
        return [self.topic, self.groups_topic, self.enquiry_topic]

    def followed_sources(self) -> dict[str, str]:
        return {"groups": self.groups_event_source, "enquiry": self.enquiry_event_source}

"""The webhooks service's configuration: ``ServiceSettings`` plus delivery, retry and secret
settings (prefix ``WEBHOOKS_``; ``DATABASE_URL``/``KAFKA_BOOTSTRAP_SERVERS`` also unprefixed).

The projector consumes the service's own topic (subscriptions) and every topic whose events can be
delivered; the delivery worker runs with it (roles ``projector`` and ``all``).
"""

from __future__ import annotations

import base64
import hashlib
from typing import Self

from pydantic import model_validator
from pydantic_settings import SettingsConfigDict
from servicekit.settings import ServiceSettings

__all__ = ["DEV_SECRET_KEY", "WebhooksSettings"]

#: the development key-encryption key (AES-256): production refuses to start with it
DEV_SECRET_KEY = base64.b64encode(hashlib.sha256(b"clc-webhooks-development-kek").digest()).decode()


class WebhooksSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="WEBHOOKS_", extra="ignore")

    database_url: str = "postgresql://postgres@localhost:5432/webhooks"
    app_role: str = "webhooks_app"
    app_role_password: str = "webhooks_app_dev_password"

    topic: str = "clc.webhooks.events"
    dead_letter_topic: str = "clc.webhooks.events.dlq"
    event_source: str = "/clc/webhooks"
    projector_name: str = "webhooks-read-models"
    delivered_topics: list[str] = [
        "clc.groups.events",
        "clc.enquiry.events",
        "clc.knowledge.events",
    ]
    """The topics whose events subscribers may receive (their records, as they are)."""

    jwt_hs256_secret: str | None = "clc-webhooks-development-secret-change-me"
    port: int = 8004

    # -- endpoints ----------------------------------------------------------------------------
    allow_http_loopback: bool = False
    """Accept ``http://`` endpoints on a loopback address (dev and tests only; production
    refuses it). Every other endpoint must be ``https://``."""

    # -- the secrets: AES-GCM under a key-encryption key (``application.secrets``) -------------
    secret_encryption_key: str = DEV_SECRET_KEY
    """Base64 of 32 random bytes: encrypts every subscription's signing secret at rest."""
    secret_encryption_key_id: str = "k1"
    previous_secret_encryption_keys: dict[str, str] = {}
    """Older key-encryption keys by id, still able to decrypt (rotate: add the old key here,
    set a new ``secret_encryption_key`` with a new id)."""
    secret_overlap_s: float = 24 * 3600
    """After a rotation the previous secret signs too (a second signature) for this long."""

    # -- delivering ----------------------------------------------------------------------------
    max_attempts: int = 12
    """Attempts before a delivery is dead-lettered (with the defaults, over about 1-2.5 h)."""
    backoff_base_s: float = 5.0
    """Delay before the 2nd attempt; doubled each time, capped, with jitter (``backoff``)."""
    backoff_cap_s: float = 3600.0
    request_timeout_s: float = 10.0
    worker_poll_s: float = 0.5
    worker_batch: int = 50
    worker_concurrency: int = 8
    """Subscriptions delivered to at once (one at a time within a subscription)."""
    lease_s: float = 60.0
    """A claimed delivery is retried by any worker if its attempt has not finished by then
    (a worker starts no attempt later than ``lease_s - request_timeout_s - 5`` after claiming;
    keep it well above ``request_timeout_s``)."""
    keep_deliveries_days: int = 30
    """Delivery records (ids, type, status; never a payload) are removed this long after."""

    @model_validator(mode="after")
    def _production_needs_own_key(self) -> Self:
        if self.environment == "production":
            if self.secret_encryption_key == DEV_SECRET_KEY:
                raise ValueError("production needs its own WEBHOOKS_SECRET_ENCRYPTION_KEY")
            if self.allow_http_loopback:
                raise ValueError("production refuses WEBHOOKS_ALLOW_HTTP_LOOPBACK")
        return self

    def consumed_topics(self) -> list[str]:
        return [self.topic, *self.delivered_topics]

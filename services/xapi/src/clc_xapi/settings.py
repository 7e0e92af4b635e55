"""The feed's one settings class (env prefix ``XAPI_``; ``KAFKA_BOOTSTRAP_SERVERS`` and
``CLC_ENVIRONMENT`` also unprefixed, like the services)."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Self

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from servicekit.settings import MIN_SECRET_LENGTH

from .domain.translate import FeedPolicy
from .domain.vocabulary import Vocabulary

__all__ = ["DEV_PSEUDONYM_KEY", "XapiSettings"]

DEV_PSEUDONYM_KEY = "clc-development-xapi-pseudonym-key-change-me"


def _names(value: Any) -> Any:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


class XapiSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="XAPI_", extra="ignore", populate_by_name=True)

    kafka_bootstrap_servers: str = Field(
        "localhost:9092",
        validation_alias=AliasChoices("XAPI_KAFKA_BOOTSTRAP_SERVERS", "KAFKA_BOOTSTRAP_SERVERS"),
    )
    environment: Literal["development", "production"] = Field(
        "development", validation_alias=AliasChoices("XAPI_ENVIRONMENT", "CLC_ENVIRONMENT")
    )
    source_topics: Annotated[list[str], NoDecode] = [
        "clc.groups.events",
        "clc.enquiry.events",
        "clc.knowledge.events",
    ]
    statements_topic: str = "clc.xapi.statements"
    dead_letter_topic: str = "clc.xapi.statements.dlq"
    topic_partitions: int = 6
    create_topics: bool = True
    translator_group: str = "clc-xapi-translator"
    """Consumer group of the translator; its offsets commit in the Kafka transaction that
    writes the statements (exactly once into the statements topic)."""
    lrs_group: str = "clc-xapi-lrs"
    replay_group: str = "clc-xapi-dead-letter-replay"
    """Remembers how far ``clc-xapi dead-letters replay`` got in the dead-letter topic."""
    transactional_id: str = "clc-xapi-translator"
    """One per translator replica (a second process with the same id fences the first)."""

    base_iri: str = "https://clc.example.org/xapi"
    """Verb, activity-type and activity IRIs are minted under it (README "xAPI feed")."""
    actor_home_page: str = "https://clc.example.org"
    """``actor.account.homePage`` of every statement: the system the pseudonyms belong to."""
    pseudonym_key: str = DEV_PSEUDONYM_KEY
    """HMAC key of the actors' pseudonyms; keep it secret and stable (a new key, new names)."""
    opted_out_tenants: Annotated[list[str], NoDecode] = []
    """Tenants whose events make no statements (comma-separated)."""

    lrs_url: str | None = None
    """The LRS's xAPI endpoint (``…/xapi``; statements go to ``<lrs_url>/statements``); unset:
    statements only go to the Kafka topic."""
    lrs_username: str | None = None
    lrs_password: str | None = None
    lrs_max_attempts: int = 5
    lrs_backoff_s: float = 0.5
    """First retry delay; doubled per attempt, capped at ``lrs_backoff_max_s``."""
    lrs_backoff_max_s: float = 30.0
    lrs_timeout_s: float = 10.0

    host: str = "127.0.0.1"
    port: int = 8010
    log_level: str = "INFO"
    metrics_token: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _split_lists(cls, values: Any) -> Any:
        if isinstance(values, dict):
            for key in ("source_topics", "opted_out_tenants"):
                if key in values:
                    values[key] = _names(values[key])
        return values

    @model_validator(mode="after")
    def _production_needs_a_real_key(self) -> Self:
        if self.environment == "production":
            key = self.pseudonym_key
            if key == DEV_PSEUDONYM_KEY or len(key) < MIN_SECRET_LENGTH:
                raise ValueError(
                    "production needs an explicitly set XAPI_PSEUDONYM_KEY"
                    f" of at least {MIN_SECRET_LENGTH} characters"
                )
            if not self.metrics_token:
                raise ValueError("production needs a metrics_token (/metrics is behind it)")
        return self

    def policy(self) -> FeedPolicy:
        return FeedPolicy(
            vocabulary=Vocabulary(self.base_iri),
            home_page=self.actor_home_page,
            pseudonym_key=self.pseudonym_key.encode(),
            opted_out=frozenset(self.opted_out_tenants),
        )

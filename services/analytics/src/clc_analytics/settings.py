"""The analytics sink's configuration (``ANALYTICS_`` variables; ``KAFKA_BOOTSTRAP_SERVERS``
may be given unprefixed, as for the services)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal, Self

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["DEV_PSEUDONYM_SECRET", "AnalyticsSettings"]

DEV_PSEUDONYM_SECRET = "clc-analytics-development-pseudonym-key-change-me"


class AnalyticsSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ANALYTICS_", extra="ignore")

    kafka_bootstrap_servers: str = Field(
        default="localhost:9092",
        validation_alias=AliasChoices(
            "ANALYTICS_KAFKA_BOOTSTRAP_SERVERS", "KAFKA_BOOTSTRAP_SERVERS"
        ),
    )
    topics: list[str] = ["clc.groups.events", "clc.enquiry.events", "clc.knowledge.events"]
    """The domain topics landed (``ANALYTICS_TOPICS='["…", …]'``)."""
    data_dir: Path = Path(".cache/devstack/analytics")
    """Holds ``lake/`` (the Parquet files), ``state.duckdb`` (offsets, erasures) and
    ``analytics.duckdb`` (the views a data team opens). The default is where ``make run``'s sink
    writes, so ``clc analytics report`` run from the repository root finds it."""
    pseudonym_secret: str = DEV_PSEUDONYM_SECRET
    """HMAC key of the person pseudonyms. Rotating it starts new pseudonyms (rebuild the lake)."""
    batch_max_records: int = Field(default=1000, ge=1)
    batch_max_seconds: float = Field(default=5.0, gt=0)
    """A batch is landed when it holds this many records or its first is this old."""

    host: str = "127.0.0.1"
    port: int = 8011
    log_level: str = "INFO"
    environment: Literal["development", "production"] = "development"

    @model_validator(mode="after")
    def _production_needs_a_real_secret(self) -> Self:
        if self.environment == "production" and self.pseudonym_secret == DEV_PSEUDONYM_SECRET:
            raise ValueError("ANALYTICS_PSEUDONYM_SECRET must be set in production")
        return self

    @property
    def lake_dir(self) -> Path:
        return self.data_dir / "lake"

    @property
    def state_path(self) -> Path:
        return self.data_dir / "state.duckdb"

    @property
    def views_path(self) -> Path:
        return self.data_dir / "analytics.duckdb"

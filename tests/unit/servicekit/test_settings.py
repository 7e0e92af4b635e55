"""Service settings: own prefix, shared infrastructure also unprefixed, the app role's DSN."""

from __future__ import annotations

import pytest
from pydantic import ValidationError
from pydantic_settings import SettingsConfigDict
from servicekit.settings import ServiceSettings, with_credentials


class ShopSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SHOP_", extra="ignore")

    database_url: str = "postgresql://postgres@localhost:5432/shop"
    app_role: str = "shop_app"
    app_role_password: str = "dev"
    topic: str = "clc.shop.events"
    dead_letter_topic: str = "clc.shop.events.dlq"
    event_source: str = "/clc/shop"
    projector_name: str = "shop-read-models"


class StockSettings(ShopSettings):
    orders_topic: str = "clc.orders.events"

    def consumed_topics(self) -> list[str]:
        return [self.topic, self.orders_topic]


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    shared = (
        "DATABASE_URL",
        "KAFKA_BOOTSTRAP_SERVERS",
        "CLC_ENVIRONMENT",
        "KAFKA_REPLICATION_FACTOR",
    )
    for name in (*shared, "SHOP_DATABASE_URL", "SHOP_PORT"):
        monkeypatch.delenv(name, raising=False)


def test_defaults_come_from_the_service_and_the_base() -> None:
    settings = ShopSettings()
    assert settings.database_url.endswith("/shop")
    assert (settings.kafka_bootstrap_servers, settings.port) == ("localhost:9092", 8000)
    assert settings.consistency_wait_s == 5.0


def test_service_variables_carry_the_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOP_PORT", "9100")
    monkeypatch.setenv("SHOP_CONSISTENCY_WAIT_S", "0.5")
    monkeypatch.setenv("PORT", "1")
    settings = ShopSettings()
    assert (settings.port, settings.consistency_wait_s) == (9100, 0.5)


def test_shared_infrastructure_may_be_given_without_the_prefix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://owner:pw@db:5432/shop")
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
    settings = ShopSettings()
    assert settings.database_url == "postgresql://owner:pw@db:5432/shop"
    assert settings.kafka_bootstrap_servers == "kafka:9092"


def test_topics_get_one_replica_unless_the_cluster_has_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert ShopSettings().kafka_replication_factor == 1
    monkeypatch.setenv("KAFKA_REPLICATION_FACTOR", "3")  # make run KAFKA_BROKERS=3 sets it
    assert ShopSettings().kafka_replication_factor == 3


def test_the_prefixed_variable_wins_over_the_shared_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://owner@shared/db")
    monkeypatch.setenv("SHOP_DATABASE_URL", "postgresql://owner@own/db")
    assert ShopSettings().database_url == "postgresql://owner@own/db"


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://owner@shared/db")
    assert ShopSettings(database_url="postgresql://x@given/db").database_url.endswith("given/db")


def test_the_app_role_connects_to_the_same_server_and_database() -> None:
    settings = ShopSettings(
        database_url="postgresql://owner:pw@db:5432/shop", app_role_password="p@ss word"
    )
    assert settings.app_dsn() == "postgresql://shop_app:p%40ss%20word@db:5432/shop"


def test_an_explicit_app_dsn_is_used_as_given() -> None:
    assert ShopSettings(app_database_url="postgresql://a@b/c").app_dsn() == "postgresql://a@b/c"


def test_credentials_replace_any_in_the_dsn() -> None:
    assert with_credentials("postgresql://db/x", "u", "p") == "postgresql://u:p@db/x"


def test_a_service_consumes_its_own_topic_unless_it_says_otherwise() -> None:
    assert ShopSettings().consumed_topics() == ["clc.shop.events"]
    assert StockSettings().consumed_topics() == ["clc.shop.events", "clc.orders.events"]


def test_development_runs_on_the_shipped_defaults() -> None:
    assert ShopSettings().environment == "development"


def test_production_refuses_the_shipped_secret_and_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CLC_ENVIRONMENT", "production")
    with pytest.raises(ValidationError, match="HS256 secret"):
        ShopSettings()
    monkeypatch.setenv("SHOP_JWT_HS256_SECRET", "x" * 40)
    with pytest.raises(ValidationError, match="app_role_password"):
        ShopSettings()
    monkeypatch.setenv("SHOP_APP_ROLE_PASSWORD", "a-real-password")
    with pytest.raises(ValidationError, match="jwt_issuer and jwt_audience"):
        ShopSettings()
    _production_identity(monkeypatch)
    with pytest.raises(ValidationError, match="command_fingerprint_key"):
        ShopSettings()
    monkeypatch.setenv("SHOP_COMMAND_FINGERPRINT_KEY", "too-short")
    with pytest.raises(ValidationError, match="command_fingerprint_key of at least 32"):
        ShopSettings()
    monkeypatch.setenv("SHOP_COMMAND_FINGERPRINT_KEY", "k" * 40)
    assert ShopSettings().environment == "production"


def _production_identity(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SHOP_JWT_ISSUER", "https://idp.example.org")
    monkeypatch.setenv("SHOP_JWT_AUDIENCE", "clc")
    monkeypatch.setenv("SHOP_METRICS_TOKEN", "scrape")


def test_production_refuses_a_short_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLC_ENVIRONMENT", "production")
    monkeypatch.setenv("SHOP_APP_ROLE_PASSWORD", "a-real-password")
    monkeypatch.setenv("SHOP_JWT_HS256_SECRET", "too-short")
    with pytest.raises(ValidationError, match="at least 32"):
        ShopSettings()


def test_production_accepts_a_jwks_instead_of_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLC_ENVIRONMENT", "production")
    monkeypatch.setenv("SHOP_APP_ROLE_PASSWORD", "a-real-password")
    monkeypatch.setenv("SHOP_JWKS_URL", "https://idp.example.org/.well-known/jwks.json")
    _production_identity(monkeypatch)
    monkeypatch.setenv("SHOP_COMMAND_FINGERPRINT_KEY", "k" * 40)
    assert ShopSettings().jwks_url is not None

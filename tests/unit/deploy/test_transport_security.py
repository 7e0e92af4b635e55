"""The settings the Kubernetes deployment sets for TLS and SASL reach the clients and the server:
``kafka_client_options`` for every aiokafka client of a service (producer, projector's consumer,
topic admin), ``ssl_certfile``/``ssl_keyfile`` for uvicorn.

Not exercised here: a handshake with a SASL_SSL broker (the local runtime's broker is plaintext);
the options are aiokafka's own, documented arguments."""

from __future__ import annotations

import ssl
from typing import Any

import certifi
import pytest
from servicekit import cli

from tests.unit.servicekit.harness import ShopSettings, shop_app


def test_plaintext_is_the_default() -> None:
    assert ShopSettings().kafka_client_options() == {"security_protocol": "PLAINTEXT"}


def test_sasl_ssl_checks_the_brokers_certificate_and_logs_in_with_scram(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    prefix = ShopSettings.model_config.get("env_prefix", "")
    for name, value in {
        "KAFKA_SECURITY_PROTOCOL": "SASL_SSL",
        "KAFKA_SASL_MECHANISM": "SCRAM-SHA-512",
        "KAFKA_SASL_USERNAME": "groups",
        "KAFKA_SASL_PASSWORD": "from-the-kafka-user-secret",
        "KAFKA_SSL_CAFILE": certifi.where(),
    }.items():
        monkeypatch.setenv(f"{prefix}{name}", value)
    options = ShopSettings().kafka_client_options()
    context = options.pop("ssl_context")
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert options == {
        "security_protocol": "SASL_SSL",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "groups",
        "sasl_plain_password": "from-the-kafka-user-secret",
    }


def test_serve_hands_the_certificate_to_uvicorn(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    runs: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: runs.append(kw))
    monkeypatch.setattr(cli, "configure_logging", lambda level: None)
    monkeypatch.setattr(cli.gc, "freeze", lambda: None)
    settings = ShopSettings(ssl_certfile="/etc/clc/tls/tls.crt", ssl_keyfile="/etc/clc/tls/tls.key")
    cli.serve(settings, lambda s: shop_app(s))
    (options,) = runs
    assert options["ssl_certfile"] == "/etc/clc/tls/tls.crt"
    assert options["ssl_keyfile"] == "/etc/clc/tls/tls.key"

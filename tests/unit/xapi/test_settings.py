"""The feed's settings: what it reads agrees with what the services publish, lists from the
environment, and production refusing the development key."""

from __future__ import annotations

import pytest
from clc_enquiry.settings import EnquirySettings
from clc_groups.settings import GroupsSettings
from clc_knowledge.settings import KnowledgeSettings
from clc_xapi.settings import DEV_PSEUDONYM_KEY, XapiSettings
from pydantic import ValidationError


def test_the_feed_reads_the_topics_the_services_publish_to() -> None:
    published = [
        s.model_fields["topic"].default
        for s in (GroupsSettings, EnquirySettings, KnowledgeSettings)
    ]
    assert XapiSettings().source_topics == published


def test_lists_come_comma_separated_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XAPI_OPTED_OUT_TENANTS", "wye, usk,")
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "broker:9092")
    settings = XapiSettings()
    assert settings.opted_out_tenants == ["wye", "usk"]
    assert settings.policy().opted_out == frozenset({"wye", "usk"})
    assert settings.kafka_bootstrap_servers == "broker:9092"


def test_production_refuses_the_development_pseudonym_key() -> None:
    with pytest.raises(ValidationError, match="XAPI_PSEUDONYM_KEY"):
        XapiSettings(environment="production", metrics_token="t")
    with pytest.raises(ValidationError, match="XAPI_PSEUDONYM_KEY"):
        XapiSettings(environment="production", metrics_token="t", pseudonym_key="short")
    key = "a-real-key-of-enough-length-0123456789"
    assert XapiSettings(environment="production", metrics_token="t", pseudonym_key=key)
    assert key != DEV_PSEUDONYM_KEY

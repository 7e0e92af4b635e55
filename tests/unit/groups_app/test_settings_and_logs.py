"""Settings come from the environment; logs are one JSON object per line."""

from __future__ import annotations

import json
import logging

import pytest
from clc_groups.settings import GroupsSettings
from servicekit.logs import JsonFormatter


def test_shared_infrastructure_variables_need_no_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://owner:pw@db:5432/groups")
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
    monkeypatch.setenv("GROUPS_PORT", "9001")
    settings = GroupsSettings()
    assert settings.kafka_bootstrap_servers == "kafka:9092"
    assert settings.port == 9001
    assert settings.topic == "clc.groups.events"


def test_the_app_role_connects_to_the_same_database_as_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://owner:pw@db:5432/groups")
    settings = GroupsSettings(app_role="groups_app", app_role_password="p@ss word")
    assert settings.app_dsn() == "postgresql://groups_app:p%40ss%20word@db:5432/groups"


def test_a_log_record_becomes_one_json_line_with_its_extras() -> None:
    record = logging.LogRecord("clc_groups", logging.INFO, __file__, 1, "ready", None, None)
    record.projector = "groups"
    entry = json.loads(JsonFormatter().format(record))
    assert (entry["message"], entry["level"], entry["projector"]) == ("ready", "INFO", "groups")


def test_the_participation_minimum_is_a_setting_with_a_default_of_five(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from clc_groups.service import GROUPS
    from eventkit.store import InMemoryEventStore

    assert GroupsSettings().participation_minimum == 5
    monkeypatch.setenv("GROUPS_PARTICIPATION_MINIMUM", "8")
    settings = GroupsSettings()
    commands = GROUPS.commands(InMemoryEventStore(), None, settings)  # type: ignore[arg-type]
    assert commands.visibility.participation_minimum == 8
    monkeypatch.setenv("GROUPS_PARTICIPATION_MINIMUM", "0")
    with pytest.raises(ValueError, match="participation_minimum"):
        GroupsSettings()

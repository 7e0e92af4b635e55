"""``importRoster`` over GraphQL: a size cap, and parsing off the event loop."""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

import pytest
from clc_groups.domain import NotTenantAdmin
from clc_groups.roster import RosterImporter, graphql, importer
from eventkit.store.memory import InMemoryEventStore

from tests.unit.groups_roster.samples import ADMIN, TEACHER, edited, sample


def context(max_bytes: int = 900_000) -> Any:
    services = SimpleNamespace(settings=SimpleNamespace(roster_max_bytes=max_bytes))
    return SimpleNamespace(services=services, roster_importer=RosterImporter(InMemoryEventStore()))


def files(sources: dict[str, str]) -> list[graphql.RosterFileInput]:
    return [graphql.RosterFileInput(name=n, content=c) for n, c in sources.items()]


async def test_a_roster_over_the_cap_is_refused_before_it_is_parsed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(graphql, "parse_sources", pytest.fail)
    size = sum(len(c) for c in sample().values())
    with pytest.raises(graphql.RosterTooLarge) as refused:
        await graphql._import(context(size - 1), ADMIN, files(sample()))
    assert refused.value.code == "ROSTER_TOO_LARGE" and refused.value.field == "files"


async def test_parsing_and_planning_run_off_the_event_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[str] = []

    def spy(real: Any) -> Any:
        def wrapped(*args: Any) -> Any:
            threads.append(threading.current_thread().name)
            return real(*args)

        return wrapped

    monkeypatch.setattr(graphql, "parse_sources", spy(importer.parse_sources))
    monkeypatch.setattr(importer, "plan_import", spy(importer.plan_import))
    report = await graphql._import(context(), ADMIN, files(sample()))
    assert report.accepted and report.events_written == 16
    main = threading.main_thread().name
    assert len(threads) == 2 and main not in threads


async def test_only_a_tenant_admin_may_import_and_a_bad_roster_is_a_report() -> None:
    with pytest.raises(NotTenantAdmin):
        await graphql._import(context(), TEACHER, files(sample()))
    report = await graphql._import(
        context(), ADMIN, files(edited("users.csv", ",active,", ",not-a-status,"))
    )
    assert not report.accepted and report.rejected

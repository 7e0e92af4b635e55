"""``serve``: uvicorn's settings from ours, and several API workers with one relay/projector."""

from __future__ import annotations

from typing import Any

import pytest
from servicekit import cli

from tests.unit.servicekit.harness import ShopSettings, shop_app


class FakeProcess:
    started: list[FakeProcess] = []

    def __init__(self, target: Any, args: Any, name: str) -> None:
        self.target, self.args, self.name = target, args, name

    def start(self) -> None:
        FakeProcess.started.append(self)

    def terminate(self) -> None:
        self.terminated = True

    def join(self, timeout: float) -> None:
        return None


@pytest.fixture
def uvicorn_runs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, dict[str, Any]]]:
    import uvicorn

    runs: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: runs.append((app, kw)))
    monkeypatch.setattr(cli, "configure_logging", lambda level: None)
    monkeypatch.setattr(cli.gc, "freeze", lambda: None)  # not the test process's objects
    return runs


def test_one_process_serves_the_app_with_the_server_limits(
    uvicorn_runs: list[tuple[Any, dict[str, Any]]],
) -> None:
    settings = ShopSettings(keep_alive_timeout_s=3, max_concurrent_connections=50)
    cli.serve(settings, lambda s: shop_app(s))
    ((_app, options),) = uvicorn_runs
    assert options["timeout_keep_alive"] == 3
    assert options["limit_concurrency"] == 50
    assert options["access_log"] is False
    assert options["h11_max_incomplete_event_size"] == 16_384


def test_several_workers_serve_only_and_one_process_runs_relay_and_projector(
    uvicorn_runs: list[tuple[Any, dict[str, Any]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    prepared: list[Any] = []

    async def prepare(settings: Any, definition: Any) -> None:
        prepared.append(definition)

    monkeypatch.setattr(cli, "prepare_database", prepare)
    monkeypatch.setattr(
        cli.multiprocessing, "get_context", lambda kind: type("C", (), {"Process": FakeProcess})
    )
    monkeypatch.delenv("SHOPTEST_RUN_BACKGROUND", raising=False)
    FakeProcess.started.clear()
    definition = object()
    cli.serve(ShopSettings(http_workers=3), shop_app, definition)  # type: ignore[arg-type]
    ((target, options),) = uvicorn_runs
    assert target == "tests.unit.servicekit.harness:shop_app" and options["factory"] is True
    assert options["workers"] == 3
    import os

    assert os.environ.pop("SHOPTEST_RUN_BACKGROUND") == "false"
    (background,) = FakeProcess.started
    assert background.target is cli._background and background.args[1] is definition
    assert getattr(background, "terminated", False)
    assert prepared == [definition]

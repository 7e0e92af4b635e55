"""Process roles: what a process runs (``settings.runs``), chosen by setting or ``serve --role``."""

from __future__ import annotations

import os
from typing import Any

import pytest
from servicekit import cli

from tests.unit.servicekit.harness import ShopSettings, shop_app


@pytest.mark.parametrize(
    ("role", "runs"),
    [
        ("all", {"api", "relay", "projector"}),
        ("api", {"api"}),
        ("relay", {"relay"}),
        ("projector", {"projector"}),
    ],
)
def test_each_role_runs_its_parts(role: str, runs: set[str]) -> None:
    settings = ShopSettings(role=role)  # type: ignore[arg-type]
    assert {r for r in ("api", "relay", "projector") if settings.runs(r)} == runs  # type: ignore[arg-type]


def test_an_extra_api_worker_is_an_api_whatever_its_role() -> None:
    settings = ShopSettings(role="all", run_background=False)
    assert settings.runs("api") and not settings.runs("relay") and not settings.runs("projector")


def test_serve_role_reaches_the_settings_through_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    served: list[Any] = []
    monkeypatch.setattr(cli, "serve", lambda config, create_app, definition: served.append(config))
    monkeypatch.delenv("SHOPTEST_ROLE", raising=False)
    definition = type("Definition", (), {"name": "shop"})()
    cli.run_cli("shop", ShopSettings, definition, shop_app, ["serve", "--role", "projector"])
    assert served[0].role == "projector"
    assert os.environ.pop("SHOPTEST_ROLE") == "projector"


def test_several_api_workers_of_an_api_process_start_no_relay_or_projector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: None)
    monkeypatch.setattr(cli, "configure_logging", lambda level: None)
    monkeypatch.setattr(cli.gc, "freeze", lambda: None)
    monkeypatch.setattr(cli.multiprocessing, "get_context", pytest.fail)
    monkeypatch.delenv("SHOPTEST_RUN_BACKGROUND", raising=False)
    cli.serve(ShopSettings(http_workers=2, role="api"), shop_app, object())  # type: ignore[arg-type]
    assert os.environ.pop("SHOPTEST_RUN_BACKGROUND") == "false"

"""The supergraph is composed from SDL printed offline: no database, broker or token needed."""

from __future__ import annotations

import pytest
from clc_enquiry.cli import main as enquiry_main
from clc_groups.cli import main as groups_main


@pytest.mark.parametrize(
    ("main", "entity"),
    [(groups_main, "School"), (enquiry_main, "Enquiry")],
    ids=["groups", "enquiry"],
)
def test_each_service_prints_its_subgraph_sdl_without_a_database(
    main: object, entity: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A database URL nobody listens on: printing must not try to connect.
    monkeypatch.setenv("DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
    assert main(["sdl"]) == 0  # type: ignore[operator]
    sdl = capsys.readouterr().out
    assert f'type {entity} @key(fields: "id")' in sdl
    assert "@link(" in sdl

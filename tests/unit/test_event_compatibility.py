"""The compatibility gate over the real event models: every event type's schema keeps the
promise of ``docs/events/baseline`` (moved forward only by ``make events-baseline``)."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest

from scripts import event_catalog
from scripts.event_catalog import BASELINE, SERVICES, breaks, documents, load_baseline


def test_every_event_schema_keeps_its_baseline_promise() -> None:
    found = [
        f"{service}: {one}" for service, doc in documents().items() for one in breaks(service, doc)
    ]
    assert found == [], (
        "breaking event schema changes (bump schema_version and register an upcaster for the old"
        " version, then `make events-baseline`):\n  " + "\n  ".join(found)
    )


def test_every_service_and_event_type_has_a_baseline() -> None:
    for service, document in documents().items():
        assert (BASELINE / f"{service}.json").is_file(), f"run `make events-baseline` ({service})"
        missing = set(document["components"]["messages"]) - set(load_baseline(service))
        assert missing == set(), f"{service}: not in the baseline yet: {sorted(missing)}"


def test_the_gate_names_the_event_and_the_change_of_a_broken_model() -> None:
    """A deliberately broken schema: a field of a real event removed at the same version."""
    documents_now = documents()
    document = copy.deepcopy(documents_now["groups"])
    name = sorted(document["components"]["messages"])[0]
    payload = document["components"]["messages"][name]["payload"]
    dropped = sorted(payload["properties"])[0]
    del payload["properties"][dropped]
    payload["required"] = [r for r in payload.get("required", []) if r != dropped]
    assert [str(b) for b in breaks("groups", document)] == [f"{name}: field removed: {dropped}"]
    assert set(SERVICES) == set(documents_now)


def test_moving_the_baseline_refuses_a_break_unless_forced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(event_catalog, "BASELINE", tmp_path)
    for service in SERVICES:
        shutil.copy(BASELINE / f"{service}.json", tmp_path / f"{service}.json")
    kept = json.loads((tmp_path / "groups.json").read_text())
    kept["SchoolRegistered"]["1"]["properties"]["motto"] = {"type": "string"}
    (tmp_path / "groups.json").write_text(json.dumps(kept))

    assert event_catalog.write_baseline(force=False) == 1
    assert "groups: SchoolRegistered: field removed: motto" in capsys.readouterr().err
    assert "motto" in (tmp_path / "groups.json").read_text()  # untouched
    assert event_catalog.write_baseline(force=True) == 0
    assert "motto" not in (tmp_path / "groups.json").read_text()
    assert event_catalog.write_baseline(force=False) == 0  # moved: compatible again

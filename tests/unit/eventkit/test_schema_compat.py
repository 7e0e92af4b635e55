"""The compatibility comparator over fixtures: each kind of break is caught and named, each
additive change passes, and a new schema version passes only with an upcaster."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from eventkit.schema_compat import Break, compare, schema_changes

OLD: dict[str, Any] = {
    "type": "object",
    "properties": {
        "group_id": {"type": "string"},
        "size": {"type": "integer"},
        "score": {"type": "number"},
        "role": {"enum": ["LEAD", "MEMBER"], "type": "string"},
        "note": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None},
        "tags": {"type": "array", "items": {"type": "string"}},
        "place": {
            "type": "object",
            "properties": {"room": {"type": "string"}},
            "required": ["room"],
        },
    },
    "required": ["group_id", "size", "role"],
}


def changed(edit: Any) -> dict[str, Any]:
    new = copy.deepcopy(OLD)
    edit(new)
    return new


def p(schema: dict[str, Any]) -> dict[str, Any]:
    properties: dict[str, Any] = schema["properties"]
    return properties


BREAKS = [
    (lambda s: p(s).pop("size"), "field removed: size"),
    (lambda s: p(s)["place"]["properties"].pop("room"), "field removed: place.room"),
    (lambda s: p(s).__setitem__("score", {"type": "integer"}), "type narrowed at score"),
    (lambda s: p(s).__setitem__("size", {"type": "string"}), "type narrowed at size"),
    (lambda s: p(s).__setitem__("note", {"type": "string"}), "type narrowed at note"),
    (lambda s: p(s)["tags"].__setitem__("items", {"type": "integer"}), "type narrowed at tags[]"),
    (lambda s: s["required"].append("note"), "new required field: note"),
    (
        lambda s: (p(s).__setitem__("room", {"type": "string"}), s["required"].append("room")),
        "new required field: room",
    ),
    (lambda s: p(s)["role"].__setitem__("enum", ["LEAD"]), "enum value removed at role: 'MEMBER'"),
]


@pytest.mark.parametrize(("edit", "change"), BREAKS, ids=[c for _, c in BREAKS])
def test_each_kind_of_break_is_caught_and_named(edit: Any, change: str) -> None:
    found = list(schema_changes(OLD, changed(edit)))
    assert len(found) == 1 and found[0].startswith(change), found
    breaks = compare({"GroupFormed": {"1": OLD}}, {"GroupFormed": (1, changed(edit))}, _none)
    assert [str(b) for b in breaks] == [f"GroupFormed: {found[0]}"]


ADDITIVE = [
    (lambda s: p(s).__setitem__("venue", {"type": "string"}), "a new optional field"),
    (lambda s: p(s)["role"]["enum"].append("GUEST"), "a new enum value"),
    (lambda s: p(s).__setitem__("size", {"type": "number"}), "integer widened to number"),
    (
        lambda s: p(s).__setitem__("group_id", {"anyOf": [{"type": "string"}, {"type": "null"}]}),
        "a type made nullable",
    ),
    (lambda s: s["required"].remove("size"), "a field no longer required"),
    (lambda s: p(s)["note"].__setitem__("description", "why"), "documentation"),
]


@pytest.mark.parametrize(("edit", "why"), ADDITIVE, ids=[w for _, w in ADDITIVE])
def test_additive_changes_pass(edit: Any, why: str) -> None:
    assert list(schema_changes(OLD, changed(edit))) == []
    assert compare({"GroupFormed": {"1": OLD}}, {"GroupFormed": (1, changed(edit))}, _none) == []


def _none(event: str, version: int) -> bool:
    return False


def test_a_new_version_passes_only_with_an_upcaster_from_the_old_one() -> None:
    broken = changed(lambda s: p(s).pop("size"))
    baseline = {"GroupFormed": {"1": OLD}}
    assert (
        compare(baseline, {"GroupFormed": (2, broken)}, lambda e, v: (e, v) == ("GroupFormed", 1))
        == []
    )
    assert compare(baseline, {"GroupFormed": (2, broken)}, _none) == [
        Break("GroupFormed", "v2 but no upcaster from v1")
    ]
    # once v2 is the baseline's latest, v2 itself is held to the same rules
    moved = {"GroupFormed": {"1": OLD, "2": broken}}
    assert compare(moved, {"GroupFormed": (2, broken)}, _none) == []


def test_a_removed_event_type_and_a_version_going_back_are_breaks() -> None:
    baseline = {"GroupFormed": {"1": OLD, "2": OLD}, "GroupClosed": {"1": OLD}}
    assert compare(baseline, {"GroupFormed": (1, OLD)}, _none) == [
        Break("GroupClosed", "event type removed"),
        Break("GroupFormed", "schema version went back from v2 to v1"),
    ]


def test_a_brand_new_event_type_is_additive() -> None:
    assert compare({}, {"GroupFormed": (1, OLD)}, _none) == []

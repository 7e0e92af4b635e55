"""The compatibility gate: what a consumer of the event stream may rely on.

An event type's JSON Schema at a schema version is a promise. A later schema at the *same*
version may only add: a new optional field, a new enum value, a wider type. Anything else —
a field removed, a type narrowed, a field newly required, an enum value removed, the event type
gone — breaks a consumer (or the replay of events already stored), and is allowed only as a new
schema version whose predecessor has an upcaster (``EventRegistry.upcaster``), so stored events
still read as the new shape.

``compare(baseline, current, has_upcaster)`` returns every break as a ``Break`` naming the event
and the change; the baseline is ``docs/events/baseline/<service>.json``, moved forward only by
``make events-baseline``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Baseline", "Break", "Current", "compare", "schema_changes"]

#: event type -> schema version (as a string, JSON's keys) -> JSON Schema
Baseline = Mapping[str, Mapping[str, Mapping[str, Any]]]
#: event type -> (current schema version, its JSON Schema)
Current = Mapping[str, tuple[int, Mapping[str, Any]]]


@dataclass(frozen=True, order=True)
class Break:
    event: str
    change: str

    def __str__(self) -> str:
        return f"{self.event}: {self.change}"


def _branches(node: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """A node's alternatives: its ``anyOf``/``oneOf`` branches, or the node itself."""
    alternatives = node.get("anyOf") or node.get("oneOf")
    return list(alternatives) if alternatives else [node]


def _types(node: Mapping[str, Any]) -> set[str] | None:
    """The JSON types a node accepts (``None``: any). ``integer`` counts as a kind of number."""
    found: set[str] = set()
    for branch in _branches(node):
        kind = branch.get("type")
        if kind is None:
            if "enum" in branch or "const" in branch:
                values = branch.get("enum", [branch.get("const")])
                found |= {_json_type(v) for v in values}
                continue
            return None
        found |= {kind} if isinstance(kind, str) else set(kind)
    return found


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else "string"


def _accepts(new: set[str], old_type: str) -> bool:
    return old_type in new or (old_type == "integer" and "number" in new)


def _enum(node: Mapping[str, Any]) -> list[Any] | None:
    """The allowed values when every non-null branch is an enum (``None``: not an enum)."""
    values: list[Any] = []
    for branch in _branches(node):
        if branch.get("type") == "null":
            continue
        if "enum" not in branch and "const" not in branch:
            return None
        values += branch.get("enum", [branch.get("const")])
    return values


def _of_type(node: Mapping[str, Any], kind: str) -> Mapping[str, Any] | None:
    return next((b for b in _branches(node) if b.get("type") == kind), None)


def schema_changes(old: Mapping[str, Any], new: Mapping[str, Any], at: str = "") -> Iterator[str]:
    """The breaking differences from ``old`` to ``new`` (additive changes are not reported)."""
    where = at or "the event"
    old_types, new_types = _types(old), _types(new)
    if old_types is not None:
        lost = sorted(t for t in old_types if new_types is not None and not _accepts(new_types, t))
        if lost:
            yield (
                f"type narrowed at {where}: {'|'.join(sorted(old_types))}"
                f" -> {'|'.join(sorted(new_types or ()))}"
            )
    old_enum, new_enum = _enum(old), _enum(new)
    if old_enum is not None and new_enum is not None:
        for value in old_enum:
            if value not in new_enum:
                yield f"enum value removed at {where}: {value!r}"
    old_object, new_object = _of_type(old, "object"), _of_type(new, "object")
    if old_object is not None and new_object is not None:
        yield from _object_changes(old_object, new_object, at)
    old_array, new_array = _of_type(old, "array"), _of_type(new, "array")
    if old_array is not None and new_array is not None:
        yield from schema_changes(old_array.get("items", {}), new_array.get("items", {}), f"{at}[]")


def _object_changes(old: Mapping[str, Any], new: Mapping[str, Any], at: str) -> Iterator[str]:
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for name in old_props:
        path = f"{at}.{name}" if at else name
        if name not in new_props:
            yield f"field removed: {path}"
        else:
            yield from schema_changes(old_props[name], new_props[name], path)
    for name in sorted(set(new.get("required", ())) - set(old.get("required", ()))):
        path = f"{at}.{name}" if at else name
        yield f"new required field: {path}"


def compare(
    baseline: Baseline, current: Current, has_upcaster: Callable[[str, int], bool]
) -> list[Break]:
    """Every break of ``current`` against ``baseline`` (sorted; empty when compatible)."""
    breaks: list[Break] = []
    for event, versions in baseline.items():
        if event not in current:
            breaks.append(Break(event, "event type removed"))
            continue
        version, schema = current[event]
        latest = max(int(v) for v in versions)
        if version == latest:
            old = versions[str(latest)]
            breaks += [Break(event, change) for change in schema_changes(old, schema)]
        elif version < latest:
            breaks.append(Break(event, f"schema version went back from v{latest} to v{version}"))
        else:
            for step in range(latest, version):
                if not has_upcaster(event, step):
                    breaks.append(Break(event, f"v{version} but no upcaster from v{step}"))
    return sorted(breaks)

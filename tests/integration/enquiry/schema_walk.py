"""Selection sets generated from the subgraph's schema, and the unit scenarios' histories.

``select(schema, type)`` selects every field of a type that takes no required argument, nested
types recursively (a type already on the path, or beyond ``depth``, is selected as
``{ __typename }``, which still runs its resolver). So a field added later is read by the tests
that use it without touching them.

``unit_histories()`` runs the enquiry domain's unit scenarios (``tests/unit/enquiry``) with the
given/when/then helper recording every history it folds (the ``given`` events, and the ``given``
plus accepted events): every state each aggregate reaches in those scenarios.
"""

from __future__ import annotations

import importlib
import inspect
import itertools
import pkgutil
from collections.abc import Iterator
from typing import Any

from graphql import (
    GraphQLObjectType,
    GraphQLSchema,
    Undefined,
    get_named_type,
    is_leaf_type,
    is_non_null_type,
)

__all__ = ["select", "unit_histories"]


def select(
    schema: GraphQLSchema, type_name: str, depth: int = 4, path: tuple[str, ...] = ()
) -> str:
    found = schema.get_type(type_name)
    assert isinstance(found, GraphQLObjectType), type_name
    parts = []
    for name, field in found.fields.items():
        if name.startswith("_"):
            continue
        if any(
            is_non_null_type(a.type) and a.default_value is Undefined for a in field.args.values()
        ):
            continue
        named = get_named_type(field.type)
        if is_leaf_type(named):
            parts.append(name)
        elif isinstance(named, GraphQLObjectType):
            if depth == 0 or named.name in path or named.name == type_name:
                parts.append(f"{name} {{ __typename }}")
            else:
                inner = select(schema, named.name, depth - 1, (*path, type_name))
                parts.append(f"{name} {{ {inner} }}")
    return " ".join(parts)


def _calls(function: Any) -> Iterator[dict[str, Any]]:
    """Every argument combination ``@pytest.mark.parametrize`` marks ask for."""
    axes = []
    for mark in getattr(function, "pytestmark", ()):
        if mark.name != "parametrize":
            continue
        names, values = mark.args[0], mark.args[1]
        names = [n.strip() for n in names.split(",")] if isinstance(names, str) else list(names)
        rows = [v.values if hasattr(v, "values") and hasattr(v, "marks") else v for v in values]
        axes.append(
            [dict(zip(names, row if len(names) > 1 else (row,), strict=True)) for row in rows]
        )
    for combination in itertools.product(*axes):
        merged: dict[str, Any] = {}
        for part in combination:
            merged.update(part)
        yield merged


def unit_histories() -> list[list[Any]]:
    """The histories the enquiry unit scenarios fold, deduplicated, in the order first seen.

    The unit tests run once with the shared given/when/then helper (``tests.support.scenario``)
    observed: every given history, and that history plus what the next command decided."""
    from tests.support import scenario
    from tests.unit import enquiry as unit_tests

    seen: dict[str, list[Any]] = {}

    def record(events: Any) -> None:
        events = list(events)
        seen.setdefault(repr(events), events)

    original_when = scenario.Given.when

    def when(self: Any, command: Any) -> Any:
        record(self.history)
        outcome = original_when(self, command)
        if outcome.events is not None:
            record([*self.history, *outcome.events])
        return outcome

    modules = [
        importlib.import_module(f"{unit_tests.__name__}.{m.name}")
        for m in pkgutil.iter_modules(unit_tests.__path__)
        if m.name.startswith("test_")
    ]
    scenario.Given.when = when  # type: ignore[method-assign]
    try:
        for module in modules:
            for name, function in inspect.getmembers(module, inspect.isfunction):
                if not name.startswith("test_") or inspect.iscoroutinefunction(function):
                    continue
                if set(inspect.signature(function).parameters) - {
                    n for call in _calls(function) for n in call
                }:
                    continue  # takes a fixture: not a scenario
                for call in _calls(function):
                    function(**call)
    finally:
        scenario.Given.when = original_when  # type: ignore[method-assign]
    return [h for h in seen.values() if h]

"""Every state the groups' unit scenarios reach, as event histories per aggregate.

The unit tests (``tests/unit/groups``) are the catalogue of situations the domain knows. Rather
than copy them, this runs them once with ``Given.when`` observed: every ``given`` history, and that
history plus whatever the command decided, is a state the aggregate can be in. Every prefix of a
history is one too. A unit test added later adds its states here without touching this module.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import pytest
from eventkit.domain import DomainEvent

import tests.unit.groups as unit_tests
from tests.unit.groups.scenario import Given

__all__ = ["Reached", "reached_histories"]

#: stream type -> histories (each a tuple of events, oldest first)
Reached = dict[str, list[tuple[DomainEvent, ...]]]

_ParameterSet = type(pytest.param(None))


def _calls(test: Callable[..., Any]) -> Iterator[tuple[Any, ...]]:
    """The argument tuples pytest would call ``test`` with (its ``parametrize`` marks)."""
    marks = [m for m in getattr(test, "pytestmark", []) if m.name == "parametrize"]
    if not marks:
        if not inspect.signature(test).parameters:  # a fixture-taking test is not a scenario
            yield ()
        return
    (mark,) = marks  # the groups' unit tests stack no parametrize marks
    names = mark.args[0]
    single = isinstance(names, str) and "," not in names
    for value in mark.args[1]:
        if isinstance(value, _ParameterSet):
            yield tuple(value.values)
        else:
            yield (value,) if single else tuple(value)


def _tests() -> Iterator[Callable[..., Any]]:
    for info in pkgutil.iter_modules(unit_tests.__path__):
        if not info.name.startswith("test_"):
            continue
        module = importlib.import_module(f"{unit_tests.__name__}.{info.name}")
        for name, test in vars(module).items():
            is_test = name.startswith("test_") and inspect.isfunction(test)
            if is_test and not inspect.iscoroutinefunction(test):
                yield test


def reached_histories() -> Reached:
    seen: set[tuple[str, tuple[str, ...]]] = set()
    reached: Reached = {}

    def note(stream_type: str, history: tuple[DomainEvent, ...]) -> None:
        for end in range(1, len(history) + 1):
            prefix = history[:end]
            key = (stream_type, tuple(e.model_dump_json() + e.event_type for e in prefix))
            if key not in seen:
                seen.add(key)
                reached.setdefault(stream_type, []).append(prefix)

    original = Given.when

    def observed(self: Given[Any, Any, Any], command: Any) -> Any:
        outcome = original(self, command)
        history = tuple(self.history)
        note(self.decider.stream_type, history)
        if outcome.events:
            note(self.decider.stream_type, history + tuple(outcome.events))
        return outcome

    with mock.patch.object(Given, "when", observed):
        for test in _tests():
            for args in _calls(test):
                test(*args)
    return reached

"""Every state the groups' unit scenarios reach, as event histories per aggregate.

The unit tests (``tests/unit/groups``) are the catalogue of situations the domain knows. Rather
than copy them, this runs them once with the groups' deciders observed: every history a test folds
into a state (``Decider.fold``, which given/when/then helpers use to build the state a command is
decided on), and that history plus whatever the next command decided, is a state the aggregate can
be in; so is every prefix of a history. A unit test added later adds its states here without
touching this module, whichever given/when/then helper it uses.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from unittest import mock

import pytest
from clc_groups.domain import (
    LEARNING_GROUP_DECIDER,
    NETWORK_DECIDER,
    PRACTITIONER_DECIDER,
    SCHOOL_DECIDER,
)
from eventkit.domain import Decider, DomainEvent

import tests.unit.groups as unit_tests

__all__ = ["Reached", "reached_histories"]

#: stream type -> histories (each a tuple of events, oldest first)
Reached = dict[str, list[tuple[DomainEvent, ...]]]

_ParameterSet = type(pytest.param(None))

DECIDERS: tuple[Decider[Any, Any, Any], ...] = (
    SCHOOL_DECIDER,
    PRACTITIONER_DECIDER,
    NETWORK_DECIDER,
    LEARNING_GROUP_DECIDER,
)


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
            key = (stream_type, tuple(e.event_type + e.model_dump_json() for e in prefix))
            if key not in seen:
                seen.add(key)
                reached.setdefault(stream_type, []).append(prefix)

    folded: dict[str, tuple[DomainEvent, ...]] = {}  # stream type -> the history folded last
    original_fold = Decider.fold

    def fold(self: Decider[Any, Any, Any], events: Iterable[DomainEvent]) -> Any:
        history = tuple(events)
        note(self.stream_type, history)
        folded[self.stream_type] = history
        return original_fold(self, history)

    def observed(decider: Decider[Any, Any, Any]) -> Callable[[Any, Any], Any]:
        decide = decider.decide

        def deciding(state: Any, command: Any) -> Any:
            events = decide(state, command)
            history = folded.get(decider.stream_type, ())
            note(decider.stream_type, history + tuple(events))
            return events

        return deciding

    originals = {d: d.decide for d in DECIDERS}
    try:
        for decider in DECIDERS:  # frozen dataclasses: swap the field in place, put it back
            object.__setattr__(decider, "decide", observed(decider))
        with mock.patch.object(Decider, "fold", fold):
            for test in _tests():
                for args in _calls(test):
                    test(*args)
    finally:
        for decider, decide in originals.items():
            object.__setattr__(decider, "decide", decide)
    return reached

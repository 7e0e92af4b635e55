"""A tiny given / when / then helper for deciders.

::

    given(ENQUIRY, proposed(), launched()).when(start_cycle()).then(cycle_started())
    given(ENQUIRY).when(launch()).then_refused(EnquiryNotFound)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from eventkit.domain import Command, Decider, DomainEvent
from eventkit.errors import DomainError

AnyDecider = Decider[Any, Any, Any]


@dataclass(frozen=True)
class Given:
    decider: AnyDecider
    history: Sequence[DomainEvent]

    def when(self, command: Command) -> When:
        return When(self.decider, self.history, command)


@dataclass(frozen=True)
class When:
    decider: AnyDecider
    history: Sequence[DomainEvent]
    command: Command

    def _decide(self) -> Sequence[DomainEvent]:
        state = self.decider.fold(self.history)
        return self.decider.decide(state, self.command)

    def then(self, *expected: DomainEvent) -> Sequence[DomainEvent]:
        """The command is accepted and yields exactly ``expected``; the result also folds."""
        events = self._decide()
        assert list(events) == list(expected)
        self.decider.fold([*self.history, *events])
        return events

    def then_refused(self, error: type[DomainError], *, field: str | None = None) -> DomainError:
        """The command is refused with exactly ``error`` (not a subclass), with its code."""
        with pytest.raises(DomainError) as caught:
            self._decide()
        assert type(caught.value) is error, f"expected {error.__name__}, got {caught.value!r}"
        assert caught.value.code == error.code
        if field is not None:
            assert caught.value.field == field
        return caught.value


def given(decider: AnyDecider, *history: DomainEvent) -> Given:
    return Given(decider, history)

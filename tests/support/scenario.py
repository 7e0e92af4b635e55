"""Given (events) / when (command) / then (events or a refusal), for any eventkit ``Decider``.

One helper for every service's domain unit tests::

    given(NETWORK_DECIDER, *a_network_ready_to_launch()).when(launch).then(NetworkLaunched(...))
    given(NETWORK_DECIDER).when(launch).then_refused(NetworkNotFound, field="network_id")

``then`` also folds the decided events into the state (so ``evolve`` accepts what ``decide``
says) and returns that state for further assertions. ``then_refused`` checks the exact error type,
its code and the ``field`` it names: clients point at an input with it, so a refusal that names
no field must say so (``field=None``, the default).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from eventkit.domain import Command, Decider, DomainEvent
from eventkit.errors import DomainError

S = TypeVar("S")
C = TypeVar("C", bound=Command)
E = TypeVar("E", bound=DomainEvent)

__all__ = ["Given", "When", "given"]


def given(decider: Decider[S, C, E], *history: E) -> Given[S, C, E]:
    return Given(decider, history)


@dataclass(frozen=True)
class Given(Generic[S, C, E]):
    decider: Decider[S, C, E]
    history: Sequence[E]

    @property
    def state(self) -> S:
        return self.decider.fold(self.history)

    def when(self, command: C) -> When[S, C, E]:
        state = self.state
        try:
            events = list(self.decider.decide(state, command))
        except DomainError as error:
            return When(self.decider, state, None, error)
        return When(self.decider, state, events, None)


@dataclass(frozen=True)
class When(Generic[S, C, E]):
    decider: Decider[S, C, E]
    state_before: S
    events: list[E] | None
    error: DomainError | None

    def then(self, *expected: E) -> S:
        """Asserts exactly these events were decided, in order; returns the state after them."""
        assert self.error is None, f"expected events, but the command was refused: {self.error!r}"
        assert self.events is not None
        assert self.events == list(expected)
        state = self.state_before
        for event in self.events:
            state = self.decider.evolve(state, event)
        return state

    def then_nothing_happens(self) -> S:
        return self.then()

    def then_refused(
        self, error_type: type[DomainError], code: str | None = None, *, field: str | None = None
    ) -> DomainError:
        """Asserts the command was refused with exactly ``error_type`` (not a subclass), carrying
        its code (``code`` too, when given) and naming ``field``."""
        assert self.error is not None, f"expected {error_type.__name__}, but got {self.events!r}"
        assert type(self.error) is error_type, f"expected {error_type.__name__}: {self.error!r}"
        assert self.error.code == error_type.code
        if code is not None:
            assert self.error.code == code
        assert self.error.message
        assert self.error.field == field, (
            f"{error_type.__name__} names field {self.error.field!r}, expected {field!r}"
        )
        return self.error

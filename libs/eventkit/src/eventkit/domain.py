"""The pure building blocks a service's ``domain/`` package uses.

An aggregate is a *decider*: ``decide(state, command) -> events`` says what happens and refuses with
a named ``DomainError``; ``evolve(state, event) -> state`` folds one event into state. Both are pure
functions, so unit tests are plain given (events) / when (command) / then (events or error).

Events are frozen pydantic models with a stable ``event_type`` name and an integer
``schema_version``; commands are frozen pydantic models named in the imperative. Nothing here does
I/O: domain packages may import this module and ``eventkit.errors`` only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

__all__ = [
    "Actor",
    "Command",
    "Decider",
    "DomainEvent",
    "fold",
]


class DomainEvent(BaseModel):
    """A fact, named in the past tense. Subclasses set ``event_type`` (and bump ``schema_version``
    when their shape changes, registering an upcaster for the old one)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_type: ClassVar[str] = ""
    schema_version: ClassVar[int] = 1

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls.__dict__.get("event_type"):
            cls.event_type = cls.__name__


class Actor(BaseModel):
    """Who issues a command, as the domain sees it: a person in a tenant with roles.

    Built by the application layer from the verified ``Principal``; the domain never sees tokens.
    """

    model_config = ConfigDict(frozen=True)

    tenant_id: str
    person_id: str
    roles: frozenset[str] = frozenset()

    def has_role(self, role: str) -> bool:
        return role in self.roles


class Command(BaseModel):
    """An intention, named in the imperative. Validated on construction; never mutated."""

    model_config = ConfigDict(frozen=True, extra="forbid")


S = TypeVar("S")
C = TypeVar("C", bound=Command)
E = TypeVar("E", bound=DomainEvent)


@dataclass(frozen=True)
class Decider(Generic[S, C, E]):
    """An aggregate as three pure functions plus its stream type name."""

    stream_type: str
    initial_state: Callable[[], S]
    decide: Callable[[S, C], Sequence[E]]
    evolve: Callable[[S, E], S]

    def fold(self, events: Iterable[E]) -> S:
        return fold(self.evolve, self.initial_state(), events)


def fold(evolve: Callable[[S, E], S], state: S, events: Iterable[E]) -> S:
    for event in events:
        state = evolve(state, event)
    return state

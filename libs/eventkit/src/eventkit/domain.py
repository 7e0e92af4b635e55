"""The pure building blocks a service's ``domain/`` package uses.

An aggregate is a *decider*: ``decide(state, command) -> events`` says what happens and refuses with
a named ``DomainError``; ``evolve(state, event) -> state`` folds one event into state. Both are pure
functions, so unit tests are plain given (events) / when (command) / then (events or error).

Events are frozen pydantic models with a stable ``event_type`` name and an integer
``schema_version``; commands are frozen pydantic models named in the imperative. Nothing here does
I/O: domain packages may import this module and ``eventkit.errors`` only.

The input bounds every service shares live here too, under one rule: *anything a command accepts,
every projection stores*. A read model keeps instants in ``timestamptz`` and text in ``text``
(PostgreSQL), and a stored event's data is ``jsonb``; so an instant is bounded to the years
1900 to 2200 after normalising to UTC (``Instant``, ``CalendarDate``), and text refuses C0 control
characters and unpaired surrogates (``single_line``, ``multi_line``), which neither ``text`` nor
``jsonb`` can hold. Commands use them through pydantic (``Annotated[..., AfterValidator(...)]``);
a refusal is a named ``InvalidInput`` naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any, ClassVar, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, ValidationInfo

from .errors import ControlCharacterInText, DateOutOfRange, TimeZoneMissing

__all__ = [
    "EARLIEST",
    "LATEST",
    "Actor",
    "CalendarDate",
    "Command",
    "Decider",
    "DomainEvent",
    "Instant",
    "bounded_date",
    "bounded_instant",
    "fold",
    "multi_line",
    "naming_the_field",
    "single_line",
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
    """An intention, named in the imperative. Validated on construction; never mutated.

    ``FACTS`` names the fields the application layer fills from what it looked up (another
    stream, a local read model) rather than from the client: they are not part of what the client
    asked, so an idempotent retry is recognised even after such a fact changed
    (``eventkit.idempotency``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    FACTS: ClassVar[frozenset[str]] = frozenset()


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


# --- input bounds ---------------------------------------------------------------------------------

EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
"""The earliest instant a command accepts (inclusive)."""
LATEST = datetime(2200, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC)
"""The latest instant a command accepts (inclusive). Far inside what ``timestamptz`` and Python's
``datetime`` hold, so no offset can push a stored value out of either."""

# C0 controls (U+0000-U+001F) and unpaired surrogates: PostgreSQL's ``text`` refuses NUL and its
# UTF-8 encoding refuses surrogates; the other controls are stored but are never meant in a name or
# a note and break logs and CSV exports. Multi-line text keeps tab, line feed and carriage return.
_SINGLE_LINE_REFUSED = re.compile("[\x00-\x1f\ud800-\udfff]")
_MULTI_LINE_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def bounded_instant(value: datetime, field: str | None = None) -> datetime:
    """``value`` in UTC, if it has a time zone and lies between ``EARLIEST`` and ``LATEST``."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise TimeZoneMissing(field=field)
    try:
        utc = value.astimezone(UTC)
    except OverflowError:  # e.g. 0001-01-01T00:00+14:00 is before year 1 in UTC
        raise DateOutOfRange(field=field) from None
    if not EARLIEST <= utc <= LATEST:
        raise DateOutOfRange(field=field)
    return utc


def bounded_date(value: date, field: str | None = None) -> date:
    """``value`` if it lies in the years ``EARLIEST`` to ``LATEST``."""
    if not EARLIEST.date() <= value <= LATEST.date():
        raise DateOutOfRange(field=field)
    return value


def single_line(value: str, field: str | None = None) -> str:
    """``value`` if it has no control character at all (names, titles, ids, references)."""
    if _SINGLE_LINE_REFUSED.search(value):
        raise ControlCharacterInText(field=field)
    return value


def multi_line(value: str, field: str | None = None) -> str:
    """``value`` if its only control characters are tab, line feed and carriage return."""
    if _MULTI_LINE_REFUSED.search(value):
        raise ControlCharacterInText(field=field)
    return value


T = TypeVar("T")


def naming_the_field(check: Callable[[T, str | None], T]) -> AfterValidator:
    """``check`` as a pydantic validator whose refusal names the model field it validates."""

    def validate(value: T, info: ValidationInfo) -> T:
        return check(value, info.field_name)

    return AfterValidator(validate)


Instant = Annotated[datetime, naming_the_field(bounded_instant)]
"""A moment with a time zone, between ``EARLIEST`` and ``LATEST``; normalised to UTC."""

CalendarDate = Annotated[date, naming_the_field(bounded_date)]
"""A calendar day between ``EARLIEST`` and ``LATEST``."""

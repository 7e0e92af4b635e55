"""Hypothesis strategies for command inputs: anything a command's value types accept.

Each strategy draws from a wider space than the type accepts (any code point, surrogates and
control characters included; instants with any UTC offset around the 1900-2200 bounds; strings up
to the maximum length in four-byte characters) and keeps what the type's own validator accepts, so
a property over them is a property of *everything a command accepts*, edges included.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

from eventkit.domain import EARLIEST, LATEST, CalendarDate, Instant
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

__all__ = ["accepted", "calendar_dates", "instants", "texts"]

# Any code point: hypothesis leaves out surrogates unless asked; the types must refuse them.
_ANY_CHARACTER = st.characters(exclude_categories=())
_WIDE_CHARACTER = st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF)
_OFFSETS = st.integers(-14 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


def accepted(annotated: Any, values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """The values of ``values`` that ``annotated`` (a pydantic-annotated type) accepts."""
    adapter: TypeAdapter[Any] = TypeAdapter(annotated)

    def accepts(value: Any) -> bool:
        try:
            adapter.validate_python(value)
        except ValidationError:
            return False
        return True

    return values.filter(accepts)


def texts(annotated: Any, max_length: int) -> st.SearchStrategy[str]:
    """Strings ``annotated`` accepts: short arbitrary ones and ones at the length limit."""
    longest = st.builds(
        lambda c, n: c * n, _WIDE_CHARACTER, st.integers(max_length - 2, max_length)
    )
    return accepted(annotated, st.one_of(st.text(_ANY_CHARACTER, min_size=1, max_size=40), longest))


def instants() -> st.SearchStrategy[datetime]:
    """Aware datetimes ``Instant`` accepts, with any offset, often at the bounds."""
    around = st.datetimes(
        min_value=datetime(1899, 12, 30), max_value=datetime(2201, 1, 2), timezones=_OFFSETS
    )
    at_a_bound = st.tuples(st.sampled_from([EARLIEST, LATEST]), _OFFSETS).map(
        lambda pair: pair[0].astimezone(pair[1])
    )
    # Python's own extremes, which no offset can move into UTC: refused today, and if a type
    # ever accepted them, the property would meet them at once.
    extreme = st.tuples(st.sampled_from([datetime.min, datetime.max]), _OFFSETS).map(
        lambda pair: pair[0].replace(tzinfo=pair[1])
    )
    return accepted(Instant, st.one_of(around, at_a_bound, extreme))


def calendar_dates() -> st.SearchStrategy[date]:
    edges = st.sampled_from([EARLIEST.date(), LATEST.date(), date.min, date.max])
    around = st.dates(date(1899, 12, 1), date(2201, 1, 31))
    return accepted(CalendarDate, st.one_of(edges, around))

"""The input bounds every domain shares: anything a command accepts, every projection stores.

Read models keep instants in ``timestamptz`` and text in ``text``; stored events are ``jsonb``.
Instants outside 1900 to 2200 (after normalising to UTC) and control characters are refused with
a named error naming the field.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Annotated

import pytest
from eventkit.domain import (
    EARLIEST,
    LATEST,
    CalendarDate,
    Command,
    Instant,
    bounded_date,
    bounded_instant,
    multi_line,
    naming_the_field,
    single_line,
)
from eventkit.errors import ControlCharacterInText, DateOutOfRange, InvalidInput, TimeZoneMissing
from pydantic import ValidationError

PLUS_14 = timezone(timedelta(hours=14))
MINUS_14 = timezone(timedelta(hours=-14))


class Meet(Command):
    at: Instant
    on: CalendarDate | None = None
    title: str = "x"


def refusal(**fields: object) -> InvalidInput:
    """The named error pydantic wrapped, as the application layer re-raises it."""
    with pytest.raises(ValidationError) as caught:
        Meet(**fields)  # type: ignore[arg-type]
    error = caught.value.errors()[0]["ctx"]["error"]
    assert isinstance(error, InvalidInput)
    return error


@pytest.mark.parametrize(
    "moment",
    ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "1899-12-31T23:59:59Z"],
)
def test_an_instant_no_read_model_can_store_is_refused_naming_the_field(moment: str) -> None:
    error = refusal(at=moment)
    assert type(error) is DateOutOfRange
    assert (error.code, error.field) == ("DATE_OUT_OF_RANGE", "at")


def test_the_bounds_apply_after_normalising_to_utc() -> None:
    # 1900-01-01T05:00+06:00 is 1899-12-31T23:00Z: before the earliest instant
    with pytest.raises(DateOutOfRange):
        bounded_instant(datetime(1900, 1, 1, 5, tzinfo=timezone(timedelta(hours=6))))
    # 2200-12-31T20:00-05:00 is 2201-01-01T01:00Z: after the latest
    with pytest.raises(DateOutOfRange):
        bounded_instant(datetime(2200, 12, 31, 20, tzinfo=timezone(timedelta(hours=-5))))


def test_the_bounds_are_inclusive_and_an_accepted_instant_is_kept_in_utc() -> None:
    assert bounded_instant(EARLIEST) == EARLIEST
    assert bounded_instant(LATEST) == LATEST
    kept = Meet(at="2025-03-04T10:30:00+02:00").at  # type: ignore[arg-type]
    assert kept == datetime(2025, 3, 4, 8, 30, tzinfo=UTC)
    assert kept.utcoffset() == timedelta(0)
    with pytest.raises(DateOutOfRange):
        bounded_instant(EARLIEST - timedelta(microseconds=1))
    with pytest.raises(DateOutOfRange):
        bounded_instant(LATEST + timedelta(microseconds=1))


def test_extreme_offsets_at_the_edge_of_pythons_range_are_refused_not_overflowing() -> None:
    with pytest.raises(DateOutOfRange):
        bounded_instant(datetime(1, 1, 1, tzinfo=PLUS_14))
    with pytest.raises(DateOutOfRange):
        bounded_instant(datetime(9999, 12, 31, 23, 59, 59, tzinfo=MINUS_14))


def test_an_instant_without_a_time_zone_is_refused() -> None:
    error = refusal(at="2025-03-04T10:30:00")
    assert type(error) is TimeZoneMissing
    assert (error.code, error.field) == ("TIME_ZONE_MISSING", "at")


def test_a_calendar_date_is_bounded_to_the_same_years() -> None:
    error = refusal(at="2025-03-04T10:30:00Z", on="0001-01-01")
    assert (type(error), error.field) == (DateOutOfRange, "on")
    assert bounded_date(date(1900, 1, 1)) == date(1900, 1, 1)
    assert bounded_date(date(2200, 12, 31)) == date(2200, 12, 31)
    for outside in (date(1899, 12, 31), date(2201, 1, 1), date(9999, 12, 31)):
        with pytest.raises(DateOutOfRange):
            bounded_date(outside)


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1b", "\x1f", "\t", "\n", "\r", "\ud800"])
def test_single_line_text_refuses_every_control_character_and_lone_surrogates(char: str) -> None:
    with pytest.raises(ControlCharacterInText) as caught:
        single_line(f"Oak{char}wood", "name")
    assert (caught.value.code, caught.value.field) == ("CONTROL_CHARACTER_IN_TEXT", "name")


@pytest.mark.parametrize("char", ["\x00", "\x08", "\x0b", "\x0c", "\x0e", "\x1f", "\udfff"])
def test_multi_line_text_refuses_control_characters_other_than_tab_and_line_breaks(
    char: str,
) -> None:
    with pytest.raises(ControlCharacterInText):
        multi_line(f"first{char}second")


def test_multi_line_text_keeps_tabs_and_line_breaks_and_any_printable_character() -> None:
    text = "first line\r\n\tsecond — ünïcödé, emoji 🌱, DEL \x7f"
    assert multi_line(text) == text
    assert single_line("Oakwood — ünïcödé 🌱") == "Oakwood — ünïcödé 🌱"


class Note(Command):
    body: Annotated[str, naming_the_field(multi_line)]
    tags: tuple[Annotated[str, naming_the_field(single_line)], ...] = ()


def test_a_check_used_as_a_validator_names_the_model_field_even_inside_a_collection() -> None:
    for fields in ({"body": "a\x00b"}, {"body": "ok", "tags": ("fine", "bad\n")}):
        with pytest.raises(ValidationError) as caught:
            Note(**fields)  # type: ignore[arg-type]
        error = caught.value.errors()[0]["ctx"]["error"]
        assert type(error) is ControlCharacterInText
        assert error.field == next(iter(fields.keys() - {"body"}), "body")


def test_the_named_bounds_are_invalid_input() -> None:
    for error in (DateOutOfRange(), TimeZoneMissing(), ControlCharacterInText()):
        assert isinstance(error, InvalidInput)
        assert error.message

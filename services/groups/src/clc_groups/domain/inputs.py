"""Validated input types for command fields.

Commands are pydantic models, so bad input (an empty name, an over-long text, a malformed e-mail
address, a naive timestamp) is refused when the command is built, before any rule is evaluated; the
application layer reports pydantic's error location as the offending ``field``. Texts are stripped
of surrounding white space first, so "   " is empty.

Whatever passes here, every read model stores (eventkit's input bounds): ids, names and addresses
hold no control character, longer texts only tabs and line breaks; timestamps have a time zone,
lie in the years 1900 to 2200 and are kept in UTC. Columns are ``text`` and ``timestamptz``, so the
lengths below are the only limits (an id of ``ID_MAX`` characters fits a btree key several times
over).
"""

from __future__ import annotations

import re
from typing import Annotated

from eventkit.domain import Instant, multi_line, naming_the_field, single_line
from pydantic import AfterValidator, StringConstraints

__all__ = [
    "EmailAddress",
    "EntityId",
    "GroundRulesText",
    "LearningPoint",
    "MoralPurposeText",
    "Name",
    "OptionalText",
    "SourceId",
    "ZonedDateTime",
]

NAME_MAX = 200
MORAL_PURPOSE_MAX = 2000
GROUND_RULES_MAX = 10_000
NOTE_MAX = 2000
ID_MAX = 200
EMAIL_MAX = 254

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def _valid_email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise ValueError("not a valid e-mail address")
    return value.lower()


_ONE_LINE = naming_the_field(single_line)
_LINES = naming_the_field(multi_line)


EntityId = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=ID_MAX), _ONE_LINE
]
"""The id of a stream or entity (chosen by the application layer, usually a UUID)."""

SourceId = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=ID_MAX), _ONE_LINE
]
"""An identifier in the school system's roster (OneRoster ``sourcedId``)."""

Name = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX), _ONE_LINE
]

MoralPurposeText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=MORAL_PURPOSE_MAX),
    _LINES,
]

GroundRulesText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=GROUND_RULES_MAX), _LINES
]

OptionalText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NOTE_MAX), _LINES
]
"""A short free text such as a reason; use as ``OptionalText | None``."""

LearningPoint = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NOTE_MAX), _LINES
]
"""One thing a session learned."""

EmailAddress = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=3, max_length=EMAIL_MAX),
    _ONE_LINE,
    AfterValidator(_valid_email),
]
"""An e-mail address, stored in lower case."""

ZonedDateTime = Instant
"""A timestamp with a time zone, in the years 1900 to 2200, normalised to UTC; the domain has no
clock, so dates are data."""

"""Validated input types for command fields.

Commands are pydantic models, so bad input (an empty name, an over-long text, a malformed e-mail
address, a naive timestamp) is refused when the command is built, before any rule is evaluated; the
application layer reports pydantic's error location as the offending ``field``. Texts are stripped
of surrounding white space first, so "   " is empty.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

__all__ = [
    "EmailAddress",
    "EntityId",
    "GroundRulesText",
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


def _zoned(value: datetime) -> datetime:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("needs a time zone (e.g. 2025-01-31T15:30:00Z)")
    return value


EntityId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=ID_MAX)]
"""The id of a stream or entity (chosen by the application layer, usually a UUID)."""

SourceId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=ID_MAX)]
"""An identifier in the school system's roster (OneRoster ``sourcedId``)."""

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX)]

MoralPurposeText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MORAL_PURPOSE_MAX)
]

GroundRulesText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=GROUND_RULES_MAX)
]

OptionalText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NOTE_MAX)
]
"""A short free text such as a reason; use as ``OptionalText | None``."""

EmailAddress = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=3, max_length=EMAIL_MAX),
    AfterValidator(_valid_email),
]
"""An e-mail address, stored in lower case."""

ZonedDateTime = Annotated[datetime, AfterValidator(_zoned)]
"""A timestamp with a time zone; the domain has no clock, so dates are data."""

"""What an id looks like, the same in every service: one pattern, one check.

Ids are opaque to clients (GraphQL ``ID``) but not arbitrary: a letter or digit, then letters,
digits and ``. _ : -``, at most 200 characters. UUIDs, OneRoster-derived ids and hand-made slugs
all fit; whitespace, control characters and kilobyte-long strings do not, so they are refused at
the edge instead of reaching an index or a log line.
"""

from __future__ import annotations

import re

__all__ = ["ID_PATTERN", "validate_id"]

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,199}")


def validate_id(value: str) -> str:
    """``value`` if it is a well-formed id, else ``ValueError`` (the caller names the field)."""
    if not isinstance(value, str) or ID_PATTERN.fullmatch(value) is None:
        raise ValueError("must be an id: 1-200 letters, digits or . _ : - (starting alphanumeric)")
    return value

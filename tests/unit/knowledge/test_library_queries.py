"""How a library query's text becomes a tsquery: websearch syntax, and the last word as a prefix
while it is being typed."""

from __future__ import annotations

import pytest
from clc_knowledge.readmodels.library_search import tsquery_parts


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("climate aud", ("climate", "aud", False)),
        ("protocol", ("", "protocol", False)),
        ("ground or rul", ("ground", "rul", True)),
        ("talk OR listening", ("talk", "listening", True)),
        ("climate au", ("climate au", None, False)),  # too short to be a prefix
        ('"ground rules"', ('"ground rules"', None, False)),  # a phrase is left whole
        ('"ground rul', ('"ground rul', None, False)),  # an open quote: no prefix
        ("audit -climate", ("audit -climate", None, False)),  # a negation is left whole
        ("  spaced  out  ", ("spaced", "out", False)),
    ],
)
def test_the_last_plain_word_becomes_a_prefix(text: str, parts: tuple[str, str, bool]) -> None:
    assert tsquery_parts(text) == parts

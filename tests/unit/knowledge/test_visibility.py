"""Who sees an artefact: ``sees`` against the decision table (``visibility_table``)."""

from __future__ import annotations

import pytest
from clc_knowledge.domain import sees

from .visibility_table import READERS, TABLE, cases


@pytest.mark.parametrize(("artefact", "reader", "seen"), cases())
def test_who_sees_what(artefact: str, reader: str, seen: bool) -> None:
    assert sees(READERS[reader], TABLE[artefact][0]) is seen

"""``partner_sees`` is the table (``partner_visibility_table``), cell by cell."""

from __future__ import annotations

import pytest
from clc_enquiry.domain import active_partners, partner_sees

from .partner_visibility_table import CONSENTS, READERS, TABLE, A, B, cases


@pytest.mark.parametrize(("work", "reader", "read"), cases())
def test_the_rule_is_the_table(work: str, reader: str, read: bool) -> None:
    assert partner_sees(READERS[reader], TABLE[work][0], CONSENTS) is read


def test_a_partnership_is_active_only_with_both_consents() -> None:
    assert active_partners(A, "n-a", CONSENTS) == {(B, "n-b")}
    assert active_partners(A, "n-a2", CONSENTS) == frozenset()
    assert active_partners(A, "n-a3", CONSENTS) == frozenset()
    assert active_partners(B, "n-b", CONSENTS) == {(A, "n-a")}

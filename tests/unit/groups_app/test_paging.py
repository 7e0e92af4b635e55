"""Nested connections page what a DataLoader read, by an opaque cursor in the rows' order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from clc_groups.api.paging import by_column, page_of
from clc_groups.api.types import _session_order


def test_pages_follow_one_another_without_gaps_or_repeats() -> None:
    rows = [{"id": f"p{n}"} for n in range(5)]
    seen, after = [], None
    while True:
        page = page_of(rows, 2, after, by_column("id"), lambda r: r["id"])
        seen += [e.node for e in page.edges]
        if not page.page_info.has_next_page:
            break
        after = page.page_info.end_cursor
    assert seen == ["p0", "p1", "p2", "p3", "p4"]


def test_sessions_page_in_start_order_whatever_their_ids_and_offsets() -> None:
    start = datetime(2031, 1, 1, 9, 0, tzinfo=UTC)
    plus_two = timezone(timedelta(hours=2))
    rows = [
        {"session_id": "z", "starts_at": start},
        {"session_id": "a", "starts_at": (start + timedelta(seconds=1)).astimezone(plus_two)},
        {"session_id": "m", "starts_at": start + timedelta(microseconds=500)},
    ]
    rows.sort(key=lambda r: (r["starts_at"], r["session_id"]))
    first = page_of(rows, 1, None, _session_order, lambda r: r["session_id"])
    rest = page_of(rows, 5, first.page_info.end_cursor, _session_order, lambda r: r["session_id"])
    assert [e.node for e in first.edges] + [e.node for e in rest.edges] == ["z", "m", "a"]

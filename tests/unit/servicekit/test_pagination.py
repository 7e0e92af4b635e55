"""Relay pagination: opaque cursors, clamped page sizes, one extra row meaning "there is more"."""

from __future__ import annotations

import pytest
from graphql import GraphQLError
from servicekit.pagination import (
    MAX_PAGE,
    connection,
    decode_cursor,
    encode_cursor,
    page_size,
)


def test_a_cursor_decodes_to_the_key_it_encodes() -> None:
    assert decode_cursor(encode_cursor("school-ä/7")) == "school-ä/7"


def test_no_cursor_means_the_first_page() -> None:
    assert decode_cursor(None) is None


@pytest.mark.parametrize("cursor", ["a", "abc", "/w=="])
def test_a_malformed_cursor_is_a_bad_cursor_error(cursor: str) -> None:
    with pytest.raises(GraphQLError) as raised:
        decode_cursor(cursor)
    assert raised.value.extensions == {"code": "BAD_CURSOR"}


@pytest.mark.parametrize(
    ("first", "size"),
    [(None, 20), (0, 20), (-5, 1), (1, 1), (50, 50), (MAX_PAGE + 1, MAX_PAGE), (10_000, MAX_PAGE)],
)
def test_the_page_size_is_clamped_not_refused(first: int | None, size: int) -> None:
    assert page_size(first) == size


def test_an_extra_row_says_there_is_a_next_page_and_is_not_shown() -> None:
    rows = [{"id": "a"}, {"id": "b"}, {"id": "c"}]
    page = connection(rows, 2, "id", lambda r: r["id"].upper())
    assert [e.node for e in page.edges] == ["A", "B"]
    assert page.page_info.has_next_page
    assert page.page_info.end_cursor == encode_cursor("b")
    assert decode_cursor(page.page_info.end_cursor) == "b"


def test_the_last_page_has_no_next_page() -> None:
    page = connection([{"id": "a"}], 2, "id", lambda r: r["id"])
    assert not page.page_info.has_next_page
    assert page.page_info.end_cursor == encode_cursor("a")


def test_an_empty_page_has_no_end_cursor() -> None:
    page = connection([], 20, "id", lambda r: r)
    assert page.edges == []
    assert (page.page_info.has_next_page, page.page_info.end_cursor) == (False, None)

"""The API's DataLoaders batch many keys into one read and hand each key its own rows."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from clc_groups.api.loaders import Loaders
from clc_groups.api.participation import HiddenReason, Participation
from clc_groups.application import Visibility


class FakeConnection:
    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self.rows = rows
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    async def fetch(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        self.calls.append((sql, args))
        return self.rows


def loaders_over(conn: FakeConnection) -> tuple[Loaders, list[int]]:
    opened = [0]

    @asynccontextmanager
    async def read() -> AsyncIterator[Any]:
        opened[0] += 1
        yield conn

    return Loaders(read), opened


async def test_many_loads_in_one_tick_are_one_read_in_one_transaction() -> None:
    conn = FakeConnection(
        [
            {"group_id": "g1", "practitioner_id": "a"},
            {"group_id": "g1", "practitioner_id": "b"},
            {"group_id": "g3", "practitioner_id": "c"},
        ]
    )
    loaders, opened = loaders_over(conn)
    members = await asyncio.gather(*(loaders.group_members.load(g) for g in ("g1", "g2", "g3")))
    assert [[r["practitioner_id"] for r in rows] for rows in members] == [["a", "b"], [], ["c"]]
    ((sql, args),) = conn.calls
    assert "= any($1::text[])" in sql
    assert args == (["g1", "g2", "g3"],)
    assert opened == [1]


async def test_an_entity_loader_answers_none_for_an_id_it_did_not_find() -> None:
    conn = FakeConnection([{"school_id": "oak", "name": "Oak"}])
    loaders, _ = loaders_over(conn)
    found = await asyncio.gather(loaders.school.load("oak"), loaders.school.load("elm"))
    assert [r and r["name"] for r in found] == ["Oak", None]


def test_participation_is_rates_over_counts() -> None:
    row = {
        "members": 5,
        "sessions_scheduled": 1,
        "sessions_held": 2,
        "sessions_cancelled": 1,
        "attendances": 4,
        "expected_attendances": 5,
        "activities": 0,
    }
    rule = Visibility(participation_minimum=5)
    p = Participation.of(row, 5, rule.shows_participation)
    assert (p.average_attendance, p.attendance_rate, p.hidden_reason) == (2.0, 0.8, None)
    empty = Participation.of(None, 5, rule.shows_participation)
    assert (empty.sessions_held, empty.average_attendance, empty.attendance_rate) == (0, None, None)


def test_attendance_of_a_group_below_the_minimum_is_hidden_with_a_reason() -> None:
    row = {
        "members": 4,
        "sessions_scheduled": 1,
        "sessions_held": 2,
        "sessions_cancelled": 1,
        "attendances": 4,
        "expected_attendances": 5,
        "activities": 0,
    }
    p = Participation.of(row, 5, Visibility(participation_minimum=5).shows_participation)
    assert (p.attendances, p.average_attendance, p.attendance_rate) == (None, None, None)
    assert p.hidden_reason is HiddenReason.TOO_FEW_PEOPLE and p.minimum_people == 5
    # session counts are not about people: always shown
    assert (p.sessions_scheduled, p.sessions_held, p.sessions_cancelled) == (1, 2, 1)

"""A consistency token with several services' positions: a service waits for the pairs it can —
its own and those of the services whose events its projector applies — by their event source,
under one deadline, and ignores the rest."""

from __future__ import annotations

import pytest
from eventkit.errors import ConsistencyTimeout
from graphql import GraphQLError
from servicekit.consistency import encode_token, wait_for_token
from servicekit.context import ServiceContext
from servicekit.runtime import Services

SOURCES = {"enquiry": "/clc/enquiry", "groups": "/clc/groups"}


class _Runner:
    def __init__(self, reached: set[tuple[str, int]]) -> None:
        self.reached = reached
        self.asked: list[tuple[str | None, int, float]] = []

    async def wait_for(
        self, position: int, timeout_s: float = 5.0, source: str | None = None
    ) -> None:
        self.asked.append((source, position, timeout_s))
        if (source or "", position) not in self.reached:
            raise ConsistencyTimeout(position, timeout_s)


def _context(runner: _Runner) -> ServiceContext[None]:
    services = Services(
        pool=None,  # type: ignore[arg-type]
        commands=None,
        runner=runner,  # type: ignore[arg-type]
        consistency_wait_s=0.5,
        name="enquiry",
        sources=SOURCES,
    )
    return ServiceContext(services, None, None)


async def test_each_followed_pair_is_waited_for_by_its_source_and_others_are_ignored() -> None:
    runner = _Runner({("/clc/enquiry", 7), ("/clc/groups", 12)})
    token = encode_token({"enquiry": 7, "groups": 12, "knowledge": 99})
    assert await _context(runner).reached_token(token)
    assert sorted((s, p) for s, p, _ in runner.asked) == [("/clc/enquiry", 7), ("/clc/groups", 12)]
    assert all(0 < left <= 0.5 for _, _, left in runner.asked)  # one deadline shared


async def test_a_followed_service_not_reached_is_not_yet_consistent() -> None:
    runner = _Runner({("/clc/enquiry", 7)})
    context = _context(runner)
    token = encode_token({"enquiry": 7, "groups": 12})
    assert not await context.reached_token(token)
    with pytest.raises(GraphQLError) as raised:
        await wait_for_token(context, "enquiry", token)
    assert raised.value.extensions == {"code": "NOT_YET_CONSISTENT"}


async def test_a_token_of_services_it_does_not_follow_waits_for_nothing() -> None:
    runner = _Runner(set())
    assert await _context(runner).reached_token(encode_token({"knowledge": 3}))
    assert runner.asked == []


async def test_a_malformed_token_is_refused() -> None:
    with pytest.raises(GraphQLError) as raised:
        await _context(_Runner(set())).reached_token("%%%")
    assert raised.value.extensions == {"code": "BAD_CONSISTENCY_TOKEN"}


def test_a_write_is_noted_at_its_furthest_position() -> None:
    context = _context(_Runner(set()))
    assert context.written is None
    for position in (5, None, 9, 7):
        context.wrote(position)
    assert context.written == 9

"""Differential: every corpus operation through our gateway and through Hive Gateway, both real
processes over the same supergraph and the same running services, must give the same ``data``
(keys in the same order) and errors at the same paths."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from devstack.services import DEV_JWT_SECRET

from tests.differential.corpus import CORPUS, DOWN, Op
from tests.differential.lab import GatewayProcess, start_hive_gateway, start_our_gateway
from tests.e2e.gateway_world import CACHE, World, seed, start_gateway, supergraph_sdl, token

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


@pytest.fixture(scope="module")
def supergraphs(services: dict[str, str]) -> tuple[Path, Path]:
    """The supergraph, and the same with the enquiry subgraph at a port nobody listens on."""
    CACHE.mkdir(parents=True, exist_ok=True)
    sdl = supergraph_sdl(services)
    up, down = CACHE / "differential-up.graphql", CACHE / "differential-down.graphql"
    up.write_text(sdl)
    down.write_text(
        re.sub(
            r'(@join__graph\(name: "enquiry", url: ")[^"]*', r"\g<1>http://127.0.0.1:9/graphql", sdl
        )
    )
    return up, down


@pytest.fixture(scope="module")
async def world(supergraphs: tuple[Path, Path], services: dict[str, str]) -> AsyncIterator[World]:
    gw = start_gateway(supergraphs[0].read_text(), services)  # seeds through our gateway
    try:
        yield await seed(gw)
    finally:
        await gw.close()


def _both(path: Path) -> Iterator[tuple[GatewayProcess, GatewayProcess]]:
    log = CACHE / "differential-gateways.log"
    ours = start_our_gateway(path, DEV_JWT_SECRET, log=log)
    try:
        hive = start_hive_gateway(path, log=log)
    except BaseException:
        ours.stop()
        raise
    try:
        yield ours, hive
    finally:
        hive.stop()
        ours.stop()


@pytest.fixture(scope="module")
def gateways(
    supergraphs: tuple[Path, Path], world: World
) -> Iterator[tuple[GatewayProcess, GatewayProcess]]:
    yield from _both(supergraphs[0])


@pytest.fixture(scope="module")
def gateways_down(
    supergraphs: tuple[Path, Path], world: World
) -> Iterator[tuple[GatewayProcess, GatewayProcess]]:
    yield from _both(supergraphs[1])


def _send(url: str, op: Op, world: World) -> dict[str, Any]:
    bearer = (
        world.admin if op.caller == "admin" else token(world.tenant, world.leaders[0], "teacher")
    )
    payload: dict[str, Any] = {"query": op.query, "variables": op.variables(world)}
    if op.operation:
        payload["operationName"] = op.operation
    resp = httpx.post(url, json=payload, headers={"authorization": f"Bearer {bearer}"}, timeout=60)
    body: dict[str, Any] = resp.json()
    return body


def _paths(body: dict[str, Any]) -> list[Any]:
    return sorted((e.get("path") or [] for e in body.get("errors") or []), key=repr)


def _compare(op: Op, world: World, ours: GatewayProcess, hive: GatewayProcess) -> None:
    a, b = _send(ours.url, op, world), _send(hive.url, op, world)
    assert a.get("data") == b.get("data"), f"{op.name}: data differs\nours: {a}\nhive: {b}"
    if isinstance(a.get("data"), dict):  # same keys in the same order, all the way down
        assert repr(a["data"]) == repr(b["data"]), f"{op.name}: key order differs"
    assert _paths(a) == _paths(b), f"{op.name}: error paths differ\nours: {a}\nhive: {b}"
    assert bool(a.get("errors")) == bool(b.get("errors")), f"{op.name}: only one has errors"


def _cases(ops: list[Op]) -> list[Any]:
    return [
        pytest.param(
            op,
            id=op.name,
            marks=[pytest.mark.xfail(strict=True, reason=op.differs)] if op.differs else [],
        )
        for op in ops
    ]


@pytest.mark.parametrize("op", _cases(CORPUS))
def test_the_same_answer_as_hive_gateway(
    op: Op, world: World, gateways: tuple[GatewayProcess, GatewayProcess]
) -> None:
    _compare(op, world, *gateways)


@pytest.mark.parametrize("op", _cases(DOWN))
def test_the_same_answer_as_hive_gateway_with_a_subgraph_down(
    op: Op, world: World, gateways_down: tuple[GatewayProcess, GatewayProcess]
) -> None:
    _compare(op, world, *gateways_down)


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) + len(DOWN) >= 60

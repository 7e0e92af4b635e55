"""Fuzz the enquiry subgraph from its own schema: valid and invalid operations, several credentials.

Tenant A holds one of everything (``test_tenant_isolation.everything_of_tenant_a``: a marker in
every text). Tenant B's people, a forged token and no token at all send generated operations aimed
at A's ids: nothing may answer 5xx, leak internals, or return A's text. A's own member fuzzes too.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import graphql
import httpx
import pytest
from clc_enquiry.api import build_schema
from hypothesis_graphql import Mode

from tests.integration.enquiry.test_api import MO, Service, a_running_service, token
from tests.integration.enquiry.test_tenant_isolation import SECRET, everything_of_tenant_a
from tests.support.fuzz import Send, fuzz

pytestmark = pytest.mark.integration

ATTACKERS = [
    token("bea", tenant="tenant-b"),
    token("mo", "tenant_admin", tenant="tenant-b"),
    token("nobody", tenant="tenant-b"),
    "not.a.jwt",
    None,
]


@pytest.fixture(scope="module")
async def world(new_database, kafka_bootstrap: str) -> AsyncIterator[tuple[Service, list[str]]]:  # type: ignore[no-untyped-def]
    async with a_running_service(new_database, kafka_bootstrap) as running:
        a_ids: dict[str, Any] = await everything_of_tenant_a(running)
        yield running, [str(v) for v in a_ids.values()]


def sender(service: Service) -> Send:
    async def send(credential: str | None, operation: str) -> httpx.Response:
        headers = {"authorization": f"Bearer {credential}"} if credential else {}
        return await service.http.post("/graphql", json={"query": operation}, headers=headers)

    return send


def schema() -> graphql.GraphQLSchema:
    """The executable schema the app serves (what strawberry built, federation fields included)."""
    built: graphql.GraphQLSchema = build_schema()._schema
    return built


@pytest.mark.parametrize("mode", [Mode.POSITIVE, Mode.NEGATIVE], ids=["valid", "invalid"])
async def test_attackers_get_no_5xx_and_nothing_of_tenant_a(
    world: tuple[Service, list[str]], mode: Mode
) -> None:
    service, a_ids = world
    report = await fuzz(
        sender(service), schema(), ATTACKERS, a_ids, examples=150, mode=mode, marker=SECRET
    )
    assert report.requests == 150


async def test_tenant_a_itself_gets_no_5xx(world: tuple[Service, list[str]]) -> None:
    service, a_ids = world
    report = await fuzz(sender(service), schema(), [MO], a_ids, examples=100, attacker=False)
    assert report.requests == 100

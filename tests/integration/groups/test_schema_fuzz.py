"""Fuzz the groups subgraph from its own schema: valid and invalid operations, several credentials.

Tenant A is seeded with one of everything, every free-text value carrying ``MARKER``. Tenant B's
admin, a roleless member of B who carries one of A's person ids, an unknown person, a forged
token and no token at all then send generated operations that aim at A's ids. Nothing may answer
5xx, leak internals, or return any of A's text. A's own admin fuzzes too, for 5xx and internals.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import graphql
import httpx
import pytest
from clc_groups.api import build_schema
from hypothesis_graphql import Mode

from tests.integration.groups.rig import a_groups_database
from tests.integration.groups.service import Service, a_running_service, settings_for, token
from tests.support.fuzz import MARKER, fuzz

pytestmark = pytest.mark.integration

ADMIN_A = token("a-alice", "tenant_admin", tenant="tenant-a")
ATTACKERS = [
    token("b-admin", "tenant_admin", tenant="tenant-b"),
    token("a-alice", tenant="tenant-b"),
    token("nobody", tenant="tenant-b"),
    "not.a.jwt",
    None,
]
A_IDS = ["a-oak", "a-elm", "a-alice", "a-bob", "a-net", "a-grp", "a-s1", "a-s2"]


async def seed_tenant_a(service: Service) -> None:
    async def ok(mutation: str, /, **fields: Any) -> None:
        name = mutation
        query = (
            f"mutation($input: {name[0].upper()}{name[1:]}Input!) {{"
            f" {name}(input: $input) {{ userErrors {{ code message }} }} }}"
        )
        result = (await service.data(ADMIN_A, query, input=fields))[name]
        assert result["userErrors"] == [], (name, result)

    for school in ("a-oak", "a-elm"):
        await ok("registerSchool", schoolId=school, name=f"{MARKER} school {school}")
    for person, school in (("a-alice", "a-oak"), ("a-bob", "a-elm")):
        await ok(
            "registerPractitioner",
            practitionerId=person,
            schoolId=school,
            givenName=f"{MARKER}{person}",
            familyName=MARKER,
            email=f"{MARKER.lower()}.{person}@example.org",
            role="TEACHER",
        )
    await ok("establishNetwork", networkId="a-net", name=f"{MARKER} net")
    await ok("stateNetworkPurpose", networkId="a-net", moralPurpose=f"{MARKER} purpose")
    for school, person in (("a-oak", "a-alice"), ("a-elm", "a-bob")):
        await ok("joinNetwork", networkId="a-net", schoolId=school)
        await ok("appointNetworkCoLeader", networkId="a-net", practitionerId=person)
    group = {"groupId": "a-grp"}
    await ok("formLearningGroup", **group, name=f"{MARKER} group", kind="STUDY_GROUP")
    await ok("addMember", **group, practitionerId="a-alice", role="CO_LEADER")
    await ok("addMember", **group, practitionerId="a-bob")
    await ok("proposeGroundRules", **group, text=f"{MARKER} rules")
    for session in ("a-s1", "a-s2"):
        await ok(
            "scheduleSession",
            **group,
            sessionId=session,
            startsAt="2035-01-01T09:00:00Z",
            protocol="DIALOGUE",
        )


@pytest.fixture(scope="module")
async def world(new_database, kafka_bootstrap: str) -> AsyncIterator[Service]:  # type: ignore[no-untyped-def]
    db = await a_groups_database(new_database)
    # A generated consistency token is usually ahead of the projector: keep such waits short.
    settings = settings_for(db.owner_dsn, kafka_bootstrap).model_copy(
        update={"consistency_wait_s": 0.2}
    )
    async with a_running_service(settings) as running:
        await seed_tenant_a(running)
        yield running


def sender(service: Service):  # type: ignore[no-untyped-def]
    async def send(credential: str | None, operation: str) -> httpx.Response:
        headers = {"authorization": f"Bearer {credential}"} if credential else {}
        return await service.http.post("/graphql", json={"query": operation}, headers=headers)

    return send


def _graphql_schema(service: Service) -> graphql.GraphQLSchema:
    """The executable schema the app serves (what strawberry built, federation fields included)."""
    schema: graphql.GraphQLSchema = build_schema()._schema
    return schema


@pytest.mark.parametrize("mode", [Mode.POSITIVE, Mode.NEGATIVE], ids=["valid", "invalid"])
async def test_attackers_get_no_5xx_and_nothing_of_tenant_a(world: Service, mode: Mode) -> None:
    report = await fuzz(
        sender(world), _graphql_schema(world), ATTACKERS, A_IDS, examples=150, mode=mode
    )
    assert report.requests == 150


async def test_tenant_a_itself_gets_no_5xx(world: Service) -> None:
    report = await fuzz(
        sender(world), _graphql_schema(world), [ADMIN_A], A_IDS, examples=100, attacker=False
    )
    assert report.requests == 100

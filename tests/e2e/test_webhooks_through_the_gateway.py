"""Webhooks as `make run` runs them: the webhooks service process (started with the others,
loopback http allowed as in the local stack), subscribed to through the gateway; a groups
mutation through the gateway arrives at a receiver on loopback, signed, and only in its tenant."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from clc_webhooks.delivery.signing import verify
from devstack.services import start_gateway

from tests.e2e.conftest import token
from tests.integration.webhooks.rig import a_receiver, eventually

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

SUBSCRIBE = (
    "mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $input)"
    " { webhookSubscription { id status createdBy { id } } secret userErrors { code field } } }"
)
REGISTER = (
    "mutation($input: RegisterSchoolInput!) { registerSchool(input: $input)"
    " { school { id } userErrors { code } } }"
)


@pytest.fixture(scope="module")
def gateway(services: dict[str, str]) -> Iterator[str]:
    assert "webhooks" in services, "make run starts the webhooks service"
    running = start_gateway(services, free_port=True)
    assert running is not None
    try:
        yield running.service.url
    finally:
        running.stop()


async def _gql(gateway: str, auth: str, query: str, **variables: Any) -> dict[str, Any]:
    async with httpx.AsyncClient(timeout=30) as http:
        answer = await http.post(
            f"{gateway}/graphql",
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {auth}"},
        )
    body = answer.json()
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


async def test_a_groups_mutation_reaches_the_tenants_endpoint_signed(gateway: str) -> None:
    tenants = [f"e2e-hooks-{uuid.uuid4().hex[:6]}" for _ in range(2)]
    admins = [token(t, f"admin-{t}", "tenant_admin") for t in tenants]
    async with a_receiver() as receiver:
        secrets = []
        for n, admin in enumerate(admins):
            fields = {
                "subscriptionId": str(uuid.uuid4()),
                "url": receiver.url(f"/t{n}"),
                "eventTypes": ["clc.groups.School*"],
            }
            made = (await _gql(gateway, admin, SUBSCRIBE, input=fields))[
                "createWebhookSubscription"
            ]
            assert made["userErrors"] == []
            assert made["webhookSubscription"]["createdBy"] == {"id": f"admin-{tenants[n]}"}
            secrets.append(made["secret"])
        school = str(uuid.uuid4())
        registered = await _gql(
            gateway, admins[0], REGISTER, input={"schoolId": school, "name": "Oak Primary"}
        )
        assert registered["registerSchool"]["userErrors"] == []

        async def arrived() -> bool:
            return bool(receiver.at("/t0"))

        await eventually(arrived, timeout_s=60)
        [got] = receiver.at("/t0")
        assert verify(secrets[0], got.headers, got.body)
        event = json.loads(got.body)
        assert event["type"] == "clc.groups.SchoolRegistered"
        assert event["tenantid"] == tenants[0]
        assert event["data"]["school_id"] == school
        assert receiver.at("/t1") == []  # the other tenant's endpoint got nothing

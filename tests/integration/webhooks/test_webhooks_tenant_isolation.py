"""Tenant isolation of the webhooks subgraph: a tenant-B admin who knows tenant A's subscription
id reads nothing of it by any query and changes nothing by any mutation; a member of A who is
not a tenant admin neither. The root fields are taken from the schema, so a query or mutation
added later fails this test until it is covered here. (That B's endpoints receive none of A's
events is in ``test_deliveries``.)
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from eventkit.pg import connect

from tests.integration.webhooks.rig import (
    ADMIN_A,
    ADMIN_B,
    Service,
    a_running_service,
    settings_for,
    token,
)

pytestmark = pytest.mark.integration

MEMBER_A = token("member-a", tenant="tenant-a")
URL = "http://127.0.0.1:9/hook"

#: every mutation, with the input aimed at A's subscription (id filled in by the test)
MUTATIONS: dict[str, dict[str, Any]] = {
    "rotateWebhookSecret": {},
    "pauseWebhookSubscription": {},
    "resumeWebhookSubscription": {},
    "replayWebhookDeliveries": {"from": "2026-01-01T00:00:00Z"},
}
QUERIES = {"webhookSubscriptions", "webhookSubscription", "_entities", "_service"}
READ_A = "query($id: ID!) { webhookSubscription(id: $id) { id url status secretRotatedAt } }"


@pytest.fixture
async def service(new_database, kafka_bootstrap: str) -> AsyncIterator[Service]:  # type: ignore[no-untyped-def]
    owner = await new_database(f"webhooks_{uuid.uuid4().hex[:8]}")
    async with a_running_service(settings_for(owner, kafka_bootstrap)) as running:
        yield running


async def _root_fields(service: Service, kind: str) -> set[str]:
    query = f"{{ __schema {{ {kind}Type {{ fields {{ name }} }} }} }}"
    found = (await service.data(ADMIN_A, query))["__schema"][f"{kind}Type"]["fields"]
    return {f["name"] for f in found}


async def test_every_root_field_is_covered(service: Service) -> None:
    assert await _root_fields(service, "query") == QUERIES
    assert await _root_fields(service, "mutation") == {*MUTATIONS, "createWebhookSubscription"}


async def test_another_tenant_reads_and_changes_nothing_of_a(service: Service) -> None:
    sid, _ = await service.subscribe(ADMIN_A, URL, ["clc.groups.*"])
    a_before = (await service.data(ADMIN_A, READ_A, id=sid))["webhookSubscription"]
    for caller in (ADMIN_B, MEMBER_A):
        assert (await service.data(caller, READ_A, id=sid))["webhookSubscription"] is None
        listed = await service.data(caller, "{ webhookSubscriptions { edges { node { id } } } }")
        assert listed["webhookSubscriptions"]["edges"] == []
        entities = await service.data(
            caller,
            "query($r: [_Any!]!) { _entities(representations: $r)"
            " { ... on WebhookSubscription { id url } } }",
            r=[{"__typename": "WebhookSubscription", "id": sid}],
        )
        assert entities["_entities"] == [None]
        for name, extra in MUTATIONS.items():
            result = await service.mutate(caller, name, subscriptionId=sid, **extra)
            expected = "WEBHOOK_SUBSCRIPTION_NOT_FOUND" if caller == ADMIN_B else "NOT_TENANT_ADMIN"
            assert [e["code"] for e in result["userErrors"]] == [expected], (name, result)
            assert result["webhookSubscription"] is None
    # B may use the same id for a subscription of its own: another stream, A's is untouched
    mine, _ = await service.subscribe(ADMIN_B, "http://127.0.0.1:9/b", ["clc.*"], sid=sid)
    assert mine == sid
    assert (await service.data(ADMIN_A, READ_A, id=sid))["webhookSubscription"] == a_before
    b_view = (await service.data(ADMIN_B, READ_A, id=sid))["webhookSubscription"]
    assert b_view["url"] == "http://127.0.0.1:9/b"


async def test_rules_are_user_errors_naming_the_field(service: Service) -> None:
    query = (
        "mutation($input: CreateWebhookSubscriptionInput!) { createWebhookSubscription"
        "(input: $input) { secret userErrors { code field } } }"
    )
    cases = [
        ("https://10.1.2.3/x", ["clc.*"], "ENDPOINT_NOT_ALLOWED", "url"),
        ("http://hooks.example/x", ["clc.*"], "ENDPOINT_MUST_BE_HTTPS", "url"),
        (URL, [], "NO_EVENT_TYPES", "eventTypes"),
        (URL, ["no spaces"], "INVALID_EVENT_TYPE_PATTERN", "eventTypes"),
    ]
    for url, types, code, field in cases:
        fields = {"subscriptionId": str(uuid.uuid4()), "url": url, "eventTypes": types}
        result = (await service.data(ADMIN_A, query, input=fields))["createWebhookSubscription"]
        assert result == {"secret": None, "userErrors": [{"code": code, "field": field}]}
    bad_id = {"subscriptionId": "not an id!", "url": URL, "eventTypes": ["clc.*"]}
    result = (await service.data(ADMIN_A, query, input=bad_id))["createWebhookSubscription"]
    assert result["userErrors"][0]["field"] == "subscriptionId"


async def test_a_secret_is_shown_at_creation_and_rotation_only(service: Service) -> None:
    sid, first = await service.subscribe(ADMIN_A, URL, ["clc.*"])
    assert first.startswith("whsec_")
    rotated = await service.mutate(ADMIN_A, "rotateWebhookSecret", "secret", subscriptionId=sid)
    assert rotated["userErrors"] == []
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != first
    # the secret is stored encrypted: neither secret appears in the database
    conn = await connect(service.settings.database_url)
    try:
        dump = await conn.fetchval(
            "select string_agg(encode(ciphertext, 'escape'), '') from webhook_secrets"
        )
        events = await conn.fetchval("select string_agg(data::text, '') from events")
    finally:
        await conn.close()
    for secret in (first, rotated["secret"]):
        assert secret not in (dump or "") and secret not in events

"""Webhook deliveries end to end on real Kafka and PostgreSQL, to a real HTTP receiver on
loopback: signatures verify (ours and the Standard Webhooks reference library), a refused
delivery is retried and then dead-lettered, a replay re-delivers the same event ids, a tenant only
ever receives its own events, and a delivery whose body was dropped is rebuilt from the topic.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from clc_cli.main import app as clc
from clc_webhooks.delivery.signing import verify
from eventkit.pg import connect
from standardwebhooks.webhooks import Webhook
from typer.testing import CliRunner

from tests.integration.webhooks.rig import (
    ADMIN_A,
    ADMIN_B,
    Receiver,
    Service,
    a_groups_event,
    a_receiver,
    a_running_service,
    eventually,
    publish,
    settings_for,
)

pytestmark = pytest.mark.integration


@pytest.fixture
async def service(new_database, kafka_bootstrap: str) -> AsyncIterator[Service]:  # type: ignore[no-untyped-def]
    owner = await new_database(f"webhooks_{uuid.uuid4().hex[:8]}")
    async with a_running_service(settings_for(owner, kafka_bootstrap)) as running:
        yield running


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    async with a_receiver() as r:
        yield r


async def test_deliveries_are_signed_structured_cloudevents_of_the_tenants_own_events(
    service: Service, receiver: Receiver
) -> None:
    sid_a, secret_a = await service.subscribe(ADMIN_A, receiver.url("/a"), ["clc.groups.*"])
    _, secret_b = await service.subscribe(ADMIN_B, receiver.url("/b"), ["clc.groups.*"])
    mine = a_groups_event("MemberAdded", {"person_id": "p1"}, tenant="tenant-a")
    other = a_groups_event("MemberAdded", {"person_id": "p2"}, tenant="tenant-b")
    ignored = a_groups_event("MemberAdded", {"person_id": "p3"}, tenant="tenant-c")
    await publish(
        service.settings.kafka_bootstrap_servers, service.groups_topic, mine, other, ignored
    )

    async def both_arrived() -> bool:
        return bool(receiver.at("/a")) and bool(receiver.at("/b"))

    await eventually(both_arrived)
    [got] = receiver.at("/a")
    assert verify(secret_a, got.headers, got.body) == str(mine.event_id)
    Webhook(secret_a).verify(got.body, got.headers)  # the reference implementation agrees
    assert got.headers["content-type"] == "application/cloudevents+json"
    event = json.loads(got.body)
    assert event["id"] == got.headers["webhook-id"] == str(mine.event_id)
    assert event["type"] == "clc.groups.MemberAdded"
    assert event["tenantid"] == "tenant-a"
    assert event["dataschema"].endswith("/groups/MemberAdded/v1.json")
    assert event["data"] == {"person_id": "p1"}
    # tenant B got exactly its own event, signed with its own secret; C's went nowhere
    [theirs] = receiver.at("/b")
    assert json.loads(theirs.body)["id"] == str(other.event_id)
    assert verify(secret_b, theirs.headers, theirs.body)
    with pytest.raises(Exception, match="no signature"):
        verify(secret_a, theirs.headers, theirs.body)
    assert len(receiver.requests) == 2

    async def delivered() -> bool:
        rows = await service.deliveries(ADMIN_A, sid_a)
        return [r["status"] for r in rows] == ["DELIVERED"]

    await eventually(delivered)
    assert await _bodies_kept(service) == 0  # nothing is kept once delivered


async def test_a_refused_delivery_is_retried_then_dead_lettered(
    service: Service, receiver: Receiver
) -> None:
    sid, _ = await service.subscribe(ADMIN_A, receiver.url("/refuse"), ["clc.groups.MemberAdded"])
    event = a_groups_event("MemberAdded", {"person_id": "p1"})
    await publish(service.settings.kafka_bootstrap_servers, service.groups_topic, event)

    async def dead() -> bool:
        return bool(await service.deliveries(ADMIN_A, sid, "DEAD"))

    await eventually(dead)
    attempts = receiver.at("/refuse")
    assert len(attempts) == service.settings.max_attempts == 3
    assert {a.headers["webhook-id"] for a in attempts} == {str(event.event_id)}
    stamps = [int(a.headers["webhook-timestamp"]) for a in attempts]
    assert stamps == sorted(stamps)
    [letter] = await service.deliveries(ADMIN_A, sid, "DEAD")
    assert letter["attempts"] == 3
    assert letter["lastStatusCode"] == 500
    assert letter["lastError"] == "HTTP 500"
    assert letter["eventId"] == str(event.event_id)
    assert await _bodies_kept(service) == 0  # a dead letter keeps its reference, not the event
    # tenant B sees none of it
    assert (await service.data(ADMIN_B, DEAD_OF, id=sid))["webhookSubscription"] is None
    # the operator sees it too: `clc webhooks deliveries <tenant> --status DEAD` (exit status 1)
    dsn = service.settings.database_url
    listed = await asyncio.to_thread(
        CliRunner().invoke,
        clc,
        ["webhooks", "deliveries", "tenant-a", "--status", "dead", "--database-url", dsn],
    )
    assert listed.exit_code == 1, listed.output
    assert str(event.event_id)[:8] in listed.output and "HTTP 500" in listed.output
    other = ["webhooks", "deliveries", "tenant-b", "--database-url", dsn]
    empty = await asyncio.to_thread(CliRunner().invoke, clc, other)
    assert empty.exit_code == 0 and str(event.event_id)[:8] not in empty.output


DEAD_OF = "query($id: ID!) { webhookSubscription(id: $id) { id } }"


async def test_a_replay_redelivers_the_same_event_ids_from_the_topic(
    service: Service, receiver: Receiver
) -> None:
    before = datetime.now(UTC) - timedelta(seconds=5)
    sid, secret = await service.subscribe(ADMIN_A, receiver.url("/a"), ["clc.groups.*"])
    events = [a_groups_event("MemberAdded", {"person_id": f"p{i}"}) for i in range(3)]
    theirs = a_groups_event("MemberAdded", {"person_id": "x"}, tenant="tenant-b")
    await publish(service.settings.kafka_bootstrap_servers, service.groups_topic, *events, theirs)

    async def arrived(n: int) -> bool:
        return len(receiver.at("/a")) >= n

    await eventually(lambda: arrived(3))
    first = [r.headers["webhook-id"] for r in receiver.at("/a")]
    assert first == [str(e.event_id) for e in events]  # in order, one partition key

    result = await service.mutate(
        ADMIN_A,
        "replayWebhookDeliveries",
        "replayId",
        subscriptionId=sid,
        **{"from": before.isoformat()},
    )
    assert result["userErrors"] == []
    replay_id = result["replayId"]
    await eventually(lambda: arrived(6))
    again = receiver.at("/a")[3:]
    assert sorted(r.headers["webhook-id"] for r in again) == sorted(first)
    for r in again:
        assert verify(secret, r.headers, r.body)
    assert len(receiver.requests) == 6  # B's event was not replayed to A
    rows = await service.deliveries(ADMIN_A, sid)
    assert sorted(r["replayId"] or "" for r in rows) == [
        "",
        "",
        "",
        replay_id,
        replay_id,
        replay_id,
    ]


async def test_paused_deliveries_wait_without_a_copy_and_are_rebuilt_from_the_topic(
    service: Service, receiver: Receiver
) -> None:
    sid, secret = await service.subscribe(ADMIN_A, receiver.url("/a"), ["clc.groups.*"])
    paused = await service.mutate(ADMIN_A, "pauseWebhookSubscription", subscriptionId=sid)
    assert paused["webhookSubscription"]["status"] == "PAUSED"
    event = a_groups_event("PractitionerRegistered", {"practitioner_id": "p1"})
    await publish(service.settings.kafka_bootstrap_servers, service.groups_topic, event)

    async def held() -> bool:
        return [r["status"] for r in await service.deliveries(ADMIN_A, sid)] == ["PENDING"]

    await eventually(held)
    assert await _bodies_kept(service) == 0  # held without the event's content
    assert receiver.requests == []
    resumed = await service.mutate(ADMIN_A, "resumeWebhookSubscription", subscriptionId=sid)
    assert resumed["userErrors"] == []
    await eventually(lambda: _has(receiver, 1))
    [got] = receiver.at("/a")
    assert json.loads(got.body)["data"] == {"practitioner_id": "p1"}
    assert verify(secret, got.headers, got.body) == str(event.event_id)
    assert service.app.state.worker.stats.rebuilt_from_topic == 1


async def test_an_erasure_drops_the_pending_copies(service: Service, receiver: Receiver) -> None:
    sid, _ = await service.subscribe(ADMIN_A, receiver.url("/refuse"), ["clc.groups.*"])
    service.settings.backoff_base_s = 30.0  # keep the first delivery pending, body and all
    registered = a_groups_event("PractitionerRegistered", {"given_name": "Ada"})
    await publish(service.settings.kafka_bootstrap_servers, service.groups_topic, registered)
    await eventually(lambda: _has(receiver, 1))
    assert await _bodies_kept(service) == 1
    erased = a_groups_event("PractitionerErased", {"practitioner_id": "p1"}, stream="s2")
    await publish(service.settings.kafka_bootstrap_servers, service.groups_topic, erased)

    async def only_erasure_body() -> bool:
        return await _bodies_kept(service, exclude=str(erased.event_id)) == 0

    await eventually(only_erasure_body)
    await service.mutate(ADMIN_A, "pauseWebhookSubscription", subscriptionId=sid)


async def _has(receiver: Receiver, n: int) -> bool:
    return len(receiver.requests) >= n


async def _bodies_kept(service: Service, exclude: str = "") -> int:
    conn = await connect(service.settings.database_url)
    try:
        await conn.execute("select set_config('app.tenant_id', 'tenant-a', false)")
        count: int = await conn.fetchval(
            "select count(*) from webhook_deliveries where body is not null"
            " and event_id::text <> $1",
            exclude,
        )
        return count
    finally:
        await conn.close()


async def test_a_restart_loses_no_pending_delivery(
    new_database,
    kafka_bootstrap: str,
    receiver: Receiver,  # type: ignore[no-untyped-def]
) -> None:
    owner = await new_database(f"webhooks_{uuid.uuid4().hex[:8]}")
    settings = settings_for(owner, kafka_bootstrap, max_attempts=1000)
    receiver.refuse.add("/flaky")
    event = a_groups_event("MemberAdded", {"person_id": "p1"})
    async with a_running_service(settings) as first:
        sid, _ = await first.subscribe(ADMIN_A, receiver.url("/flaky"), ["clc.groups.*"])
        await publish(kafka_bootstrap, first.groups_topic, event)
        await eventually(lambda: _has(receiver, 2))  # refused, and retried
    refused = len(receiver.requests)
    receiver.refuse.clear()  # the endpoint recovers while the service is down
    async with a_running_service(settings) as second:
        await eventually(lambda: _answered(receiver, 200))

        async def delivered() -> bool:
            return [d["status"] for d in await second.deliveries(ADMIN_A, sid)] == ["DELIVERED"]

        await eventually(delivered)
        assert {r.headers["webhook-id"] for r in receiver.requests} == {str(event.event_id)}
        assert receiver.answers.count(200) == 1 and len(receiver.requests) >= refused + 1
        metrics = (await second.http.get("/metrics")).text
        assert "webhooks_delivered_total 1.0" in metrics
        assert (await second.http.get("/readyz")).status_code == 200


async def _answered(receiver: Receiver, status: int) -> bool:
    return status in receiver.answers

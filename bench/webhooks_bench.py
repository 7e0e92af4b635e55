"""Webhook deliveries: events on a topic → signed POSTs at a receiver on loopback.

The service runs in-process (its projector schedules, its worker delivers) against the real
PostgreSQL and Kafka; the receiver is uvicorn on loopback answering 204. Figures: deliveries per
second for one subscription (sent one at a time, in order, by design) and for eight
subscriptions of one tenant (served concurrently), each against a fair baseline measured in the
same run — the same number of equally signed POSTs of the same bodies from one httpx client, one
at a time and eight at a time — and the latency from an event's publication to its receipt.
"""

from __future__ import annotations

import asyncio
import socket
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import orjson
import uvicorn
from aiokafka import AIOKafkaProducer
from clc_webhooks.app import create_app
from clc_webhooks.delivery.signing import signature_headers
from clc_webhooks.settings import WebhooksSettings
from devstack.databases import create_database
from eventkit.cloudevents import to_kafka
from eventkit.envelope import EventMetadata, RecordedEvent
from eventkit.principal import issue_dev_token

from bench.report import Figure, latency_line, progress

SECRET = "bench-webhooks-secret-of-at-least-32-bytes"
EVENTS = 400


class _Receiver:
    def __init__(self) -> None:
        self.arrived: dict[str, float] = {}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        more = True
        while more:
            message = await receive()
            more = message.get("more_body", False)
        ids = [v for k, v in scope["headers"] if k == b"webhook-id"]
        if ids:
            self.arrived.setdefault(f"{scope['path']}|{ids[0].decode()}", time.perf_counter())
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _event(n: int, tenant: str) -> RecordedEvent:
    return RecordedEvent(
        event_id=uuid.uuid4(),
        event_type="MemberAdded",
        schema_version=1,
        stream_id=f"s{n % 16}",
        stream_type="learning_group",
        stream_version=n + 1,
        tenant_id=tenant,
        data={"group_id": f"s{n % 16}", "person_id": f"p{n}"},
        metadata=EventMetadata(actor="bench"),
        recorded_at=datetime.now(UTC),
        global_position=n + 1,
    )


async def _baseline(url: str, bodies: list[tuple[str, bytes]], lanes: int) -> float:
    """Seconds for signed POSTs of ``bodies`` from one client, ``lanes`` at a time."""
    secret = "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVowMTIzNDU="
    queue = list(bodies)

    async def lane(http: httpx.AsyncClient) -> None:
        while queue:
            msg_id, body = queue.pop()
            headers = signature_headers([secret], msg_id, body)
            await http.post(url, content=body, headers=headers)

    async with httpx.AsyncClient(timeout=10) as http:
        started = time.perf_counter()
        await asyncio.gather(*(lane(http) for _ in range(lanes)))
        return time.perf_counter() - started


async def run(admin_dsn: str, bootstrap: str) -> list[Figure | str]:
    dsn = await create_database(admin_dsn, f"bench_webhooks_{uuid.uuid4().hex[:6]}")
    topic = f"clc.groups.bench.{uuid.uuid4().hex[:6]}"
    settings = WebhooksSettings(
        database_url=dsn,
        kafka_bootstrap_servers=bootstrap,
        topic=f"clc.webhooks.bench.{uuid.uuid4().hex[:6]}",
        dead_letter_topic=f"clc.webhooks.bench.{uuid.uuid4().hex[:6]}.dlq",
        delivered_topics=[topic],
        projector_name=f"webhooks-bench-{uuid.uuid4().hex[:6]}",
        jwt_hs256_secret=SECRET,
        allow_http_loopback=True,
        worker_poll_s=0.02,
        worker_batch=200,
    )
    receiver = _Receiver()
    port = _port()
    server = uvicorn.Server(
        uvicorn.Config(receiver, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    serving = asyncio.create_task(server.serve())
    app = create_app(settings)
    results: list[Figure | str] = ["\nwebhooks: topic -> signed POSTs to a loopback receiver"]
    try:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://w") as api:
                for subscriptions in (1, 8):
                    results += await _round(api, settings, bootstrap, receiver, port, subscriptions)
    finally:
        server.should_exit = True
        await serving
    return results


async def _round(
    api: httpx.AsyncClient,
    settings: WebhooksSettings,
    bootstrap: str,
    receiver: _Receiver,
    port: int,
    subscriptions: int,
) -> list[Figure | str]:
    tenant = f"bench-{subscriptions}"  # a tenant per round: earlier rounds' endpoints get nothing
    admin = issue_dev_token(SECRET, tenant_id=tenant, person_id="a", roles=["tenant_admin"])
    paths = [f"/r{subscriptions}-{n}" for n in range(subscriptions)]
    mutation = (
        "mutation($i: CreateWebhookSubscriptionInput!) { createWebhookSubscription(input: $i)"
        " { userErrors { code } } }"
    )
    for path in paths:
        fields = {"subscriptionId": str(uuid.uuid4()), "url": f"http://127.0.0.1:{port}{path}"}
        answer = await api.post(
            "/graphql",
            json={"query": mutation, "variables": {"i": {**fields, "eventTypes": ["clc.*"]}}},
            headers={"authorization": f"Bearer {admin}"},
        )
        assert answer.json()["data"]["createWebhookSubscription"]["userErrors"] == []
    await asyncio.sleep(2)  # the subscriptions' own events are projected
    events = [_event(n, tenant) for n in range(EVENTS // subscriptions)]
    progress(f"webhooks: {len(events)} events to {subscriptions} subscription(s)")
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5)
    await producer.start()
    sent: dict[str, float] = {}
    try:
        started = time.perf_counter()
        for e in events:
            key, value, headers = to_kafka(e, source="/clc/groups")
            await producer.send(settings.delivered_topics[0], value, key=key, headers=headers)
            sent[str(e.event_id)] = time.perf_counter()
        await producer.flush()
    finally:
        await producer.stop()
    wanted = {f"{p}|{i}" for p in paths for i in sent}
    async with asyncio.timeout(600):
        while not wanted <= receiver.arrived.keys():
            await asyncio.sleep(0.05)
    seconds = max(receiver.arrived[k] for k in wanted) - started
    latencies = [receiver.arrived[k] - sent[k.split("|")[1]] for k in wanted]
    bodies = [(i, orjson.dumps({"id": i, "data": {"x": 1}})) for i in sent] * subscriptions
    baseline = await _baseline(f"http://127.0.0.1:{port}/baseline", bodies, subscriptions)
    label = "1 subscription (in order)" if subscriptions == 1 else f"{subscriptions} subscriptions"
    return [
        Figure(
            f"webhook deliveries/s, {label}",
            len(wanted) / seconds,
            "deliveries/s",
            baseline=len(bodies) / baseline,
            baseline_name=f"raw signed POSTs x{subscriptions}",
        ),
        latency_line(f"  publish -> received, {label}", latencies),
    ]

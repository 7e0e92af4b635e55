"""The webhooks service in-process (lifespan included), a receiver on loopback, a publisher.

The receiver is a real HTTP server (uvicorn on a free loopback port) that records every request
and answers 200, or 500 on paths under ``/refuse``. Events are published to a per-test copy of
the groups topic as the groups relay would (``eventkit.cloudevents.to_kafka``).
"""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import uvicorn
from aiokafka import AIOKafkaProducer
from clc_webhooks.app import create_app
from clc_webhooks.settings import WebhooksSettings
from eventkit.cloudevents import to_kafka
from eventkit.envelope import EventMetadata, RecordedEvent
from eventkit.principal import issue_dev_token
from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response

SECRET = "webhooks-integration-test-secret-of-32-bytes"
PAYLOAD = "userErrors { code message field } consistencyToken"
GROUPS_SOURCE = "/clc/groups"


def token(person: str, *roles: str, tenant: str = "tenant-a") -> str:
    return issue_dev_token(SECRET, tenant_id=tenant, person_id=person, roles=roles)


ADMIN_A = token("admin-a", "tenant_admin", tenant="tenant-a")
ADMIN_B = token("admin-b", "tenant_admin", tenant="tenant-b")


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A loopback HTTP endpoint recording what it is sent."""

    port: int = 0
    requests: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    """Paths answered 500 for now (besides every path under ``/refuse``)."""
    answers: list[int] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def at(self, path: str) -> list[Received]:
        return [r for r in self.requests if r.path == path]

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        body = await request.body()
        self.requests.append(Received(request.url.path, dict(request.headers), body))
        path = request.url.path
        status = 500 if path.startswith("/refuse") or path in self.refuse else 200
        self.answers.append(status)
        await Response(status_code=status)(scope, receive, send)


@asynccontextmanager
async def a_receiver() -> AsyncIterator[Receiver]:
    receiver = Receiver(port=_free_port())
    config = uvicorn.Config(
        receiver, host="127.0.0.1", port=receiver.port, log_level="warning", lifespan="off"
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    async with asyncio.timeout(10):
        while not server.started:
            await asyncio.sleep(0.02)
    try:
        yield receiver
    finally:
        server.should_exit = True
        await task


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Service:
    app: FastAPI
    http: httpx.AsyncClient
    settings: WebhooksSettings

    @property
    def groups_topic(self) -> str:
        return self.settings.delivered_topics[0]

    async def gql(self, token: str, query: str, /, **variables: Any) -> dict[str, Any]:
        answer = await self.http.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"authorization": f"Bearer {token}"},
        )
        assert answer.status_code == 200, answer.text
        body: dict[str, Any] = answer.json()
        return body

    async def data(self, token: str, query: str, /, **variables: Any) -> dict[str, Any]:
        body = await self.gql(token, query, **variables)
        assert "errors" not in body, body["errors"]
        result: dict[str, Any] = body["data"]
        return result

    async def subscribe(
        self, token: str, url: str, types: list[str], sid: str | None = None
    ) -> tuple[str, str]:
        """A new subscription (its id, its secret)."""
        sid = sid or str(uuid.uuid4())
        query = (
            "mutation($input: CreateWebhookSubscriptionInput!) {"
            " createWebhookSubscription(input: $input) {"
            f" webhookSubscription {{ id status }} secret {PAYLOAD} }} }}"
        )
        fields = {"subscriptionId": sid, "url": url, "eventTypes": types}
        result = (await self.data(token, query, input=fields))["createWebhookSubscription"]
        assert result["userErrors"] == [], result
        assert result["webhookSubscription"] == {"id": sid, "status": "ACTIVE"}
        secret: str = result["secret"]
        return sid, secret

    async def mutate(self, token: str, name: str, extra: str = "", **fields: Any) -> dict[str, Any]:
        input_type = "WebhookSubscriptionInput"
        if name == "replayWebhookDeliveries":
            input_type = "ReplayWebhookDeliveriesInput"
        query = (
            f"mutation($input: {input_type}!) {{ {name}(input: $input) {{"
            f" webhookSubscription {{ id status }} {extra} {PAYLOAD} }} }}"
        )
        result: dict[str, Any] = (await self.data(token, query, input=fields))[name]
        return result

    async def deliveries(self, token: str, sid: str, status: str | None = None) -> list[Any]:
        query = (
            "query($id: ID!, $status: WebhookDeliveryStatus) { webhookSubscription(id: $id) {"
            " deliveries(first: 100, status: $status) { edges { node {"
            " id eventId eventType status attempts lastStatusCode lastError replayId } } } } }"
        )
        found = (await self.data(token, query, id=sid, status=status))["webhookSubscription"]
        return [e["node"] for e in found["deliveries"]["edges"]]


def settings_for(owner_dsn: str, kafka: str, **overrides: Any) -> WebhooksSettings:
    suffix = uuid.uuid4().hex[:8]
    fields: dict[str, Any] = {
        "database_url": owner_dsn,
        "kafka_bootstrap_servers": kafka,
        "app_role": "webhooks_app_test",
        "app_role_password": "webhooks-app-test-pw",
        "topic": f"clc.webhooks.test.{suffix}",
        "dead_letter_topic": f"clc.webhooks.test.{suffix}.dlq",
        "delivered_topics": [f"clc.groups.test.{suffix}"],
        "projector_name": f"webhooks-test-{suffix}",
        "jwt_hs256_secret": SECRET,
        "consistency_wait_s": 20.0,
        "allow_http_loopback": True,
        "max_attempts": 3,
        "backoff_base_s": 0.05,
        "backoff_cap_s": 0.2,
        "worker_poll_s": 0.05,
        "secret_overlap_s": 0,
    }
    fields.update(overrides)
    return WebhooksSettings(**fields)


@asynccontextmanager
async def a_running_service(settings: WebhooksSettings) -> AsyncIterator[Service]:
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://webhooks") as http:
            yield Service(app, http, settings)


def a_groups_event(
    event_type: str, data: dict[str, Any], *, tenant: str = "tenant-a", stream: str = "s1"
) -> RecordedEvent:
    return RecordedEvent(
        event_id=uuid.uuid4(),
        event_type=event_type,
        schema_version=1,
        stream_id=stream,
        stream_type="practitioner",
        stream_version=1,
        tenant_id=tenant,
        data=data,
        metadata=EventMetadata(actor="someone"),
        recorded_at=datetime.now(UTC),
        global_position=1,
    )


async def publish(bootstrap: str, topic: str, *events: RecordedEvent) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for event in events:
            key, value, headers = to_kafka(event, source=GROUPS_SOURCE)
            await producer.send_and_wait(topic, value, key=key, headers=headers)
    finally:
        await producer.stop()


async def eventually(check: Callable[[], Awaitable[bool]], timeout_s: float = 30.0) -> None:
    async with asyncio.timeout(timeout_s):
        while not await check():
            await asyncio.sleep(0.05)

"""Drive the knowledge ASGI app in-process, lifespan included, as a GraphQL client would.

The app prepares its own database (migrations, app role) and topics when it starts; each test
module gets a fresh database and topics of its own.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer
from clc_knowledge.app import create_app
from clc_knowledge.settings import KnowledgeSettings
from eventkit.cloudevents import to_kafka
from eventkit.envelope import EventMetadata, RecordedEvent
from eventkit.principal import issue_dev_token
from fastapi import FastAPI

SECRET = "knowledge-integration-test-secret-of-32-bytes"
APP_ROLE = "knowledge_app_test"
APP_PASSWORD = "knowledge-app-test-pw"
PAYLOAD = "userErrors { code message field } consistencyToken"


@dataclass
class Service:
    app: FastAPI
    http: httpx.AsyncClient
    settings: KnowledgeSettings

    async def gql(self, token: str | None, query: str, /, **variables: Any) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(self, token: str | None, query: str, /, **variables: Any) -> dict[str, Any]:
        body = await self.gql(token, query, **variables)
        assert "errors" not in body, body["errors"]
        result: dict[str, Any] = body["data"]
        return result

    async def mutate(self, token: str, name: str, entity: str, **fields: Any) -> dict[str, Any]:
        """``name(input: fields) { entity { id } userErrors ... consistencyToken }``."""
        input_type = f"{name[0].upper()}{name[1:]}Input"
        query = (
            f"mutation($input: {input_type}!) {{"
            f" {name}(input: $input) {{ {entity} {{ id }} {PAYLOAD} }} }}"
        )
        result: dict[str, Any] = (await self.data(token, query, input=fields))[name]
        return result

    async def ok(self, token: str, name: str, entity: str, **fields: Any) -> str:
        """The mutation succeeds; its consistency token."""
        result = await self.mutate(token, name, entity, **fields)
        assert result["userErrors"] == [], result
        consistency: str = result["consistencyToken"]
        return consistency


def token(person: str, *roles: str, tenant: str = "tenant-a") -> str:
    return issue_dev_token(SECRET, tenant_id=tenant, person_id=person, roles=roles)


def settings_for(owner_dsn: str, kafka: str, **overrides: Any) -> KnowledgeSettings:
    suffix = uuid.uuid4().hex[:8]
    fields: dict[str, Any] = {
        "database_url": owner_dsn,
        "kafka_bootstrap_servers": kafka,
        "app_role": APP_ROLE,
        "app_role_password": APP_PASSWORD,
        "topic": f"clc.knowledge.test.{suffix}",
        "groups_topic": f"clc.groups.test.{suffix}",
        "enquiry_topic": f"clc.enquiry.test.{suffix}",
        "dead_letter_topic": f"clc.knowledge.test.{suffix}.dlq",
        "projector_name": f"knowledge-test-{suffix}",
        "jwt_hs256_secret": SECRET,
        "consistency_wait_s": 20.0,
    }
    fields.update(overrides)
    return KnowledgeSettings(**fields)


@asynccontextmanager
async def a_running_service(settings: KnowledgeSettings) -> AsyncIterator[Service]:
    app = create_app(settings)
    # ASGITransport does not run the lifespan, so the test runs it around the client.
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://knowledge") as http:
            yield Service(app, http, settings)


def a_foreign_event(
    stream_type: str,
    stream_id: str,
    event_type: str,
    data: dict[str, Any],
    *,
    tenant: str = "tenant-a",
    version: int = 1,
    actor: str | None = None,
) -> RecordedEvent:
    """Another service's event as its relay publishes it (a fresh event id)."""
    return RecordedEvent(
        event_id=uuid.uuid4(),
        event_type=event_type,
        schema_version=1,
        stream_id=stream_id,
        stream_type=stream_type,
        stream_version=version,
        tenant_id=tenant,
        data=data,
        metadata=EventMetadata(actor=actor),
        recorded_at=datetime.now(UTC),
        global_position=version,
    )


async def publish(bootstrap: str, topic: str, source: str, *events: RecordedEvent) -> None:
    """Send ``events`` to ``topic`` as CloudEvents from ``source``, as a relay would."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for event in events:
            key, value, headers = to_kafka(event, source=source)
            await producer.send_and_wait(topic, value, key=key, headers=headers)
    finally:
        await producer.stop()


async def eventually(check: Callable[[], Awaitable[bool]], timeout_s: float = 20.0) -> None:
    """Wait until ``check()`` holds (the projector consumes asynchronously)."""
    async with asyncio.timeout(timeout_s):
        while not await check():
            await asyncio.sleep(0.05)

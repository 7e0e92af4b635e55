"""Drive the groups ASGI app in-process, lifespan included, as a GraphQL client would."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from clc_groups.app import create_app
from clc_groups.settings import GroupsSettings
from eventkit.principal import issue_dev_token
from fastapi import FastAPI

from tests.integration.groups.rig import APP_PASSWORD, APP_ROLE

SECRET = "groups-integration-test-secret-of-32-bytes-or-more"


@dataclass
class Service:
    app: FastAPI
    http: httpx.AsyncClient

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


def token(person: str, *roles: str, tenant: str = "tenant-a") -> str:
    return issue_dev_token(SECRET, tenant_id=tenant, person_id=person, roles=roles)


def settings_for(owner_dsn: str, kafka: str, **overrides: Any) -> GroupsSettings:
    suffix = uuid.uuid4().hex[:8]
    return GroupsSettings(
        database_url=owner_dsn,
        kafka_bootstrap_servers=kafka,
        app_role=APP_ROLE,
        app_role_password=APP_PASSWORD,
        topic=f"clc.groups.test.{suffix}",
        dead_letter_topic=f"clc.groups.test.{suffix}.dlq",
        projector_name=f"groups-test-{suffix}",
        jwt_hs256_secret=SECRET,
        consistency_wait_s=20.0,
        **overrides,
    )


@asynccontextmanager
async def a_running_service(settings: GroupsSettings) -> AsyncIterator[Service]:
    app = create_app(settings)
    # ASGITransport does not run the lifespan, so the test runs it around the client.
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://groups") as http:
            yield Service(app, http)


def ids(rows: Iterable[dict[str, Any]], key: str = "id") -> list[str]:
    return [r[key] for r in rows]

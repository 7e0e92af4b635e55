"""servicekit's app over a small, cyclic federation schema and a stub runtime: no database.

``School.practitioners`` / ``Practitioner.school`` form the cycle attackers nest; ``_entities``
is what a gateway calls. The lifespan (which would start PostgreSQL work) is not run: the stub
runtime is placed on ``app.state`` directly.
"""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import httpx
import strawberry
from eventkit.principal import JwtVerifier, issue_dev_token
from fastapi import FastAPI
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from pydantic import BaseModel, Field
from pydantic_settings import SettingsConfigDict
from servicekit.app import create_app
from servicekit.definition import ServiceDefinition
from servicekit.runtime import Services, verifier_for
from servicekit.settings import ServiceSettings
from strawberry.types import Info

SECRET = "servicekit-http-unit-test-secret-0123456789"


class ShopSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SHOPTEST_", extra="ignore")

    database_url: str = "postgresql://nobody@localhost:1/shop"
    app_role: str = "shop_app"
    app_role_password: str = "dev"
    topic: str = "shop"
    dead_letter_topic: str = "shop.dlq"
    event_source: str = "/shop"
    projector_name: str = "shop"
    jwt_hs256_secret: str | None = SECRET


@strawberry.federation.type(keys=["id"])
class School:
    id: strawberry.ID
    name: str

    @strawberry.field
    async def practitioners(self, first: int | None = None) -> list[Practitioner]:
        return [Practitioner(id=strawberry.ID(f"{self.id}-p{i}"), name="P") for i in range(3)]

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> School:
        return School(id=id, name=f"school {id}")


@strawberry.federation.type(keys=["id"])
class Practitioner:
    id: strawberry.ID
    name: str

    @strawberry.field
    async def school(self) -> School:
        return School(id=strawberry.ID("s1"), name="Oak")


class Rename(BaseModel):
    enquiry_id: str = Field(min_length=3)


@strawberry.type
class Query:
    @strawberry.field
    async def school(self, id: strawberry.ID) -> School | None:
        return School(id=id, name="Oak")

    @strawberry.field
    async def whoami(self, info: Info[Any, None]) -> str:
        return str(info.context.principal.person_id)

    @strawberry.field
    async def broken(self) -> str:
        raise asyncpg.PostgresError('relation "enquiry_rows" does not exist (enquiry_id)')

    @strawberry.field
    async def invalid(self) -> str:
        Rename(enquiry_id="x")
        return "unreachable"

    @strawberry.field
    async def weekday(self, day: datetime.date) -> str:
        return day.strftime("%A")

    @strawberry.field
    async def slow(self, seconds: float) -> str:
        await asyncio.sleep(seconds)
        return "done"


def schema() -> strawberry.federation.Schema:
    return strawberry.federation.Schema(
        query=Query, types=[School, Practitioner], federation_version="2.5"
    )


@dataclass
class StubRuntime:
    verifier: JwtVerifier
    services: Services[Any]
    tasks: list[Any] = field(default_factory=list)


def shop_app(settings: ShopSettings | None = None) -> FastAPI:
    settings = settings or ShopSettings()
    definition: ServiceDefinition[ShopSettings, None] = ServiceDefinition(
        name="shop",
        read_model_migrations=[],
        read_model_tables=[],
        projections=list,
        commands=lambda store, pool, s: None,
    )
    app = create_app(settings, definition, schema())
    app.state.runtime = StubRuntime(
        verifier=verifier_for(settings),
        services=Services(pool=None, commands=None, runner=None, consistency_wait_s=0.1),
    )
    return app


def client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://shop")


def token(person: str = "alice", **claims: Any) -> str:
    return issue_dev_token(SECRET, tenant_id="t1", person_id=person, **claims)


def bearer(value: str | None = None) -> dict[str, str]:
    return {"authorization": f"Bearer {value or token()}"}


def cyclic_query(levels: int) -> str:
    """``school { practitioners { school { practitioners { … } } } }``, ``levels`` fields deep."""
    inner = "name"
    for level in range(levels):
        outer = "practitioners" if (levels - 1 - level) % 2 == 0 else "school"
        inner = f"{outer} {{ {inner} }}"
    return f'{{ school(id: "s1") {{ {inner} }} }}'


def aliased_query(fields: int) -> str:
    """``fields`` aliased ``school`` fields; 10,000 of them make a ~490 kB document."""
    return (
        "{ "
        + " ".join(f'a{i}: school(id: "s{i}") {{ id name __typename }}' for i in range(fields))
        + " }"
    )


@contextmanager
def recorded_spans() -> Iterator[InMemorySpanExporter]:
    """Spans finished meanwhile. The process's tracer provider can be set only once, so an SDK
    provider is installed if there is none yet and an exporter added; shut down afterwards, it
    keeps nothing more."""
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        provider = TracerProvider()
        trace.set_tracer_provider(provider)
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    try:
        yield exporter
    finally:
        exporter.clear()
        exporter.shutdown()

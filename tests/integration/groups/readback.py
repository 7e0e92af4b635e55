"""Project events straight into the real read models and read them back through the GraphQL schema.

No relay, no Kafka: the events go through the service's projections in a tenant transaction as
the projector would apply them, and the schema is executed in-process with a real
``ServiceContext`` over the app-role pool, so what is read is exactly what a client would get.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import asyncpg
import strawberry
from clc_groups.api import build_schema
from clc_groups.application import GroupsCommands, Visibility
from clc_groups.domain import TENANT_ADMIN
from clc_groups.readmodels import projections
from eventkit.domain import DomainEvent
from eventkit.envelope import EventMetadata, RecordedEvent
from eventkit.pg import tenant_transaction
from eventkit.principal import Principal
from eventkit.projection import ProjectionConnection
from eventkit.store.memory import InMemoryEventStore
from graphql import (
    GraphQLEnumType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    get_named_type,
)
from servicekit.context import ServiceContext
from servicekit.runtime import Services

__all__ = ["Reader", "admin_of", "person_of", "project", "selection"]


async def project(
    pool: asyncpg.Pool, tenant: str, stream_type: str, events: Sequence[DomainEvent]
) -> None:
    """Apply ``events`` (one stream of ``tenant``) to every groups projection at once."""
    views = projections()
    async with tenant_transaction(pool, tenant) as conn:
        writer = ProjectionConnection(conn)
        for version, event in enumerate(events, start=1):
            recorded = RecordedEvent(
                event_id=uuid.uuid4(),
                event_type=event.event_type,
                schema_version=event.schema_version,
                stream_id=f"{stream_type}-stream",
                stream_type=stream_type,
                stream_version=version,
                tenant_id=tenant,
                data=event.model_dump(mode="json"),
                metadata=EventMetadata(),
                recorded_at=datetime.now(UTC),
                global_position=version,
            )
            for view in views:
                await view.apply(writer, recorded)
        await writer.flush()


def selection(schema: GraphQLSchema, type_name: str, path: tuple[str, ...] = ()) -> str:
    """Every field of ``type_name``, objects expanded until a type repeats on the way down.

    Generated from the schema, so a field added later is read too. A field that needs an
    argument without a default cannot be selected blindly: it fails the test instead.
    """
    owner = schema.get_type(type_name)
    assert isinstance(owner, GraphQLObjectType), type_name
    parts = []
    for name, field in owner.fields.items():
        required = [
            a
            for a, arg in field.args.items()
            if isinstance(arg.type, GraphQLNonNull) and arg.default_value is None
        ]
        assert not required, f"{type_name}.{name} needs {required}: say what to pass here"
        inner = get_named_type(field.type)
        if isinstance(inner, GraphQLScalarType | GraphQLEnumType):
            parts.append(name)
        elif isinstance(inner, GraphQLObjectType) and inner.name not in (*path, type_name):
            parts.append(f"{name} {{ {selection(schema, inner.name, (*path, type_name))} }}")
        else:
            parts.append(f"{name} {{ __typename }}")
    return " ".join(parts)


class Reader:
    """Runs GraphQL against the groups schema as a given principal, over ``pool``."""

    def __init__(self, pool: asyncpg.Pool, visibility: Visibility | None = None) -> None:
        self.schema: strawberry.federation.Schema = build_schema()
        commands = GroupsCommands(InMemoryEventStore(), visibility=visibility)
        self._services = Services(pool, commands, None, 1.0)

    @property
    def graphql(self) -> GraphQLSchema:
        return self.schema._schema

    async def run(
        self, principal: Principal, query: str, **variables: Any
    ) -> tuple[dict[str, Any] | None, list[Any]]:
        context = ServiceContext(self._services, principal, None)
        result = await self.schema.execute(query, variable_values=variables, context_value=context)
        return result.data, list(result.errors or [])


def admin_of(tenant: str) -> Principal:
    return Principal(tenant_id=tenant, person_id="admin", roles=frozenset({TENANT_ADMIN}))


def person_of(tenant: str, person_id: str, *roles: str) -> Principal:
    return Principal(tenant_id=tenant, person_id=person_id, roles=frozenset(roles))

"""The query root. Every field that can follow a write takes a consistency token (an opaque
``String`` a mutation returned) and waits until the read models have it, or fails with
``NOT_YET_CONSISTENT``. An ``ID`` argument that cannot be an id is an ``INVALID_ID`` error."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

import strawberry
from graphql import GraphQLError
from servicekit.ids import id_argument
from servicekit.pagination import Connection, connection, decode_cursor, page_size
from servicekit.privacy import AuditAction

from . import reads
from .context import Ctx, consistent
from .privacy import audit, by_an_admin_about_another
from .programmes import Programme
from .types import (
    LearningGroup,
    Network,
    Organisation,
    Practitioner,
    School,
    Session,
    load_entity,
)

__all__ = ["PERSON_NOT_REGISTERED", "Me", "Query"]

PERSON_NOT_REGISTERED = "PERSON_NOT_REGISTERED"

T = TypeVar("T")


async def _one(info: Ctx, entity: str, entity_id: str, token: str | None) -> Any:
    id_argument(entity_id)
    await consistent(info, token)
    return await load_entity(info, entity, entity_id)


async def _page(
    info: Ctx,
    entity: str,
    key: str,
    build: Callable[[Any], T],
    first: int | None,
    after: str | None,
    token: str | None,
) -> Connection[T]:
    await consistent(info, token)
    size = page_size(first)
    async with info.context.read() as conn:
        rows = await reads.page(conn, entity, size, decode_cursor(after))
    return connection(rows, size, key, build)


@strawberry.type(description="The caller, as a practitioner of the tenant.")
class Me:
    person_id: strawberry.ID

    @strawberry.field
    async def practitioner(self, info: Ctx) -> Practitioner | None:
        found: Practitioner | None = await load_entity(info, "practitioner", self.person_id)
        return found

    @strawberry.field
    async def groups(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[LearningGroup]:
        size = page_size(first)
        async with info.context.read() as conn:
            rows = await reads.my_groups(conn, self.person_id, size, decode_cursor(after))
        return connection(rows, size, "group_id", LearningGroup.of)

    @strawberry.field
    async def next_sessions(self, info: Ctx, first: int | None = 10) -> list[Session]:
        async with info.context.read() as conn:
            rows = await reads.my_next_sessions(
                conn, self.person_id, datetime.now(UTC), page_size(first)
            )
        return [Session.of(r) for r in rows]


@strawberry.type
class Query:
    @strawberry.field
    async def school(
        self, info: Ctx, id: strawberry.ID, consistency_token: str | None = None
    ) -> School | None:
        found: School | None = await _one(info, "school", id, consistency_token)
        return found

    @strawberry.field
    async def schools(
        self,
        info: Ctx,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[School]:
        return await _page(info, "school", "school_id", School.of, first, after, consistency_token)

    @strawberry.field
    async def organisation(
        self, info: Ctx, id: strawberry.ID, consistency_token: str | None = None
    ) -> Organisation | None:
        found: Organisation | None = await _one(info, "organisation", id, consistency_token)
        return found

    @strawberry.field
    async def organisations(
        self,
        info: Ctx,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[Organisation]:
        return await _page(
            info,
            "organisation",
            "organisation_id",
            Organisation.of,
            first,
            after,
            consistency_token,
        )

    @strawberry.field
    async def practitioner(
        self, info: Ctx, id: strawberry.ID, consistency_token: str | None = None
    ) -> Practitioner | None:
        found: Practitioner | None = await _one(info, "practitioner", id, consistency_token)
        if found is not None and by_an_admin_about_another(info, str(id)):
            await audit(info, str(id), AuditAction.PROFILE_READ)
        return found

    @strawberry.field
    async def network(
        self, info: Ctx, id: strawberry.ID, consistency_token: str | None = None
    ) -> Network | None:
        found: Network | None = await _one(info, "network", id, consistency_token)
        return found

    @strawberry.field
    async def networks(
        self,
        info: Ctx,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[Network]:
        return await _page(
            info, "network", "network_id", Network.of, first, after, consistency_token
        )

    @strawberry.field
    async def learning_group(
        self, info: Ctx, id: strawberry.ID, consistency_token: str | None = None
    ) -> LearningGroup | None:
        found: LearningGroup | None = await _one(info, "learning_group", id, consistency_token)
        return found

    @strawberry.field
    async def learning_groups(
        self,
        info: Ctx,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[LearningGroup]:
        return await _page(
            info, "learning_group", "group_id", LearningGroup.of, first, after, consistency_token
        )

    @strawberry.field
    async def programme(
        self, info: Ctx, id: strawberry.ID, consistency_token: str | None = None
    ) -> Programme | None:
        found: Programme | None = await _one(info, "programme", id, consistency_token)
        return found

    @strawberry.field
    async def programmes(
        self,
        info: Ctx,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[Programme]:
        return await _page(
            info, "programme", "programme_id", Programme.of, first, after, consistency_token
        )

    @strawberry.field
    async def me(self, info: Ctx, consistency_token: str | None = None) -> Me:
        """The caller as a practitioner; ``PERSON_NOT_REGISTERED`` if they are not one."""
        await consistent(info, consistency_token)
        person_id = info.context.principal.person_id
        found: Practitioner | None = await load_entity(info, "practitioner", person_id)
        status = None if found is None else found.status
        if not info.context.commands.visibility.is_known_person(status):
            raise GraphQLError(
                "your token's person is not a registered practitioner of this tenant",
                extensions={"code": PERSON_NOT_REGISTERED},
            )
        return Me(person_id=strawberry.ID(person_id))

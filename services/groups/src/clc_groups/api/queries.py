"""The query root. Every field takes a consistency token and waits until the read models have it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import strawberry
from servicekit.pagination import Connection, connection, decode_cursor, page_size

from . import reads
from .types import Ctx, LearningGroup, Network, Practitioner, School, Session, load_entity

__all__ = ["Me", "Query"]


async def _one(info: Ctx, entity: str, entity_id: str, token: int | None) -> Any:
    await info.context.consistent(token)
    return await load_entity(info, entity, entity_id)


async def _page(
    info: Ctx,
    entity: str,
    key: str,
    build: Any,
    first: int | None,
    after: str | None,
    token: int | None,
) -> Any:
    await info.context.consistent(token)
    size = page_size(first)
    async with info.context.read() as conn:
        rows = await reads.page(conn, entity, size, decode_cursor(after))
    return connection(rows, size, key, build)


@strawberry.type
class Me:
    person_id: strawberry.ID

    @strawberry.field
    async def practitioner(self, info: Ctx) -> Practitioner | None:
        return await load_entity(info, "practitioner", self.person_id)  # type: ignore[no-any-return]

    @strawberry.field
    async def groups(self, info: Ctx) -> list[LearningGroup]:
        async with info.context.read() as conn:
            return [LearningGroup.of(r) for r in await reads.my_groups(conn, self.person_id)]

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
        self, info: Ctx, id: strawberry.ID, consistency_token: int | None = None
    ) -> School | None:
        return await _one(info, "school", id, consistency_token)  # type: ignore[no-any-return]

    @strawberry.field
    async def schools(
        self,
        info: Ctx,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: int | None = None,
    ) -> Connection[School]:
        return await _page(  # type: ignore[no-any-return]
            info, "school", "school_id", School.of, first, after, consistency_token
        )

    @strawberry.field
    async def practitioner(
        self, info: Ctx, id: strawberry.ID, consistency_token: int | None = None
    ) -> Practitioner | None:
        return await _one(info, "practitioner", id, consistency_token)  # type: ignore[no-any-return]

    @strawberry.field
    async def network(
        self, info: Ctx, id: strawberry.ID, consistency_token: int | None = None
    ) -> Network | None:
        return await _one(info, "network", id, consistency_token)  # type: ignore[no-any-return]

    @strawberry.field
    async def networks(
        self,
        info: Ctx,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: int | None = None,
    ) -> Connection[Network]:
        return await _page(  # type: ignore[no-any-return]
            info, "network", "network_id", Network.of, first, after, consistency_token
        )

    @strawberry.field
    async def learning_group(
        self, info: Ctx, id: strawberry.ID, consistency_token: int | None = None
    ) -> LearningGroup | None:
        return await _one(info, "learning_group", id, consistency_token)  # type: ignore[no-any-return]

    @strawberry.field
    async def learning_groups(
        self,
        info: Ctx,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: int | None = None,
    ) -> Connection[LearningGroup]:
        return await _page(  # type: ignore[no-any-return]
            info, "learning_group", "group_id", LearningGroup.of, first, after, consistency_token
        )

    @strawberry.field
    async def me(self, info: Ctx, consistency_token: int | None = None) -> Me:
        await info.context.consistent(consistency_token)
        return Me(person_id=strawberry.ID(info.context.principal.person_id))

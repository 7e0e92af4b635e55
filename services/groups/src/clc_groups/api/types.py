"""The federated entities and their nested fields.

Entity objects are built from read-model rows; fields that only read the object are plain, fields
that need another query are async and read through the context (so under the caller's tenant).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from strawberry.types import Info

from . import reads

__all__ = [
    "GroundRules",
    "LearningGroup",
    "Member",
    "Network",
    "Practitioner",
    "School",
    "Session",
    "load_entity",
]

Ctx = Info[Any, None]


async def load_entity(info: Ctx, entity: str, entity_id: str) -> Any:
    async with info.context.read() as conn:
        rows = await reads.by_id(conn, entity, [entity_id])
    return _BUILDERS[entity](rows[0]) if rows else None


@strawberry.federation.type(keys=["id"])
class School:
    id: strawberry.ID
    name: str
    identifier: str | None
    source_id: str | None

    @classmethod
    def of(cls, row: Any) -> School:
        return cls(
            id=strawberry.ID(row["school_id"]),
            name=row["name"],
            identifier=row["identifier"],
            source_id=row["source_id"],
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> School | None:
        return await load_entity(info, "school", id)  # type: ignore[no-any-return]

    @strawberry.field
    async def practitioners(self, info: Ctx) -> list[Practitioner]:
        async with info.context.read() as conn:
            return [Practitioner.of(r) for r in await reads.school_practitioners(conn, self.id)]


@strawberry.federation.type(keys=["id"])
class Practitioner:
    id: strawberry.ID
    display_name: str
    given_name: str | None
    family_name: str | None
    email: str | None
    role: str
    status: str
    school_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: Any) -> Practitioner:
        return cls(
            id=strawberry.ID(row["practitioner_id"]),
            display_name=row["display_name"],
            given_name=row["given_name"],
            family_name=row["family_name"],
            email=row["email"],
            role=row["role"],
            status=row["status"],
            school_id=row["school_id"],
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> Practitioner | None:
        return await load_entity(info, "practitioner", id)  # type: ignore[no-any-return]

    @strawberry.field
    async def school(self, info: Ctx) -> School | None:
        return await load_entity(info, "school", self.school_id)  # type: ignore[no-any-return]


@strawberry.federation.type(keys=["id"])
class Network:
    id: strawberry.ID
    name: str
    moral_purpose: str | None
    status: str
    founder_id: str

    @classmethod
    def of(cls, row: Any) -> Network:
        return cls(
            id=strawberry.ID(row["network_id"]),
            name=row["name"],
            moral_purpose=row["moral_purpose"],
            status=row["status"],
            founder_id=row["founder_id"],
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> Network | None:
        return await load_entity(info, "network", id)  # type: ignore[no-any-return]

    @strawberry.field
    async def schools(self, info: Ctx) -> list[School]:
        async with info.context.read() as conn:
            return [School.of(r) for r in await reads.network_schools(conn, self.id)]

    @strawberry.field
    async def co_leaders(self, info: Ctx) -> list[Practitioner]:
        async with info.context.read() as conn:
            return [Practitioner.of(r) for r in await reads.co_leaders(conn, self.id)]

    @strawberry.field
    async def learning_groups(self, info: Ctx) -> list[LearningGroup]:
        async with info.context.read() as conn:
            return [LearningGroup.of(r) for r in await reads.network_groups(conn, self.id)]


@strawberry.type
class Member:
    role: str
    school_id: str
    practitioner_id: strawberry.Private[str]

    @strawberry.field
    async def practitioner(self, info: Ctx) -> Practitioner | None:
        return await load_entity(info, "practitioner", self.practitioner_id)  # type: ignore[no-any-return]


@strawberry.type
class GroundRules:
    version: int
    text: str
    agreed: bool


@strawberry.type
class Session:
    id: strawberry.ID
    group_id: strawberry.ID
    starts_at: datetime
    protocol: str
    artefact_id: str | None
    status: str

    @classmethod
    def of(cls, row: Any) -> Session:
        return cls(
            id=strawberry.ID(row["session_id"]),
            group_id=strawberry.ID(row["group_id"]),
            starts_at=row["starts_at"],
            protocol=row["protocol"],
            artefact_id=row["artefact_id"],
            status=row["status"],
        )

    @strawberry.field
    async def attendees(self, info: Ctx) -> list[Practitioner]:
        async with info.context.read() as conn:
            rows = await reads.session_attendees(conn, self.group_id, self.id)
        return [Practitioner.of(r) for r in rows]


@strawberry.federation.type(keys=["id"])
class LearningGroup:
    id: strawberry.ID
    name: str
    kind: str
    status: str
    founder_id: str
    ground_rules_version: int
    ground_rules_agreed: bool
    network_id: strawberry.Private[str | None]

    @classmethod
    def of(cls, row: Any) -> LearningGroup:
        return cls(
            id=strawberry.ID(row["group_id"]),
            name=row["name"],
            kind=row["kind"],
            status=row["status"],
            founder_id=row["founder_id"],
            ground_rules_version=row["ground_rules_version"],
            ground_rules_agreed=row["ground_rules_agreed"],
            network_id=row["network_id"],
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> LearningGroup | None:
        return await load_entity(info, "learning_group", id)  # type: ignore[no-any-return]

    @strawberry.field
    async def network(self, info: Ctx) -> Network | None:
        if self.network_id is None:
            return None
        return await load_entity(info, "network", self.network_id)  # type: ignore[no-any-return]

    @strawberry.field
    async def members(self, info: Ctx) -> list[Member]:
        async with info.context.read() as conn:
            rows = await reads.group_members(conn, self.id)
        return [
            Member(role=r["role"], school_id=r["school_id"], practitioner_id=r["practitioner_id"])
            for r in rows
        ]

    @strawberry.field
    async def ground_rules(self, info: Ctx) -> list[GroundRules]:
        async with info.context.read() as conn:
            rows = await reads.ground_rules(conn, self.id)
        return [GroundRules(version=r["version"], text=r["text"], agreed=r["agreed"]) for r in rows]

    @strawberry.field
    async def sessions(self, info: Ctx) -> list[Session]:
        async with info.context.read() as conn:
            return [Session.of(r) for r in await reads.sessions(conn, self.id)]


_BUILDERS: dict[str, Any] = {
    "school": School.of,
    "practitioner": Practitioner.of,
    "network": Network.of,
    "learning_group": LearningGroup.of,
}

"""The groups service's entities, extended here: ``LearningGroup``, ``Network``, ``Practitioner``.

Each is declared with the same key as in groups and only the fields this service adds; a gateway
resolves the rest from groups. Every field that can follow a write takes the consistency token.
The learning matrix and knowledge balance are counts (no person in them) and are shared in the
tenant; open actions are filtered by who may read them (``readmodels.visibility``).
"""

from __future__ import annotations

import strawberry
from servicekit.pagination import Connection

from clc_enquiry.readmodels import queries

from .base import Ctx, valid_id
from .enquiries import Enquiry, OpenAction, board, open_actions
from .enums import Depth, EnquiryStatus, KnowledgeField, LevelOfLearning, Phase
from .logs import ReflectiveLogEntry, group_shared_log
from .partners import PartnerNetworkWork, load_own_work, load_partner_work
from .progress import PlanLevelProgress, plan

__all__ = [
    "KnowledgeShare",
    "LearningGroup",
    "LearningMatrixCell",
    "Network",
    "Practitioner",
    "balance",
    "matrix",
]


@strawberry.type
class LearningMatrixCell:
    """Validated learning claims at one level and depth."""

    level: LevelOfLearning
    depth: Depth
    count: int


@strawberry.type
class KnowledgeShare:
    """Ideas from one field of knowledge, and their share (0..1) of all ideas."""

    field: KnowledgeField
    count: int
    share: float


async def matrix(info: Ctx, scope: str, scope_id: str) -> list[LearningMatrixCell]:
    async with info.context.read() as conn:
        cells = await queries.learning_matrix_cells(conn, info.context.tenant_id, scope, scope_id)
    return [LearningMatrixCell(level=c.level, depth=c.depth, count=c.count) for c in cells]


async def balance(info: Ctx, scope: str, scope_id: str) -> list[KnowledgeShare]:
    async with info.context.read() as conn:
        shares = await queries.knowledge_balance_cells(
            conn, info.context.tenant_id, scope, scope_id
        )
    return [
        KnowledgeShare(field=KnowledgeField(s.knowledge_field), count=s.ideas, share=s.share)
        for s in shares
    ]


@strawberry.federation.type(keys=["id"], description="A learning group (owned by groups)")
class LearningGroup:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> LearningGroup:
        return cls(id=id)

    # The group's enquiries, newest first

    @strawberry.field
    async def enquiries(
        self,
        info: Ctx,
        status: EnquiryStatus | None = None,
        phase: Phase | None = None,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[Enquiry]:
        await info.context.consistent(consistency_token)
        group_id = valid_id(self.id)
        return await board(
            info, first=first, after=after, group_id=group_id, status=status, phase=phase
        )

    # Validated learning claims by level x depth, zeros included

    @strawberry.field
    async def learning_matrix(
        self, info: Ctx, consistency_token: str | None = None
    ) -> list[LearningMatrixCell]:
        await info.context.consistent(consistency_token)
        return await matrix(info, "group", valid_id(self.id))

    # Ideas per field of knowledge across the group's enquiries

    @strawberry.field
    async def knowledge_balance(
        self, info: Ctx, consistency_token: str | None = None
    ) -> list[KnowledgeShare]:
        await info.context.consistent(consistency_token)
        return await balance(info, "group", valid_id(self.id))

    # Personal reflective log entries their writers shared with the group (members only)

    @strawberry.field
    async def shared_reflections(
        self,
        info: Ctx,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[ReflectiveLogEntry]:
        await info.context.consistent(consistency_token)
        return await group_shared_log(info, valid_id(self.id), first, after)


@strawberry.federation.type(keys=["id"], description="A network of schools (owned by groups)")
class Network:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Network:
        return cls(id=id)

    # Enquiries of the network's groups, newest first

    @strawberry.field
    async def enquiries(
        self,
        info: Ctx,
        status: EnquiryStatus | None = None,
        phase: Phase | None = None,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[Enquiry]:
        await info.context.consistent(consistency_token)
        network_id = valid_id(self.id)
        return await board(
            info, first=first, after=after, network_id=network_id, status=status, phase=phase
        )

    # Validated learning claims by level x depth, zeros included

    @strawberry.field
    async def learning_matrix(
        self, info: Ctx, consistency_token: str | None = None
    ) -> list[LearningMatrixCell]:
        await info.context.consistent(consistency_token)
        return await matrix(info, "network", valid_id(self.id))

    # The network plan per level of learning, against validated claims and completed actions

    @strawberry.field
    async def plan_progress(
        self, info: Ctx, consistency_token: str | None = None
    ) -> list[PlanLevelProgress]:
        await info.context.consistent(consistency_token)
        return await plan(info, valid_id(self.id))

    # What each partner network (of another tenant, both sides consenting) shares with this one:
    # its marked enquiries with their findings, and its learning matrix. Read by the network's
    # people and the tenant's admins; empty for anyone else.

    @strawberry.field
    async def partner_work(
        self, info: Ctx, consistency_token: str | None = None
    ) -> list[PartnerNetworkWork]:
        await info.context.consistent(consistency_token)
        return await load_partner_work(info, valid_id(self.id))

    # What this network shows its partner networks, as they see it (null for anyone but the
    # network's people and the tenant's admins)

    @strawberry.field
    async def shared_with_partners(
        self, info: Ctx, consistency_token: str | None = None
    ) -> PartnerNetworkWork | None:
        await info.context.consistent(consistency_token)
        return await load_own_work(info, valid_id(self.id))


@strawberry.federation.type(keys=["id"], description="A practitioner (owned by groups)")
class Practitioner:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Practitioner:
        return cls(id=id)

    # Their open actions the caller may see, soonest due first

    @strawberry.field
    async def open_actions(
        self,
        info: Ctx,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[OpenAction]:
        await info.context.consistent(consistency_token)
        return await open_actions(info, valid_id(self.id), first=first, after=after)

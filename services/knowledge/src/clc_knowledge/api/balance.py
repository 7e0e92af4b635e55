"""``artefactBalance`` on a learning group and a network: published artefacts per field of
knowledge that the caller may see (``readmodels.balance``); mixed into ``refs``' entity types.
(The enquiry subgraph owns ``knowledgeBalance``, of ideas.)"""

from __future__ import annotations

import strawberry

from clc_knowledge.readmodels.balance import artefact_balance

from .base import Ctx, valid_id
from .enums import KnowledgeField

__all__ = ["ArtefactShare", "BalanceOfGroup", "BalanceOfNetwork"]


@strawberry.type
class ArtefactShare:
    """Published artefacts from one field of knowledge, and their share (0..1) of all."""

    field: KnowledgeField
    count: int
    share: float


async def _balance(
    info: Ctx, group_id: str | None = None, network_id: str | None = None
) -> list[ArtefactShare]:
    reader = await info.context.reader()
    async with info.context.read() as conn:
        shares = await artefact_balance(conn, reader, group_id=group_id, network_id=network_id)
    return [
        ArtefactShare(field=s.knowledge_field, count=s.artefacts, share=s.share) for s in shares
    ]


@strawberry.type
class BalanceOfGroup:
    id: strawberry.ID

    # Published artefacts of the group per field of knowledge, zeros included

    @strawberry.field
    async def artefact_balance(
        self, info: Ctx, consistency_token: str | None = None
    ) -> list[ArtefactShare]:
        await info.context.consistent(consistency_token)
        return await _balance(info, group_id=valid_id(self.id))


@strawberry.type
class BalanceOfNetwork:
    id: strawberry.ID

    # Published artefacts of the network per field of knowledge, zeros included

    @strawberry.field
    async def artefact_balance(
        self, info: Ctx, consistency_token: str | None = None
    ) -> list[ArtefactShare]:
        await info.context.consistent(consistency_token)
        return await _balance(info, network_id=valid_id(self.id))

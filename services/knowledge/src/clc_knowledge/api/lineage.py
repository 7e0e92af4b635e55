"""Lineage in the API: an artefact's ancestors (nearest first) and its adaptations in the caller's
tenant as a tree (each node names its parent and depth), with how far each travelled into other
tenants — counts only (``Reach``), never another tenant's rows.

Every artefact in it is read with the caller's visibility: an ancestor the caller may not see
ends the chain (its ``artefact`` is null), an adaptation they may not see is not in the tree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from clc_knowledge.readmodels import commons as commons_queries
from clc_knowledge.readmodels import lineage as lineage_queries

from .base import Ctx
from .commons import DerivedFrom

if TYPE_CHECKING:
    from .artefacts import Artefact

__all__ = ["Lineage", "LineageNode", "Reach", "lineage_of"]

_ARTEFACTS = "clc_knowledge.api.artefacts"
MAX_ANCESTORS = 20


@strawberry.type
class Reach:
    """How far an artefact travelled into other tenants: counts only."""

    tenants: int
    adaptations: int
    uses: int


@strawberry.type
class LineageNode:
    artefact: Annotated[Artefact, strawberry.lazy(_ARTEFACTS)]
    parent_id: strawberry.ID
    depth: int = strawberry.field(description="1: adapted from the artefact asked about")
    elsewhere: Reach | None = strawberry.field(description="Its reach into other tenants")


@strawberry.type
class Lineage:
    ancestors: list[DerivedFrom] = strawberry.field(description="Nearest first")
    adaptations: list[LineageNode] = strawberry.field(description="In this tenant, breadth first")
    elsewhere: Reach | None = strawberry.field(
        description="The artefact's own reach into other tenants"
    )


async def _ancestors(info: Ctx, artefact: Artefact) -> list[DerivedFrom]:
    from .artefacts import derived_from_of, load_artefact

    found: list[DerivedFrom] = []
    step = derived_from_of(artefact.row)
    while step is not None and len(found) < MAX_ANCESTORS:
        found.append(step)
        if step.source_tenant == info.context.tenant_id:
            parent = await load_artefact(info, step.source_id)
            step = None if parent is None else derived_from_of(parent.row)
            continue
        async with info.context.read() as conn:
            rows = await commons_queries.commons_copies(
                conn, [(step.source_tenant, step.source_id)]
            )
        row = rows[0] if rows else None
        step = (
            None
            if row is None or row["derived_from_id"] is None
            else DerivedFrom(
                title=None,
                version=None,
                across_tenants=row["derived_from_tenant"] != info.context.tenant_id,
                source_tenant=row["derived_from_tenant"],
                source_id=row["derived_from_id"],
            )
        )
    return found


async def lineage_of(info: Ctx, artefact: Artefact) -> Lineage:
    from .artefacts import Artefact as ArtefactType

    reader = await info.context.reader()
    async with info.context.read() as conn:
        rows = await lineage_queries.adaptations_of(conn, reader, artefact.id)
        reach = await commons_queries.reach_of(
            conn, artefact.tenant_id, [artefact.id, *(r["artefact_id"] for r in rows)]
        )

    def reach_for(artefact_id: str) -> Reach | None:
        counts = reach.get(artefact_id)
        return (
            None
            if counts is None
            else Reach(tenants=counts[0], adaptations=counts[1], uses=counts[2])
        )

    nodes = [
        LineageNode(
            artefact=ArtefactType.of(r),
            parent_id=strawberry.ID(r["parent_id"]),
            depth=r["depth"],
            elsewhere=reach_for(r["artefact_id"]),
        )
        for r in rows
    ]
    return Lineage(
        ancestors=await _ancestors(info, artefact),
        adaptations=nodes,
        elsewhere=reach_for(artefact.id),
    )

"""What networks share with partner networks of other tenants (``Network.partnerWork``,
``Network.sharedWithPartners``): distinct types, not entities of the reader's tenant — a partner's
enquiry is a ``PartnerEnquiry``, never an ``Enquiry`` a reader could resolve by id. Who reads is
``domain.partner_visibility`` (in SQL: ``readmodels.partner_views.partner_reader_sql``); a reader
who may not gets an empty list, an empty page and null, as if nothing were shared.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from servicekit.pagination import Connection, page_size

from clc_enquiry.domain import TENANT_ADMIN
from clc_enquiry.readmodels import partner_views
from clc_enquiry.readmodels.partner_views import Reader

from .base import Ctx, page, time_id_after
from .enums import Approach, Depth, EnquiryStatus, LevelOfLearning, Phase

if TYPE_CHECKING:
    from .refs import LearningMatrixCell

__all__ = [
    "PartnerEnquiry",
    "PartnerFindings",
    "PartnerNetworkWork",
    "load_own_work",
    "load_partner_work",
]


@strawberry.type
class PartnerFindings:
    """Findings a partner network's group shared (title and summary; no contributors)."""

    id: strawberry.ID
    title: str
    summary: str
    levels: list[LevelOfLearning]
    shared_at: datetime


@strawberry.type
class PartnerEnquiry:
    """An enquiry a network marked "shared with partner networks": its board entry only."""

    id: strawberry.ID
    title: str
    question: str
    approach: Approach
    levels: list[LevelOfLearning]
    status: EnquiryStatus
    phase: Phase | None
    cycles_completed: int
    shared_at: datetime
    tenant_id: strawberry.Private[str]
    reader: strawberry.Private[Reader]

    @classmethod
    def of(cls, row: Any, reader: Reader) -> PartnerEnquiry:
        return cls(
            id=strawberry.ID(row["enquiry_id"]),
            title=row["title"],
            question=row["question"],
            approach=Approach(row["approach"]),
            levels=[LevelOfLearning(v) for v in row["levels"]],
            status=EnquiryStatus(row["status"]),
            phase=Phase(row["phase"]) if row["phase"] else None,
            cycles_completed=row["cycles_completed"],
            shared_at=row["shared_at"],
            tenant_id=row["tenant_id"],
            reader=reader,
        )

    # the findings its group shared, in the order they were shared

    @strawberry.field
    async def findings(self, info: Ctx) -> list[PartnerFindings]:
        async with info.context.read() as conn:
            rows = await partner_views.partner_findings(
                conn, self.reader, self.tenant_id, [str(self.id)]
            )
        return [
            PartnerFindings(
                id=strawberry.ID(r["entry_id"]),
                title=r["title"],
                summary=r["summary"],
                levels=[LevelOfLearning(v) for v in r["levels"]],
                shared_at=r["shared_at"],
            )
            for r in rows
        ]


@strawberry.type
class PartnerNetworkWork:
    """What one network shares with its partner networks."""

    tenant_id: strawberry.ID
    network_id: strawberry.ID
    reader: strawberry.Private[Reader]

    # its enquiries marked "shared with partner networks", most recently shared first

    @strawberry.field
    async def enquiries(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[PartnerEnquiry]:
        size = page_size(first)
        async with info.context.read() as conn:
            rows = await partner_views.partner_enquiries(
                conn,
                self.reader,
                self.tenant_id,
                self.network_id,
                after=time_id_after(after),
                first=size,
            )
        return page(rows, size, lambda row: PartnerEnquiry.of(row, self.reader))

    # validated learning claims by level x depth, zeros included

    @strawberry.field
    async def learning_matrix(
        self, info: Ctx
    ) -> list[Annotated[LearningMatrixCell, strawberry.lazy("clc_enquiry.api.refs")]]:
        from .refs import LearningMatrixCell

        async with info.context.read() as conn:
            counted = await partner_views.partner_matrix(
                conn, self.reader, self.tenant_id, self.network_id
            )
        return [
            LearningMatrixCell(level=level, depth=depth, count=counted.get((level, depth), 0))
            for level in LevelOfLearning
            for depth in Depth
        ]


async def _reader(info: Ctx) -> Reader:
    ctx = info.context
    async with ctx.read() as conn:
        networks = await partner_views.reader_networks(conn, ctx.tenant_id, ctx.person_id)
    return ctx.tenant_id, ctx.principal.has_role(TENANT_ADMIN), networks


async def load_partner_work(info: Ctx, network_id: str) -> list[PartnerNetworkWork]:
    """The work each active partner of the caller's network shares, if the caller may read it
    (its people and the tenant's admins); nothing otherwise."""
    reader = await _reader(info)
    tenant, admin, networks = reader
    if not (admin or network_id in networks):
        return []
    async with info.context.read() as conn:
        partners = await partner_views.partners_of(conn, tenant, network_id)
    return [
        PartnerNetworkWork(tenant_id=strawberry.ID(t), network_id=strawberry.ID(n), reader=reader)
        for t, n in partners
    ]


async def load_own_work(info: Ctx, network_id: str) -> PartnerNetworkWork | None:
    """What the caller's network shows its partners (its people and the tenant's admins)."""
    reader = await _reader(info)
    tenant, admin, networks = reader
    if not (admin or network_id in networks):
        return None
    return PartnerNetworkWork(
        tenant_id=strawberry.ID(tenant), network_id=strawberry.ID(network_id), reader=reader
    )

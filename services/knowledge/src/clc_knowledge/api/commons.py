"""The commons in the API: ``CommonsArtefact``, a distinct type for what a tenant published to
every tenant — a copy, never a ``@key`` entity of the reader's tenant — and ``DerivedFrom``, where
an adaptation came from (an artefact of the reader's tenant, or a commons copy, or a source
since withdrawn from the commons).

A commons artefact's ``id`` is opaque (it encodes which tenant's artefact it is); ``mine`` says
whether the caller's tenant published it, and then ``artefact`` is the original, read with the
caller's visibility like any other.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from servicekit.pagination import Connection, connection, page_size

from clc_knowledge.application import commons_id
from clc_knowledge.application.facts import parse_commons_id
from clc_knowledge.readmodels import commons as commons_queries
from clc_knowledge.readmodels import pages

from .base import Ctx, time_id_after
from .enums import ArtefactKind, KnowledgeField, LevelOfLearning

if TYPE_CHECKING:
    from .artefacts import Artefact, Citation, Link

__all__ = ["CommonsArtefact", "DerivedFrom", "commons_list", "load_commons"]

_ARTEFACTS = "clc_knowledge.api.artefacts"
ArtefactRef = Annotated["Artefact", strawberry.lazy(_ARTEFACTS)]


@strawberry.type
class CommonsArtefact:
    """An artefact as published to the commons: exactly what every tenant sees."""

    id: strawberry.ID
    kind: ArtefactKind
    knowledge_field: KnowledgeField
    levels: list[LevelOfLearning]
    title: str
    summary: str | None
    body: str = strawberry.field(description="Markdown")
    links: list[Annotated[Link, strawberry.lazy(_ARTEFACTS)]]
    citations: list[Annotated[Citation, strawberry.lazy(_ARTEFACTS)]]
    version: int
    attribution: str
    published_at: datetime
    source_tenant: strawberry.Private[str]
    source_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: Any) -> CommonsArtefact:
        from .artefacts import citations_of, links_of

        return cls(
            id=strawberry.ID(commons_id(row["tenant_id"], row["artefact_id"])),
            kind=ArtefactKind(row["kind"]),
            knowledge_field=KnowledgeField(row["knowledge_field"]),
            levels=[LevelOfLearning(v) for v in row["levels"]],
            title=row["title"],
            summary=row["summary"],
            body=row["body"],
            links=links_of(row["links"]),
            citations=citations_of(row["citations"]),
            version=row["version"],
            attribution=row["attribution"],
            published_at=row["published_at"],
            source_tenant=row["tenant_id"],
            source_id=row["artefact_id"],
        )

    # Published by the caller's own tenant

    @strawberry.field
    def mine(self, info: Ctx) -> bool:
        return self.source_tenant == info.context.tenant_id

    # The original, when the caller's tenant published it

    @strawberry.field
    async def artefact(self, info: Ctx) -> ArtefactRef | None:
        from .artefacts import load_artefact

        if self.source_tenant != info.context.tenant_id:
            return None
        return await load_artefact(info, self.source_id)


async def load_commons(info: Ctx, tenant_id: str, artefact_id: str) -> CommonsArtefact | None:
    async with info.context.read() as conn:
        rows = await commons_queries.commons_copies(conn, [(tenant_id, artefact_id)])
    return CommonsArtefact.of(rows[0]) if rows else None


async def load_commons_by_id(info: Ctx, commons: str) -> CommonsArtefact | None:
    """By its opaque id; an id that is none finds nothing."""
    try:
        tenant, artefact = parse_commons_id(commons)
    except Exception:  # not a commons id: nothing, like any unknown id
        return None
    return await load_commons(info, tenant, artefact)


async def commons_list(
    info: Ctx, first: int | None, after: str | None
) -> Connection[CommonsArtefact]:
    size = page_size(first)
    async with info.context.read() as conn:
        rows = await pages.commons_page(conn, after=time_id_after(after), first=size)
    return connection(rows, size, "page_key", CommonsArtefact.of)


@strawberry.type
class DerivedFrom:
    """Where an adaptation came from, as it was when adapted (title, version) and as it is."""

    title: str | None = strawberry.field(description="As when adapted (null if not known)")
    version: int | None
    across_tenants: bool = strawberry.field(description="Another tenant's work")
    source_tenant: strawberry.Private[str]
    source_id: strawberry.Private[str]

    # The source, if it is the caller's tenant's and visible

    @strawberry.field
    async def artefact(self, info: Ctx) -> ArtefactRef | None:
        from .artefacts import load_artefact

        if self.source_tenant != info.context.tenant_id:
            return None
        return await load_artefact(info, self.source_id)

    # The source's commons copy, while it is in the commons

    @strawberry.field
    async def commons(self, info: Ctx) -> CommonsArtefact | None:
        return await load_commons(info, self.source_tenant, self.source_id)

    # The source was withdrawn from the commons: this copy remains

    @strawberry.field
    async def source_withdrawn(self, info: Ctx) -> bool:
        if not self.across_tenants:
            return False
        async with info.context.read() as conn:
            return await commons_queries.commons_withdrawn(conn, self.source_tenant, self.source_id)

"""The groups (and enquiry) services' entities, extended here: ``Practitioner`` (what they
contributed), ``LearningGroup`` and ``Network`` (their artefacts), ``Enquiry`` (the artefacts
drawn from it).

Each is declared with the same key as in its owner and only the fields this service adds; a
gateway resolves the rest from the owner. Every list is filtered by the caller's visibility and
takes the consistency token.
"""

from __future__ import annotations

import strawberry
from servicekit.pagination import Connection, connection, page_size

from clc_knowledge.readmodels.pages import ArtefactsOf, artefacts_of

from .artefacts import Artefact
from .base import Ctx, time_id_after

__all__ = ["Enquiry", "LearningGroup", "Network", "Practitioner", "artefacts_page"]


async def artefacts_page(
    info: Ctx,
    of: ArtefactsOf,
    key: str,
    first: int | None,
    after: str | None,
    consistency_token: str | None,
) -> Connection[Artefact]:
    await info.context.consistent(consistency_token)
    size = page_size(first)
    reader = await info.context.reader()
    async with info.context.read() as conn:
        rows = await artefacts_of(conn, reader, of, key, after=time_id_after(after), first=size)
    return connection(rows, size, "page_key", Artefact.of)


@strawberry.federation.type(keys=["id"], description="A practitioner (owned by groups)")
class Practitioner:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Practitioner:
        return cls(id=id)

    # What they contributed to, that the caller may see; most recently drafted first

    @strawberry.field
    async def contributed_artefacts(
        self,
        info: Ctx,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[Artefact]:
        return await artefacts_page(
            info, ArtefactsOf.CONTRIBUTOR, self.id, first, after, consistency_token
        )


@strawberry.federation.type(keys=["id"], description="A learning group (owned by groups)")
class LearningGroup:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> LearningGroup:
        return cls(id=id)

    # The group's artefacts the caller may see, most recently drafted first

    @strawberry.field
    async def artefacts(
        self,
        info: Ctx,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[Artefact]:
        return await artefacts_page(
            info, ArtefactsOf.GROUP, self.id, first, after, consistency_token
        )


@strawberry.federation.type(keys=["id"], description="A network of schools (owned by groups)")
class Network:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Network:
        return cls(id=id)

    # The network's artefacts the caller may see, most recently drafted first

    @strawberry.field
    async def artefacts(
        self,
        info: Ctx,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[Artefact]:
        return await artefacts_page(
            info, ArtefactsOf.NETWORK, self.id, first, after, consistency_token
        )


@strawberry.federation.type(keys=["id"], description="An enquiry (owned by enquiry)")
class Enquiry:
    id: strawberry.ID

    @classmethod
    def resolve_reference(cls, id: strawberry.ID) -> Enquiry:
        return cls(id=id)

    # The artefacts drawn from the enquiry (its shared findings) that the caller may see

    @strawberry.field
    async def artefacts(
        self,
        info: Ctx,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[Artefact]:
        return await artefacts_page(
            info, ArtefactsOf.ENQUIRY, self.id, first, after, consistency_token
        )

"""The ``Toolkit`` entity, its mutations and queries, and the ``toolkits`` of a learning group and
a network (``ToolkitsOfGroup``/``ToolkitsOfNetwork``, mixed into ``refs``' entity types).

A toolkit is read through the request's loader, filtered by tenant and visibility like an
artefact; its ``artefacts`` are loaded one by one through the artefact loader, so one the reader
may not see is left out (the order of the rest is kept).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from servicekit.pagination import Connection, connection, decode_cursor, page_size

from clc_knowledge.readmodels import toolkit_queries

from .artefacts import Artefact, load_artefact, practitioner
from .base import Ctx, canonical, valid_id
from .context import ENTITY_KEYS
from .enums import Visibility
from .payloads import Payload, run

if TYPE_CHECKING:
    from .refs import LearningGroup, Network, Practitioner

__all__ = [
    "Toolkit",
    "ToolkitMutations",
    "ToolkitPayload",
    "ToolkitQueries",
    "ToolkitsOfGroup",
    "ToolkitsOfNetwork",
]

_REFS = "clc_knowledge.api.refs"
ENTITY_KEYS["toolkit"] = (toolkit_queries.toolkits_by_id, "toolkit_id")
ID = strawberry.ID


async def load_toolkit(info: Ctx, toolkit_id: str, *, fresh: bool = False) -> Toolkit | None:
    row = await info.context.row("toolkit", canonical(toolkit_id), fresh=fresh)
    return None if row is None else Toolkit.of(row)


@strawberry.type
class ToolkitAdoption:
    """A learning group took the toolkit up (a use of each of its artefacts was recorded)."""

    adopted_at: datetime
    note: str | None
    group_id: strawberry.Private[str]
    adopter_id: strawberry.Private[str]

    @strawberry.field
    def group(self) -> Annotated[LearningGroup, strawberry.lazy(_REFS)]:
        from .refs import LearningGroup

        return LearningGroup(id=ID(self.group_id))

    @strawberry.field
    def adopted_by(self) -> Annotated[Practitioner, strawberry.lazy(_REFS)]:
        return practitioner(self.adopter_id)


@strawberry.federation.type(keys=["id"])
class Toolkit:
    """An ordered, curated set of artefacts for a purpose; published ones are adopted by groups."""

    id: strawberry.ID
    title: str
    purpose: str
    published: bool
    visibility: Visibility
    adoption_count: int
    created_at: datetime
    published_at: datetime | None
    artefact_ids: strawberry.Private[list[str]]
    curator_ids: strawberry.Private[list[str]]
    group_id: strawberry.Private[str | None]
    network_id: strawberry.Private[str | None]
    tenant_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: Any) -> Toolkit:
        return cls(
            id=ID(row["toolkit_id"]),
            title=row["title"],
            purpose=row["purpose"],
            published=row["status"] == "published",
            visibility=Visibility(row["visibility"]),
            adoption_count=row["adoptions"],
            created_at=row["created_at"],
            published_at=row["published_at"],
            artefact_ids=list(row["artefact_ids"]),
            curator_ids=list(row["contributor_ids"]),
            group_id=row["group_id"],
            network_id=row["network_id"],
            tenant_id=row["tenant_id"],
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> Toolkit | None:
        return await load_toolkit(info, valid_id(id))

    # Its artefacts in order (those the reader may see)

    @strawberry.field
    async def artefacts(self, info: Ctx) -> list[Artefact]:
        found = [await load_artefact(info, a) for a in self.artefact_ids]
        return [a for a in found if a is not None]

    @strawberry.field
    def curated_by(self) -> list[Annotated[Practitioner, strawberry.lazy(_REFS)]]:
        return [practitioner(p) for p in self.curator_ids]

    @strawberry.field
    def group(self) -> Annotated[LearningGroup, strawberry.lazy(_REFS)] | None:
        from .refs import LearningGroup

        return None if self.group_id is None else LearningGroup(id=ID(self.group_id))

    @strawberry.field
    def network(self) -> Annotated[Network, strawberry.lazy(_REFS)] | None:
        from .refs import Network

        return None if self.network_id is None else Network(id=ID(self.network_id))

    @strawberry.field
    async def adoptions(self, info: Ctx) -> list[ToolkitAdoption]:
        async with info.context.read() as conn:
            rows = await toolkit_queries.toolkit_adoptions(conn, self.tenant_id, self.id)
        return [
            ToolkitAdoption(
                adopted_at=r["adopted_at"],
                note=r["note"],
                group_id=r["group_id"],
                adopter_id=r["adopted_by"],
            )
            for r in rows
        ]


@strawberry.type
class ToolkitPayload(Payload):
    @strawberry.field
    async def toolkit(self, info: Ctx) -> Toolkit | None:
        entity_id = self.ready()
        return None if entity_id is None else await load_toolkit(info, entity_id, fresh=True)


@strawberry.input
class CreateToolkitInput:
    toolkit_id: ID
    title: str
    purpose: str
    group_id: ID | None = None
    school_id: ID | None = None
    network_id: ID | None = None
    visibility: Visibility = Visibility.SCHOOL
    command_id: str | None = None


@strawberry.input
class AddArtefactToToolkitInput:
    toolkit_id: ID
    artefact_id: ID
    position: int | None = strawberry.field(default=None, description="0 is first; null: last")
    command_id: str | None = None


@strawberry.input
class RemoveArtefactFromToolkitInput:
    toolkit_id: ID
    artefact_id: ID
    command_id: str | None = None


@strawberry.input
class ReorderToolkitInput:
    toolkit_id: ID
    artefact_ids: list[ID]
    command_id: str | None = None


@strawberry.input
class PublishToolkitInput:
    toolkit_id: ID
    visibility: Visibility | None = None
    command_id: str | None = None


@strawberry.input
class AdoptToolkitInput:
    toolkit_id: ID
    group_id: ID
    note: str | None = None
    command_id: str | None = None


@strawberry.type
class ToolkitMutations:
    @strawberry.mutation
    async def create_toolkit(self, info: Ctx, input: CreateToolkitInput) -> ToolkitPayload:
        use_case = info.context.commands.toolkits.create
        return await run(info, ToolkitPayload, input.toolkit_id, use_case, input)

    @strawberry.mutation
    async def add_artefact_to_toolkit(
        self, info: Ctx, input: AddArtefactToToolkitInput
    ) -> ToolkitPayload:
        use_case = info.context.commands.toolkits.add_artefact
        return await run(info, ToolkitPayload, input.toolkit_id, use_case, input)

    @strawberry.mutation
    async def remove_artefact_from_toolkit(
        self, info: Ctx, input: RemoveArtefactFromToolkitInput
    ) -> ToolkitPayload:
        use_case = info.context.commands.toolkits.remove_artefact
        return await run(info, ToolkitPayload, input.toolkit_id, use_case, input)

    @strawberry.mutation
    async def reorder_toolkit(self, info: Ctx, input: ReorderToolkitInput) -> ToolkitPayload:
        use_case = info.context.commands.toolkits.reorder
        return await run(info, ToolkitPayload, input.toolkit_id, use_case, input)

    @strawberry.mutation
    async def publish_toolkit(self, info: Ctx, input: PublishToolkitInput) -> ToolkitPayload:
        use_case = info.context.commands.toolkits.publish
        return await run(info, ToolkitPayload, input.toolkit_id, use_case, input)

    @strawberry.mutation
    async def adopt_toolkit(self, info: Ctx, input: AdoptToolkitInput) -> ToolkitPayload:
        use_case = info.context.commands.toolkits.adopt
        return await run(info, ToolkitPayload, input.toolkit_id, use_case, input)


@strawberry.type
class ToolkitQueries:
    # A toolkit the caller may see, by id (null otherwise)

    @strawberry.field
    async def toolkit(
        self, info: Ctx, id: strawberry.ID, consistency_token: str | None = None
    ) -> Toolkit | None:
        await info.context.consistent(consistency_token)
        return await load_toolkit(info, valid_id(id))


async def _page(
    info: Ctx, fetch: Any, scope_id: str, first: int | None, after: str | None
) -> Connection[Toolkit]:
    size = page_size(first)
    reader = await info.context.reader()
    async with info.context.read() as conn:
        rows = await fetch(conn, reader, scope_id, after=decode_cursor(after), limit=size + 1)
    return connection(rows, size, "page_key", Toolkit.of)


@strawberry.type
class ToolkitsOfGroup:
    """``LearningGroup.toolkits`` (mixed into ``refs.LearningGroup``)."""

    id: strawberry.ID

    # The group's own toolkits and those it adopted

    @strawberry.field
    async def toolkits(
        self,
        info: Ctx,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[Toolkit]:
        await info.context.consistent(consistency_token)
        group_id = valid_id(self.id)
        return await _page(info, toolkit_queries.group_toolkits, group_id, first, after)


@strawberry.type
class ToolkitsOfNetwork:
    """``Network.toolkits`` (mixed into ``refs.Network``)."""

    id: strawberry.ID

    # Toolkits placed in the network

    @strawberry.field
    async def toolkits(
        self,
        info: Ctx,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[Toolkit]:
        await info.context.consistent(consistency_token)
        network_id = valid_id(self.id)
        return await _page(info, toolkit_queries.network_toolkits, network_id, first, after)

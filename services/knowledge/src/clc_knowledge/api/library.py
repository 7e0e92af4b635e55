"""``library(query, filters, first, after)``: full-text search over the artefacts the caller may
see, as a Relay connection whose edges carry the rank and a snippet, with facets.

The hits are the caller's own tenant's artefacts (by the visibility rule) and other tenants'
commons copies; a hit from another tenant is a ``LibraryEntry`` whose ``artefact`` is null (it is
not an entity of the caller's tenant, ARCHITECTURE.md "Crossing tenants"), whose ``id`` is the
opaque commons id and whose ``commonsArtefact`` is the copy itself; ``attribution`` says whom it
is from. ``facets`` is computed only when asked for.

The cursor is the position in the ranked list (a search is ranked, not keyed); pages go up to
``MAX_OFFSET`` hits deep. How much of a broad query is ranked and counted is bounded
(``readmodels.library_search``): ``facets.exact`` says whether the counts cover every hit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from graphql import GraphQLError
from servicekit.pagination import PageInfo, decode_cursor, encode_cursor, page_size

from clc_knowledge.application import commons_id
from clc_knowledge.readmodels import library_search
from clc_knowledge.readmodels.library_search import FACET_CAP, LibraryFilters

from .artefacts import Artefact, load_artefact
from .base import Ctx
from .commons import CommonsArtefact, load_commons
from .enums import ArtefactKind, ArtefactStatus, KnowledgeField, LevelOfLearning, Visibility

if TYPE_CHECKING:
    from .refs import Network

__all__ = ["LibraryQueries"]

MAX_OFFSET = 500  # below library_search.CANDIDATES: deeper pages would be empty
_REFS = "clc_knowledge.api.refs"


@strawberry.input(name="LibraryFilter", description="Each list keeps hits with any of its values")
class LibraryFilterInput:
    kinds: list[ArtefactKind] | None = None
    knowledge_fields: list[KnowledgeField] | None = None
    levels: list[LevelOfLearning] | None = None
    visibilities: list[Visibility] | None = None
    network_ids: list[strawberry.ID] | None = None
    statuses: list[ArtefactStatus] | None = strawberry.field(
        default=None, description="Default: published only"
    )

    def plain(self) -> LibraryFilters:
        def values(items: list[Any] | None) -> list[str] | None:
            return None if items is None else [i.value for i in items]

        return LibraryFilters(
            kinds=values(self.kinds),
            knowledge_fields=values(self.knowledge_fields),
            levels=values(self.levels),
            visibilities=values(self.visibilities),
            network_ids=None if self.network_ids is None else [str(n) for n in self.network_ids],
            statuses=["published"] if self.statuses is None else [s.value for s in self.statuses],
        )


@strawberry.type
class LibraryEntry:
    """One artefact found in the library, as much of it as a hit shows."""

    id: strawberry.ID
    kind: ArtefactKind
    knowledge_field: KnowledgeField
    levels: list[LevelOfLearning]
    title: str
    summary: str | None
    status: ArtefactStatus
    visibility: Visibility
    from_other_tenant: bool = strawberry.field(
        description="A commons copy of another tenant's artefact (then artefact is null)"
    )
    attribution: str | None = strawberry.field(description="Whom a commons copy is from")
    tenant_id: strawberry.Private[str]
    artefact_id: strawberry.Private[str]

    # The artefact itself, when it belongs to the caller's tenant
    @strawberry.field
    async def artefact(self, info: Ctx) -> Artefact | None:
        return None if self.from_other_tenant else await load_artefact(info, self.artefact_id)

    # The commons copy, when the hit is another tenant's
    @strawberry.field
    async def commons_artefact(self, info: Ctx) -> CommonsArtefact | None:
        if not self.from_other_tenant:
            return None
        return await load_commons(info, self.tenant_id, self.artefact_id)

    @classmethod
    def of(cls, row: Any) -> LibraryEntry:
        foreign = row["foreign_commons"]
        return cls(
            id=strawberry.ID(
                commons_id(row["tenant_id"], row["artefact_id"]) if foreign else row["artefact_id"]
            ),
            kind=ArtefactKind(row["kind"]),
            knowledge_field=KnowledgeField(row["knowledge_field"]),
            levels=[LevelOfLearning(v) for v in row["levels"]],
            title=row["title"],
            summary=row["summary"],
            status=ArtefactStatus(row["status"]),
            visibility=Visibility(row["visibility"]),
            from_other_tenant=foreign,
            attribution=row["attribution"],
            tenant_id=row["tenant_id"],
            artefact_id=row["artefact_id"],
        )


@strawberry.type
class LibraryEdge:
    cursor: str
    node: LibraryEntry
    rank: float = strawberry.field(description="Relevance; title hits weigh most (0 browsing)")
    snippet: str | None = strawberry.field(
        description="Where the words matched, marked **like this** (Markdown); null browsing"
    )


@strawberry.type
class KindCount:
    kind: ArtefactKind
    count: int


@strawberry.type
class KnowledgeFieldCount:
    knowledge_field: KnowledgeField
    count: int


@strawberry.type
class LevelCount:
    level: LevelOfLearning
    count: int


@strawberry.type
class VisibilityCount:
    visibility: Visibility
    count: int


@strawberry.type
class NetworkCount:
    network: Annotated[Network, strawberry.lazy(_REFS)]
    count: int


@strawberry.type(description="Counts over the hits the caller may see (not only this page)")
class LibraryFacets:
    total: int
    exact: bool = strawberry.field(
        description="False when the query has more hits than are counted (then a sample's)"
    )
    kinds: list[KindCount]
    knowledge_fields: list[KnowledgeFieldCount]
    levels: list[LevelCount]
    visibilities: list[VisibilityCount]
    networks: list[NetworkCount]


@dataclass(frozen=True)
class _Search:
    text: str | None
    filters: LibraryFilters


def _facets(counted: dict[str, list[tuple[str, int]]]) -> LibraryFacets:
    from .refs import Network

    total = sum(n for _, n in counted["kind"])
    return LibraryFacets(
        total=total,
        exact=total < FACET_CAP,
        kinds=[KindCount(kind=ArtefactKind(v), count=n) for v, n in counted["kind"]],
        knowledge_fields=[
            KnowledgeFieldCount(knowledge_field=KnowledgeField(v), count=n)
            for v, n in counted["field"]
        ],
        levels=[LevelCount(level=LevelOfLearning(v), count=n) for v, n in counted["level"]],
        visibilities=[
            VisibilityCount(visibility=Visibility(v), count=n) for v, n in counted["visibility"]
        ],
        networks=[
            NetworkCount(network=Network(id=strawberry.ID(v)), count=n)
            for v, n in counted["network"]
        ],
    )


@strawberry.type
class LibraryConnection:
    edges: list[LibraryEdge]
    page_info: PageInfo
    search: strawberry.Private[_Search]

    @strawberry.field
    async def facets(self, info: Ctx) -> LibraryFacets:
        reader = await info.context.reader()
        async with info.context.read() as conn:
            counted = await library_search.facets(
                conn, reader, self.search.text, self.search.filters
            )
        return _facets(counted)


def _offset(after: str | None) -> int:
    key = decode_cursor(after)
    if key is None:
        return 0
    if not key.isdigit() or int(key) > MAX_OFFSET:
        raise GraphQLError("not a valid cursor", extensions={"code": "BAD_CURSOR"})
    return int(key)


async def _library(
    info: Ctx,
    query: str | None = None,
    filters: LibraryFilterInput | None = None,
    first: int | None = 20,
    after: str | None = None,
    consistency_token: str | None = None,
) -> LibraryConnection:
    await info.context.consistent(consistency_token)
    size, offset = page_size(first), _offset(after)
    search = _Search(query, filters.plain() if filters else LibraryFilters())
    reader = await info.context.reader()
    async with info.context.read() as conn:
        rows = await library_search.search(
            conn, reader, search.text, search.filters, limit=size + 1, offset=offset
        )
    edges = [
        LibraryEdge(
            cursor=encode_cursor(str(offset + i + 1)),
            node=LibraryEntry.of(row),
            rank=row["rank"],
            snippet=row["snippet"],
        )
        for i, row in enumerate(rows[:size])
    ]
    page = PageInfo(
        has_next_page=len(rows) > size and offset + size < MAX_OFFSET,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return LibraryConnection(edges=edges, page_info=page, search=search)


@strawberry.type
class LibraryQueries:
    library: LibraryConnection = strawberry.field(
        resolver=_library,
        description='Full-text search (english stemming; "phrases", or, -not; the last word '
        "also as a prefix) over the artefacts you may see and the commons",
    )

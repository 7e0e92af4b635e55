"""The ``Artefact`` entity and what hangs off it: versions, links, citations, provenance.

An artefact is read through the request's loader, which filters by tenant and visibility: one the
caller may not see is ``null``, exactly like one that does not exist. People are references
(``draftedBy``, ``contributedBy``) resolved by the groups service; places (``group``,
``network``) are the groups service's entities.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from graphql import GraphQLError
from servicekit.pagination import Connection, connection, decode_cursor, page_size

from clc_knowledge.readmodels import pages, queries

from .attachments_field import ATTACHMENTS
from .base import Ctx, canonical, time_id_after, valid_id
from .commons import CommonsArtefact, DerivedFrom, load_commons
from .enums import (
    ArtefactKind,
    ArtefactStatus,
    KnowledgeField,
    LevelOfLearning,
    ProvenanceKind,
    UseContext,
    Visibility,
)

if TYPE_CHECKING:
    from .lineage import Lineage
    from .refs import Enquiry, LearningGroup, Network, Practitioner

__all__ = [
    "Artefact",
    "ArtefactUse",
    "ArtefactVersion",
    "Citation",
    "Link",
    "Provenance",
    "citations_of",
    "derived_from_of",
    "links_of",
    "load_artefact",
]

_REFS = "clc_knowledge.api.refs"
PractitionerRef = Annotated["Practitioner", strawberry.lazy(_REFS)]


def practitioner(person_id: str) -> Practitioner:
    from .refs import Practitioner  # the groups' entities list artefacts: imported late

    return Practitioner(id=strawberry.ID(person_id))


async def load_artefact(info: Ctx, artefact_id: str, *, fresh: bool = False) -> Artefact | None:
    """The artefact with this id, if the caller may see it."""
    row = await info.context.row("artefact", canonical(artefact_id), fresh=fresh)
    return None if row is None else Artefact.of(row)


@strawberry.type
class Link:
    url: str
    label: str | None


@strawberry.type
class Citation:
    """A source the artefact draws on, as written, with where to find it if known."""

    text: str
    url: str | None


@strawberry.type
class Provenance:
    """What co-constructed knowledge came out of: an enquiry or a learning group (by id)."""

    kind: ProvenanceKind
    id: strawberry.ID


def derived_from_of(row: Any) -> DerivedFrom | None:
    """Where the artefact of ``row`` was adapted from, if it is an adaptation."""
    if row["derived_from_id"] is None:
        return None
    return DerivedFrom(
        title=row["derived_from_title"],
        version=row["derived_from_version"],
        across_tenants=row["across_tenants"],
        source_tenant=row["derived_from_tenant"],
        source_id=row["derived_from_id"],
    )


def links_of(raw: Any) -> list[Link]:
    items = json.loads(raw) if isinstance(raw, str) else raw
    return [Link(url=i["url"], label=i.get("label")) for i in items]


def citations_of(raw: Any) -> list[Citation]:
    items = json.loads(raw) if isinstance(raw, str) else raw
    return [Citation(text=i["text"], url=i.get("url")) for i in items]


@strawberry.type
class ArtefactVersion:
    """One version of an artefact, as it was written; versions are never overwritten."""

    version: int
    title: str
    summary: str | None
    body: str
    levels: list[LevelOfLearning]
    links: list[Link]
    citations: list[Citation]
    change_note: str | None
    recorded_at: datetime
    reviser_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: Any) -> ArtefactVersion:
        return cls(
            version=row["version"],
            title=row["title"],
            summary=row["summary"],
            body=row["body"],
            levels=[LevelOfLearning(v) for v in row["levels"]],
            links=links_of(row["links"]),
            citations=citations_of(row["citations"]),
            change_note=row["change_note"],
            recorded_at=row["recorded_at"],
            reviser_id=row["revised_by"],
        )

    @strawberry.field
    def revised_by(self) -> PractitionerRef:
        return practitioner(self.reviser_id)


def _version_after(cursor: str | None) -> int | None:
    key = decode_cursor(cursor)
    if key is None:
        return None
    if not key.isdigit() or len(key) > 9:
        raise GraphQLError("not a valid cursor", extensions={"code": "BAD_CURSOR"})
    return int(key)


@strawberry.federation.type(keys=["id"])
class Artefact:
    """A unit of shared knowledge: its current version, audience, provenance and travels."""

    id: strawberry.ID
    kind: ArtefactKind
    knowledge_field: KnowledgeField
    levels: list[LevelOfLearning]
    title: str
    summary: str | None
    body: str = strawberry.field(description="Markdown")
    links: list[Link]
    citations: list[Citation]
    version: int
    status: ArtefactStatus
    visibility: Visibility = strawberry.field(
        description="Who may read it; COMMONS while it is published to every tenant"
    )
    in_commons: bool
    provenance: Provenance | None
    best_practice: bool
    endorsements: int
    peer_endorsements: int
    uses: int
    drafted_at: datetime
    published_at: datetime | None
    updated_at: datetime
    drafter_id: strawberry.Private[str]
    contributor_ids: strawberry.Private[list[str]]
    group_id: strawberry.Private[str | None]
    network_id: strawberry.Private[str | None]
    tenant_id: strawberry.Private[str]
    row: strawberry.Private[Any]
    attachments = ATTACHMENTS

    @classmethod
    def of(cls, row: Any) -> Artefact:
        provenance = (
            Provenance(kind=ProvenanceKind(row["provenance_kind"]), id=row["provenance_id"])
            if row["provenance_kind"]
            else None
        )
        return cls(
            id=strawberry.ID(row["artefact_id"]),
            kind=ArtefactKind(row["kind"]),
            knowledge_field=KnowledgeField(row["knowledge_field"]),
            levels=[LevelOfLearning(v) for v in row["levels"]],
            title=row["title"],
            summary=row["summary"],
            body=row["body"],
            links=links_of(row["links"]),
            citations=citations_of(row["citations"]),
            version=row["version"],
            status=ArtefactStatus(row["status"]),
            visibility=Visibility.COMMONS if row["in_commons"] else Visibility(row["visibility"]),
            in_commons=row["in_commons"],
            provenance=provenance,
            best_practice=row["best_practice"],
            endorsements=row["endorsements"],
            peer_endorsements=row["peer_endorsements"],
            uses=row["uses"],
            drafted_at=row["drafted_at"],
            published_at=row["published_at"],
            updated_at=row["updated_at"],
            drafter_id=row["drafted_by"],
            contributor_ids=list(row["contributor_ids"]),
            group_id=row["group_id"],
            network_id=row["network_id"],
            tenant_id=row["tenant_id"],
            row=row,
        )

    @classmethod
    async def resolve_reference(cls, info: Ctx, id: strawberry.ID) -> Artefact | None:
        return await load_artefact(info, valid_id(id))

    @strawberry.field
    def drafted_by(self) -> PractitionerRef:
        return practitioner(self.drafter_id)

    @strawberry.field
    def contributed_by(self) -> list[PractitionerRef]:
        return [practitioner(p) for p in self.contributor_ids]

    @strawberry.field
    def group(self) -> Annotated[LearningGroup, strawberry.lazy(_REFS)] | None:
        from .refs import LearningGroup

        return None if self.group_id is None else LearningGroup(id=strawberry.ID(self.group_id))

    @strawberry.field
    def network(self) -> Annotated[Network, strawberry.lazy(_REFS)] | None:
        from .refs import Network

        return None if self.network_id is None else Network(id=strawberry.ID(self.network_id))

    # Every version, newest first

    @strawberry.field
    async def versions(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[ArtefactVersion]:
        size = page_size(first)
        async with info.context.read() as conn:
            rows = await queries.artefact_versions(
                conn, self.tenant_id, self.id, before=_version_after(after), limit=size + 1
            )
        return connection(rows, size, "page_key", ArtefactVersion.of)

    # Where this adaptation came from (null if not an adaptation)

    @strawberry.field
    def derived_from(self) -> DerivedFrom | None:
        return derived_from_of(self.row)

    # Exactly what every tenant would see if it were published to the commons now with this
    # attribution: the copy strips nothing silently (attachments stay in the tenant)

    @strawberry.field
    def commons_preview(self, attribution: str) -> CommonsArtefact:
        return CommonsArtefact.of({**dict(self.row), "attribution": attribution,
                                   "published_at": self.updated_at})  # fmt: skip

    # Its copy in the commons, while it is there

    @strawberry.field
    async def commons_copy(self, info: Ctx) -> CommonsArtefact | None:
        return await load_commons(info, self.tenant_id, self.id) if self.in_commons else None

    # Where it was used, newest first

    @strawberry.field
    async def recorded_uses(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[ArtefactUse]:
        size = page_size(first)
        async with info.context.read() as conn:
            rows = await pages.uses_page(
                conn, self.tenant_id, self.id, after=time_id_after(after), first=size
            )
        return connection(rows, size, "page_key", ArtefactUse.of)

    # Where it came from and where it travelled, with each use

    @strawberry.field
    async def lineage(self, info: Ctx) -> Annotated[Lineage, strawberry.lazy(_LINEAGE)]:
        from .lineage import lineage_of

        return await lineage_of(info, self)


_LINEAGE = "clc_knowledge.api.lineage"


@strawberry.type
class ArtefactUse:
    """One recorded use: "used in session X of group Y", "used in enquiry Z"."""

    id: strawberry.ID
    context: UseContext
    session_id: strawberry.ID | None
    used_on: date | None
    note: str | None
    recorded_at: datetime
    group_id: strawberry.Private[str | None]
    enquiry_id: strawberry.Private[str | None]
    recorder_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: Any) -> ArtefactUse:
        return cls(
            id=strawberry.ID(row["use_id"]),
            context=UseContext(row["context"]),
            session_id=row["session_id"],
            used_on=row["used_on"],
            note=row["note"],
            recorded_at=row["recorded_at"],
            group_id=row["group_id"],
            enquiry_id=row["enquiry_id"],
            recorder_id=row["recorded_by"],
        )

    @strawberry.field
    def group(self) -> Annotated[LearningGroup, strawberry.lazy(_REFS)] | None:
        from .refs import LearningGroup

        return None if self.group_id is None else LearningGroup(id=strawberry.ID(self.group_id))

    @strawberry.field
    def enquiry(self) -> Annotated[Enquiry, strawberry.lazy(_REFS)] | None:
        from .refs import Enquiry

        return None if self.enquiry_id is None else Enquiry(id=strawberry.ID(self.enquiry_id))

    @strawberry.field
    def recorded_by(self) -> PractitionerRef:
        return practitioner(self.recorder_id)

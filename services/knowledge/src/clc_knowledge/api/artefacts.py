"""The ``Artefact`` entity and what hangs off it: versions, links, citations, provenance.

An artefact is read through the request's loader, which filters by tenant and visibility: one the
caller may not see is ``null``, exactly like one that does not exist. People are references
(``draftedBy``, ``contributedBy``) resolved by the groups service; places (``group``,
``network``) are the groups service's entities.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from graphql import GraphQLError
from servicekit.pagination import Connection, connection, decode_cursor, page_size

from clc_knowledge.readmodels import queries

from .attachments_field import ATTACHMENTS
from .base import Ctx, canonical, valid_id
from .enums import (
    ArtefactKind,
    ArtefactStatus,
    KnowledgeField,
    LevelOfLearning,
    ProvenanceKind,
    Visibility,
)

if TYPE_CHECKING:
    from .refs import LearningGroup, Network, Practitioner

__all__ = ["Artefact", "ArtefactVersion", "Citation", "Link", "Provenance", "load_artefact"]

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


def _links(raw: Any) -> list[Link]:
    items = json.loads(raw) if isinstance(raw, str) else raw
    return [Link(url=i["url"], label=i.get("label")) for i in items]


def _citations(raw: Any) -> list[Citation]:
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
            links=_links(row["links"]),
            citations=_citations(row["citations"]),
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
            links=_links(row["links"]),
            citations=_citations(row["citations"]),
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

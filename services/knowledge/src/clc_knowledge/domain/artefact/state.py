"""What an artefact remembers of its events, and how each event changes it (``evolve``).

The state keeps only what ``decide`` needs: status, the fixed facts (kind, field, provenance,
place, origin schools), the current version's content (to refuse a revision that changes nothing
and to copy into the commons), contributors, audience, the commons flag, endorsements, recorded
use ids and attachments. Earlier versions live in the stream and the read models, not here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from clc_knowledge.domain.values import (
    ArtefactKind,
    ArtefactRef,
    ArtefactStatus,
    Citation,
    KnowledgeField,
    LevelOfLearning,
    Link,
    Provenance,
    Visibility,
)
from clc_knowledge.domain.visibility import ArtefactAudience

from .events import (
    ArtefactAdapted,
    ArtefactClaimedAsBestPractice,
    ArtefactDrafted,
    ArtefactEndorsed,
    ArtefactEvent,
    ArtefactPublished,
    ArtefactPublishedToCommons,
    ArtefactRetired,
    ArtefactRevised,
    ArtefactUseRecorded,
    ArtefactVisibilityChanged,
    ArtefactWithdrawnFromCommons,
    AttachmentAdded,
    AttachmentRemoved,
)

__all__ = ["ArtefactState", "Content", "evolve"]


@dataclass(frozen=True)
class Content:
    """One version's text."""

    title: str
    summary: str | None
    body: str
    levels: tuple[LevelOfLearning, ...]
    links: tuple[Link, ...]
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class ArtefactState:
    artefact_id: str | None = None
    status: ArtefactStatus | None = None  # None: not drafted yet
    kind: ArtefactKind | None = None
    knowledge_field: KnowledgeField | None = None
    version: int = 0
    content: Content | None = None
    contributor_ids: frozenset[str] = frozenset()
    provenance: Provenance | None = None
    derived_from: ArtefactRef | None = None
    commons_origin: ArtefactRef | None = None
    group_id: str | None = None
    school_id: str | None = None
    network_id: str | None = None
    origin_school_ids: frozenset[str] = frozenset()
    visibility: Visibility = Visibility.SCHOOL
    in_commons: bool = False
    endorser_ids: frozenset[str] = frozenset()
    peer_endorsed: bool = False
    best_practice: bool = False
    use_ids: frozenset[str] = frozenset()
    attachment_ids: frozenset[str] = frozenset()  # current ones
    used_attachment_ids: frozenset[str] = frozenset()  # every id ever used

    def audience(self, tenant_id: str) -> ArtefactAudience:
        """What decides who sees it (``domain.visibility``)."""
        return ArtefactAudience(
            tenant_id=tenant_id,
            status=self.status or ArtefactStatus.DRAFT,
            visibility=self.visibility,
            group_id=self.group_id,
            school_id=self.school_id,
            network_id=self.network_id,
            contributor_ids=self.contributor_ids,
            in_commons=self.in_commons,
        )


def _content(event: ArtefactDrafted | ArtefactAdapted | ArtefactRevised) -> Content:
    return Content(
        title=event.title,
        summary=event.summary,
        body=event.body,
        levels=event.levels,
        links=event.links,
        citations=event.citations,
    )


def _created(event: ArtefactDrafted | ArtefactAdapted) -> ArtefactState:
    return ArtefactState(
        artefact_id=event.artefact_id,
        status=ArtefactStatus.DRAFT,
        kind=event.kind,
        knowledge_field=event.knowledge_field,
        version=event.version,
        content=_content(event),
        contributor_ids=frozenset(event.contributor_ids),
        provenance=event.provenance,
        derived_from=event.derived_from if isinstance(event, ArtefactAdapted) else None,
        commons_origin=event.commons_origin if isinstance(event, ArtefactAdapted) else None,
        group_id=event.group_id,
        school_id=event.school_id,
        network_id=event.network_id,
        origin_school_ids=frozenset(event.origin_school_ids),
        visibility=event.visibility,
    )


def evolve(state: ArtefactState, event: ArtefactEvent) -> ArtefactState:
    match event:
        case ArtefactDrafted() | ArtefactAdapted():
            return _created(event)
        case ArtefactRevised():
            return replace(
                state,
                version=event.version,
                content=_content(event),
                contributor_ids=frozenset(event.contributor_ids),
            )
        case ArtefactPublished():
            return replace(state, status=ArtefactStatus.PUBLISHED, visibility=event.visibility)
        case ArtefactVisibilityChanged():
            return replace(state, visibility=event.visibility)
        case ArtefactPublishedToCommons():
            return replace(state, in_commons=True)
        case ArtefactWithdrawnFromCommons():
            return replace(state, in_commons=False)
        case ArtefactEndorsed():
            return replace(
                state,
                endorser_ids=state.endorser_ids | {event.author_id},
                peer_endorsed=state.peer_endorsed or event.peer,
            )
        case ArtefactClaimedAsBestPractice():
            return replace(state, best_practice=True)
        case ArtefactUseRecorded():
            return replace(state, use_ids=state.use_ids | {event.use_id})
        case ArtefactRetired():
            return replace(state, status=ArtefactStatus.RETIRED)
        case AttachmentAdded():
            return replace(
                state,
                attachment_ids=state.attachment_ids | {event.attachment_id},
                used_attachment_ids=state.used_attachment_ids | {event.attachment_id},
            )
        case AttachmentRemoved():
            return replace(state, attachment_ids=state.attachment_ids - {event.attachment_id})
    return state

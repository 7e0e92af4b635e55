"""Creating an artefact: drafting one, or adapting a published one into a new artefact."""

from __future__ import annotations

from typing import TypedDict

from clc_knowledge.domain.errors import ArtefactNotPublished
from clc_knowledge.domain.values import Citation, KnowledgeField, LevelOfLearning, Link

from .commands import AdaptArtefact, DraftArtefact
from .events import ArtefactAdapted, ArtefactDrafted
from .rules import (
    require_co_construction,
    require_in_scope,
    require_source_cited,
    require_visibility_scope,
)

__all__ = ["create"]


def _contributors(command: DraftArtefact | AdaptArtefact) -> tuple[str, ...]:
    return tuple(sorted({command.actor.person_id, *command.contributor_ids}))


def _placed(command: DraftArtefact | AdaptArtefact) -> None:
    require_in_scope(
        command.actor, command.standing, command.group_id, command.school_id, command.network_id
    )
    require_visibility_scope(
        command.visibility, command.group_id, command.school_id, command.network_id
    )


def create(command: DraftArtefact | AdaptArtefact) -> list[ArtefactDrafted | ArtefactAdapted]:
    if isinstance(command, DraftArtefact):
        return [draft(command)]
    return [adapt(command)]


def draft(command: DraftArtefact) -> ArtefactDrafted:
    _placed(command)
    contributors = _contributors(command)
    require_source_cited(command.knowledge_field, command.citations)
    require_co_construction(command.knowledge_field, command.provenance, contributors)
    origin = {*command.contributor_school_ids, command.school_id, command.standing.school_id}
    return ArtefactDrafted(
        artefact_id=command.artefact_id,
        author_id=command.actor.person_id,
        **_content(command),
        kind=command.kind,
        knowledge_field=command.knowledge_field,
        contributor_ids=contributors,
        provenance=command.provenance,
        group_id=command.group_id,
        school_id=command.school_id,
        network_id=command.network_id,
        origin_school_ids=tuple(sorted(s for s in origin if s)),
        visibility=command.visibility,
    )


def adapt(command: AdaptArtefact) -> ArtefactAdapted:
    source = command.source
    if not source.published or source.retired:
        raise ArtefactNotPublished(field="source")
    _placed(command)
    require_source_cited(source.knowledge_field, command.citations)
    if source.knowledge_field is KnowledgeField.CO_CONSTRUCTED and command.provenance is not None:
        require_co_construction(source.knowledge_field, command.provenance, _contributors(command))
    origin = {command.school_id, command.standing.school_id}
    return ArtefactAdapted(
        artefact_id=command.artefact_id,
        author_id=command.actor.person_id,
        **_content(command),
        kind=source.kind,
        knowledge_field=source.knowledge_field,
        contributor_ids=_contributors(command),
        provenance=command.provenance,
        group_id=command.group_id,
        school_id=command.school_id,
        network_id=command.network_id,
        origin_school_ids=tuple(sorted(s for s in origin if s)),
        visibility=command.visibility,
        derived_from=source.ref,
        derived_from_version=source.version,
        derived_from_title=source.title,
        across_tenants=source.across_tenants,
        commons_origin=source.ref if source.across_tenants else source.commons_origin,
    )


class _Content(TypedDict):
    title: str
    summary: str | None
    body: str
    levels: tuple[LevelOfLearning, ...]
    links: tuple[Link, ...]
    citations: tuple[Citation, ...]


def _content(command: DraftArtefact | AdaptArtefact) -> _Content:
    return _Content(
        title=command.title,
        summary=command.summary,
        body=command.body,
        levels=command.levels,
        links=command.links,
        citations=command.citations,
    )

"""The artefact's rules that hold between fields, shared by drafting, adapting and revising."""

from __future__ import annotations

from collections.abc import Sequence

from eventkit.domain import Actor

from clc_knowledge.domain.errors import (
    CoConstructedNeedsProvenance,
    CoConstructedNeedsTwoContributors,
    CommonsOnlyByPublishing,
    NotACommonsPublisher,
    NotAnEditor,
    NotInScope,
    PublicArtefactNeedsCitation,
    VisibilityNeedsScope,
)
from clc_knowledge.domain.standing import Standing, is_tenant_admin
from clc_knowledge.domain.values import Citation, KnowledgeField, Provenance, Visibility

from .state import ArtefactState

__all__ = [
    "require_co_construction",
    "require_commons_publisher",
    "require_editor",
    "require_in_scope",
    "require_source_cited",
    "require_visibility_scope",
]


def require_source_cited(field: KnowledgeField | None, citations: Sequence[Citation]) -> None:
    """A public-field artefact cites at least one source (research, theory, validated practice)."""
    if field is KnowledgeField.PUBLIC and not citations:
        raise PublicArtefactNeedsCitation(field="citations")


def require_co_construction(
    field: KnowledgeField, provenance: Provenance | None, contributor_ids: Sequence[str]
) -> None:
    """Co-constructed knowledge names where it came from and was made by two or more people."""
    if field is not KnowledgeField.CO_CONSTRUCTED:
        return
    if provenance is None:
        raise CoConstructedNeedsProvenance(field="provenance")
    if len(set(contributor_ids)) < 2:
        raise CoConstructedNeedsTwoContributors(field="contributor_ids")


def require_visibility_scope(
    visibility: Visibility, group_id: str | None, school_id: str | None, network_id: str | None
) -> None:
    """An audience inside the tenant names the place it is drawn from; never the commons."""
    if visibility is Visibility.COMMONS:
        raise CommonsOnlyByPublishing(field="visibility")
    needed = {
        Visibility.GROUP: group_id,
        Visibility.SCHOOL: school_id,
        Visibility.NETWORK: network_id,
    }
    if visibility in needed and needed[visibility] is None:
        raise VisibilityNeedsScope(field="visibility")


def require_in_scope(
    actor: Actor,
    standing: Standing,
    group_id: str | None,
    school_id: str | None,
    network_id: str | None,
) -> None:
    """A new artefact is placed in the actor's own group, school and network."""
    if is_tenant_admin(actor) or standing.vouched:
        return
    if group_id is not None and not standing.group_member:
        raise NotInScope(field="group_id")
    if school_id is not None and school_id != standing.school_id:
        raise NotInScope(field="school_id")
    if network_id is not None and not (standing.network_member or standing.network_co_leader):
        raise NotInScope(field="network_id")


def require_editor(actor: Actor, standing: Standing, state: ArtefactState) -> None:
    """Its contributors, the leaders of its group, or a tenant admin change an artefact."""
    if is_tenant_admin(actor) or actor.person_id in state.contributor_ids:
        return
    if state.group_id is not None and standing.group_leader:
        return
    raise NotAnEditor()


def require_commons_publisher(actor: Actor, standing: Standing, state: ArtefactState) -> None:
    """A tenant admin, or a co-leader of the artefact's network, speaks for the tenant."""
    if is_tenant_admin(actor):
        return
    if state.network_id is not None and standing.network_co_leader:
        return
    raise NotACommonsPublisher()

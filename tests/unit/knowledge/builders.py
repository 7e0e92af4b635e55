"""Builders for the artefact's unit tests: actors, standings, commands and histories."""

from __future__ import annotations

from typing import Any

from clc_knowledge.domain import (
    ArtefactDrafted,
    ArtefactPublished,
    ArtefactPublishedToCommons,
    DraftArtefact,
    Standing,
)
from clc_knowledge.domain.values import (
    ArtefactKind,
    Citation,
    KnowledgeField,
    LevelOfLearning,
    Visibility,
)
from eventkit.domain import Actor

TENANT = "tenant-a"
ARTEFACT = "5f0c5a52-38a4-4d4e-9a55-0f6f4a3c1a01"
AUTHOR = "p-author"
GROUP = "g-1"
SCHOOL = "s-1"
NETWORK = "n-1"


def actor(person: str = AUTHOR, *roles: str, tenant: str = TENANT) -> Actor:
    return Actor(tenant_id=tenant, person_id=person, roles=frozenset(roles))


def member(school: str = SCHOOL, **more: bool) -> Standing:
    """A member of the group (and its network) working at ``school``."""
    return Standing(school_id=school, group_member=True, network_member=True, **more)


def draft(**overrides: Any) -> DraftArtefact:
    fields: dict[str, Any] = {
        "actor": actor(),
        "standing": member(),
        "artefact_id": ARTEFACT,
        "kind": ArtefactKind.PROTOCOL,
        "knowledge_field": KnowledgeField.PRACTITIONER,
        "title": "Talking protocol",
        "body": "# Rounds\n\nEveryone speaks once before anyone speaks twice.",
        "levels": (LevelOfLearning.ADULT,),
        "group_id": GROUP,
        "school_id": SCHOOL,
        "network_id": NETWORK,
        "visibility": Visibility.NETWORK,
    }
    fields.update(overrides)
    return DraftArtefact(**fields)


def drafted(**overrides: Any) -> ArtefactDrafted:
    fields: dict[str, Any] = {
        "artefact_id": ARTEFACT,
        "author_id": AUTHOR,
        "kind": ArtefactKind.PROTOCOL,
        "knowledge_field": KnowledgeField.PRACTITIONER,
        "title": "Talking protocol",
        "body": "# Rounds\n\nEveryone speaks once before anyone speaks twice.",
        "levels": (LevelOfLearning.ADULT,),
        "contributor_ids": (AUTHOR,),
        "group_id": GROUP,
        "school_id": SCHOOL,
        "network_id": NETWORK,
        "origin_school_ids": (SCHOOL,),
        "visibility": Visibility.NETWORK,
    }
    fields.update(overrides)
    return ArtefactDrafted(**fields)


def published(
    visibility: Visibility = Visibility.NETWORK, version: int = 1, author: str = AUTHOR
) -> ArtefactPublished:
    return ArtefactPublished(
        artefact_id=ARTEFACT, author_id=author, version=version, visibility=visibility
    )


def in_commons(
    author: str = "p-colead", attribution: str = "Network One"
) -> ArtefactPublishedToCommons:
    """The artefact of ``drafted()`` as published to the commons."""
    return ArtefactPublishedToCommons(
        artefact_id=ARTEFACT,
        author_id=author,
        version=1,
        kind=ArtefactKind.PROTOCOL,
        knowledge_field=KnowledgeField.PRACTITIONER,
        attribution=attribution,
        title="Talking protocol",
        body="# Rounds\n\nEveryone speaks once before anyone speaks twice.",
        levels=(LevelOfLearning.ADULT,),
    )


A_SOURCE = Citation(text="Stoll, L. (2010). Professional learning communities.")

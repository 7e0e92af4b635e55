"""Mutation inputs: one per command, field names as the application layer's keyword arguments.

Ids of artefacts, attachments and uses are UUIDs the client generates. Values are validated by the
domain's command models, not here, so a bad value comes back as a user error naming the field
instead of a GraphQL error (ids are checked first, see ``payloads``). Inputs take ids
(``groupId``); outputs give references (``group``, ``draftedBy``). ``commandId`` makes a retry safe.
"""

from __future__ import annotations

from typing import Any

import strawberry

from .enums import ArtefactKind, KnowledgeField, LevelOfLearning, ProvenanceKind, Visibility

__all__ = [
    "CitationInput",
    "DraftArtefactInput",
    "LinkInput",
    "ProvenanceInput",
    "PublishArtefactInput",
    "as_fields",
]

ID = strawberry.ID


@strawberry.input
class LinkInput:
    url: str
    label: str | None = None


@strawberry.input
class CitationInput:
    text: str
    url: str | None = None


@strawberry.input
class ProvenanceInput:
    kind: ProvenanceKind
    id: ID


@strawberry.input
class DraftArtefactInput:
    artefact_id: ID
    kind: ArtefactKind
    knowledge_field: KnowledgeField
    title: str
    body: str = strawberry.field(description="Markdown")
    levels: list[LevelOfLearning]
    summary: str | None = None
    links: list[LinkInput] = strawberry.field(default_factory=list)
    citations: list[CitationInput] = strawberry.field(default_factory=list)
    provenance: ProvenanceInput | None = None
    group_id: ID | None = None
    school_id: ID | None = None
    network_id: ID | None = None
    visibility: Visibility = Visibility.SCHOOL
    contributor_ids: list[ID] = strawberry.field(default_factory=list)
    command_id: str | None = None


@strawberry.input
class PublishArtefactInput:
    artefact_id: ID
    visibility: Visibility | None = None
    command_id: str | None = None


def as_fields(value: Any) -> Any:
    """An input as the plain values the use cases take: nested inputs as dicts, lists as tuples."""
    if hasattr(value, "__dataclass_fields__"):
        return {k: as_fields(getattr(value, k)) for k in value.__dataclass_fields__}
    if isinstance(value, list):
        return tuple(as_fields(v) for v in value)
    return value

"""Mutation inputs: one per command, field names as the application layer's keyword arguments.

Ids of artefacts, attachments and uses are UUIDs the client generates. Values are validated by the
domain's command models, not here, so a bad value comes back as a user error naming the field
instead of a GraphQL error (ids are checked first, see ``payloads``). Inputs take ids
(``groupId``); outputs give references (``group``, ``draftedBy``). ``commandId`` makes a retry safe.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry

from .enums import (
    ArtefactKind,
    KnowledgeField,
    LevelOfLearning,
    ProvenanceKind,
    UseContext,
    Visibility,
)

__all__ = [
    "AdaptArtefactInput",
    "CitationInput",
    "ClaimBestPracticeInput",
    "DraftArtefactInput",
    "EndorseArtefactInput",
    "LinkInput",
    "ProvenanceInput",
    "PublishArtefactInput",
    "PublishArtefactToCommonsInput",
    "RecordArtefactUseInput",
    "RetireArtefactInput",
    "ReviseArtefactInput",
    "SetArtefactVisibilityInput",
    "WithdrawArtefactFromCommonsInput",
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


@strawberry.input
class ReviseArtefactInput:
    artefact_id: ID
    base_version: int = strawberry.field(description="The version revised (a stale one is refused)")
    title: str
    body: str = strawberry.field(description="Markdown")
    levels: list[LevelOfLearning]
    summary: str | None = None
    links: list[LinkInput] = strawberry.field(default_factory=list)
    citations: list[CitationInput] = strawberry.field(default_factory=list)
    change_note: str | None = None
    contributor_ids: list[ID] = strawberry.field(default_factory=list)
    command_id: str | None = None


@strawberry.input
class SetArtefactVisibilityInput:
    artefact_id: ID
    visibility: Visibility
    command_id: str | None = None


@strawberry.input
class PublishArtefactToCommonsInput:
    artefact_id: ID
    attribution: str = strawberry.field(
        description="Who it is from, shown to every tenant exactly as given"
    )
    command_id: str | None = None


@strawberry.input
class WithdrawArtefactFromCommonsInput:
    artefact_id: ID
    reason: str | None = None
    command_id: str | None = None


@strawberry.input
class AdaptArtefactInput:
    """A new artefact re-worked from a published one; text left out is the source's."""

    artefact_id: ID
    source_artefact_id: ID | None = None
    source_commons_id: ID | None = None
    title: str | None = None
    body: str | None = None
    levels: list[LevelOfLearning] | None = None
    summary: str | None = None
    links: list[LinkInput] | None = None
    citations: list[CitationInput] | None = None
    group_id: ID | None = None
    school_id: ID | None = None
    network_id: ID | None = None
    visibility: Visibility = Visibility.SCHOOL
    contributor_ids: list[ID] = strawberry.field(default_factory=list)
    command_id: str | None = None


@strawberry.input
class EndorseArtefactInput:
    artefact_id: ID
    comment: str | None = None
    command_id: str | None = None


@strawberry.input
class ClaimBestPracticeInput:
    artefact_id: ID
    statement: str | None = None
    command_id: str | None = None


@strawberry.input
class RecordArtefactUseInput:
    artefact_id: ID
    use_id: ID
    context: UseContext
    group_id: ID | None = None
    session_id: ID | None = None
    enquiry_id: ID | None = None
    network_id: ID | None = None
    used_on: date | None = None
    note: str | None = None
    command_id: str | None = None


@strawberry.input
class RetireArtefactInput:
    artefact_id: ID
    reason: str | None = None
    command_id: str | None = None


def as_fields(value: Any) -> Any:
    """An input as the plain values the use cases take: nested inputs as dicts, lists as tuples."""
    if hasattr(value, "__dataclass_fields__"):
        return {k: as_fields(getattr(value, k)) for k in value.__dataclass_fields__}
    if isinstance(value, list):
        return tuple(as_fields(v) for v in value)
    return value

"""What people (and reactions to other services' events) ask of an artefact, in the imperative.

Every command carries the ``actor`` and their ``standing`` (a fact from the local membership read
model, see ``domain.standing``); ``AdaptArtefact`` also carries its ``source`` as found (in this
tenant's event store, or in the commons for another tenant's). Ids of new artefacts, attachments
and uses are UUIDs the client may generate itself.

Input limits (lengths, formats, enum values) are checked here by pydantic, naming the field; the
rules between fields and against the artefact's state are checked by ``decide``.
"""

from __future__ import annotations

from typing import ClassVar

from eventkit.domain import Actor, Command
from pydantic import BaseModel, ConfigDict, Field, field_validator

from clc_knowledge.domain.standing import Standing
from clc_knowledge.domain.values import (
    ArtefactKind,
    ArtefactRef,
    Body,
    CalendarDate,
    Citation,
    EntryId,
    Identifier,
    KnowledgeField,
    LevelOfLearning,
    Link,
    LongText,
    MediaType,
    Provenance,
    Sha256,
    Title,
    UseContext,
    Visibility,
)

__all__ = [
    "AdaptArtefact",
    "AdaptationSource",
    "AddAttachment",
    "ArtefactCommand",
    "ClaimBestPractice",
    "DraftArtefact",
    "EndorseArtefact",
    "PublishArtefact",
    "PublishArtefactToCommons",
    "RecordArtefactUse",
    "RemoveAttachment",
    "RetireArtefact",
    "ReviseArtefact",
    "SetArtefactVisibility",
    "WithdrawArtefactFromCommons",
]

Levels = tuple[LevelOfLearning, ...]


def _distinct(values: tuple[LevelOfLearning, ...]) -> tuple[LevelOfLearning, ...]:
    return tuple(dict.fromkeys(values))


class _ArtefactCommand(Command):
    FACTS: ClassVar[frozenset[str]] = frozenset({"standing"})
    actor: Actor
    standing: Standing = Standing()
    artefact_id: EntryId


class _Content(_ArtefactCommand):
    title: Title
    summary: LongText | None = None
    body: Body
    levels: Levels = Field(min_length=1)
    links: tuple[Link, ...] = Field(default=(), max_length=100)
    citations: tuple[Citation, ...] = Field(default=(), max_length=200)

    _levels = field_validator("levels")(_distinct)


class _Placed(_Content):
    """Where a new artefact lives and who may read it once published."""

    group_id: Identifier | None = None
    school_id: Identifier | None = None
    network_id: Identifier | None = None
    visibility: Visibility = Visibility.SCHOOL
    contributor_ids: tuple[Identifier, ...] = Field(default=(), max_length=100)  # beyond the actor


class DraftArtefact(_Placed):
    kind: ArtefactKind
    knowledge_field: KnowledgeField
    provenance: Provenance | None = None
    # the contributors' schools, looked up (a fact): with ``school_id``, the origin schools
    FACTS: ClassVar[frozenset[str]] = frozenset({"standing", "contributor_school_ids"})
    contributor_school_ids: tuple[str, ...] = ()


class AdaptationSource(BaseModel):
    """The artefact adapted, as found by the application layer (a fact)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    ref: ArtefactRef
    version: int
    published: bool  # published in its tenant (or present in the commons)
    retired: bool = False
    across_tenants: bool = False
    title: str
    kind: ArtefactKind
    knowledge_field: KnowledgeField
    commons_origin: ArtefactRef | None = None  # the source's own, or the source if across


class AdaptArtefact(_Placed):
    """``artefact_id`` is the new artefact's; the content is the adapted text (the client starts
    from the source's and changes what it re-works)."""

    FACTS: ClassVar[frozenset[str]] = frozenset({"standing", "source"})
    source: AdaptationSource
    provenance: Provenance | None = None


class ReviseArtefact(_Content):
    base_version: int = Field(ge=1)  # the version the client revised: a stale one is refused
    change_note: LongText | None = None
    contributor_ids: tuple[Identifier, ...] = Field(default=(), max_length=100)  # added ones


class PublishArtefact(_ArtefactCommand):
    visibility: Visibility | None = None  # None: the audience chosen when drafting


class SetArtefactVisibility(_ArtefactCommand):
    visibility: Visibility


class PublishArtefactToCommons(_ArtefactCommand):
    attribution: Title  # shown to every tenant: the publisher chooses it, nothing is added


class WithdrawArtefactFromCommons(_ArtefactCommand):
    reason: LongText | None = None


class EndorseArtefact(_ArtefactCommand):
    comment: LongText | None = None


class ClaimBestPractice(_ArtefactCommand):
    statement: LongText | None = None


class RecordArtefactUse(_ArtefactCommand):
    use_id: EntryId
    context: UseContext
    group_id: Identifier | None = None
    session_id: Identifier | None = None
    enquiry_id: Identifier | None = None
    network_id: Identifier | None = None
    used_on: CalendarDate | None = None
    note: LongText | None = None


class RetireArtefact(_ArtefactCommand):
    reason: LongText | None = None


class AddAttachment(_ArtefactCommand):
    """The file is already in the blob store (the application put it there after sniffing it)."""

    attachment_id: EntryId
    blob_id: Identifier
    filename: Title
    media_type: MediaType
    size_bytes: int = Field(ge=0)
    sha256: Sha256
    text_length: int = Field(default=0, ge=0)


class RemoveAttachment(_ArtefactCommand):
    attachment_id: EntryId


ArtefactCommand = (
    DraftArtefact
    | AdaptArtefact
    | ReviseArtefact
    | PublishArtefact
    | SetArtefactVisibility
    | PublishArtefactToCommons
    | WithdrawArtefactFromCommons
    | EndorseArtefact
    | ClaimBestPractice
    | RecordArtefactUse
    | RetireArtefact
    | AddAttachment
    | RemoveAttachment
)

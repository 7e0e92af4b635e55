"""The facts of an artefact's life, named as in DOMAIN.md: the data contract every read model of
this service (library search, toolkits, lineage, the commons, balances) projects from.

Every event carries the ``artefact_id`` (the stream id) and the ``author_id`` of the person whose
command caused it (for a reaction to another service's event: the person who caused that one).

* An artefact is drafted (``ArtefactDrafted``) or, as a re-worked copy of a published one, adapted
  (``ArtefactAdapted``: the first event of the *new* artefact's stream, holding ``derived_from`` as
  ``(tenant, id)`` — the source may live in another tenant, reached through the commons).
* ``ArtefactRevised`` adds a version (``version`` is the new number); earlier versions stay in the
  stream and in the read models, never overwritten.
* ``ArtefactPublished`` opens it to its audience (``visibility``: group, school, network or tenant);
  ``ArtefactVisibilityChanged`` changes that audience later.
* ``ArtefactPublishedToCommons`` carries a copy of exactly what every tenant will see (the commons
  read model stores it as it is); ``ArtefactWithdrawnFromCommons`` removes that copy.
* ``ArtefactEndorsed`` (peer validation, naming the endorser's school) may be followed by
  ``ArtefactClaimedAsBestPractice``; ``ArtefactUseRecorded`` records where it was used;
  ``ArtefactRetired`` ends its life.
* ``AttachmentAdded``/``AttachmentRemoved``: a file kept in the blob store (the event holds its
  metadata only; the extracted text is stored beside the blob, its length is here).
"""

from __future__ import annotations

from datetime import date

from eventkit.domain import DomainEvent

from clc_knowledge.domain.values import (
    ArtefactKind,
    ArtefactRef,
    Citation,
    KnowledgeField,
    LevelOfLearning,
    Link,
    Provenance,
    UseContext,
    Visibility,
)

__all__ = [
    "ArtefactAdapted",
    "ArtefactClaimedAsBestPractice",
    "ArtefactDrafted",
    "ArtefactEndorsed",
    "ArtefactEvent",
    "ArtefactPublished",
    "ArtefactPublishedToCommons",
    "ArtefactRetired",
    "ArtefactRevised",
    "ArtefactUseRecorded",
    "ArtefactVisibilityChanged",
    "ArtefactWithdrawnFromCommons",
    "AttachmentAdded",
    "AttachmentRemoved",
]


class _ArtefactEvent(DomainEvent):
    artefact_id: str
    author_id: str


class _Content(_ArtefactEvent):
    """What a version says. ``body`` is Markdown."""

    title: str
    summary: str | None = None
    body: str
    levels: tuple[LevelOfLearning, ...]
    links: tuple[Link, ...] = ()
    citations: tuple[Citation, ...] = ()


class _Created(_Content):
    """The first event of an artefact's stream: version 1 and everything that stays fixed."""

    kind: ArtefactKind
    knowledge_field: KnowledgeField
    contributor_ids: tuple[str, ...]  # sorted; the author among them
    provenance: Provenance | None = None
    # where the artefact lives in its tenant (each optional; the visibility needs its own)
    group_id: str | None = None
    school_id: str | None = None
    network_id: str | None = None
    # the schools it comes from (its own and its contributors'): an endorsement from a school
    # outside these is peer validation
    origin_school_ids: tuple[str, ...] = ()
    visibility: Visibility  # the audience once published; never COMMONS
    version: int = 1


class ArtefactDrafted(_Created):
    pass


class ArtefactAdapted(_Created):
    """A new artefact, re-worked from a published one; starts as a draft of its own."""

    derived_from: ArtefactRef
    derived_from_version: int
    derived_from_title: str
    across_tenants: bool  # the source is another tenant's, adapted from the commons
    # the nearest ancestor in another tenant (reached through the commons), if any: where this
    # artefact's adaptations and uses are counted, in aggregate, for that tenant's authors
    commons_origin: ArtefactRef | None = None


class ArtefactRevised(_Content):
    version: int  # the new version's number: the previous one plus one
    contributor_ids: tuple[str, ...]  # sorted; the reviser joins them
    change_note: str | None = None


class ArtefactPublished(_ArtefactEvent):
    version: int  # the version current when published
    visibility: Visibility


class ArtefactVisibilityChanged(_ArtefactEvent):
    visibility: Visibility


class ArtefactPublishedToCommons(_Content):
    """A copy of exactly what every tenant of the installation will see."""

    version: int
    kind: ArtefactKind
    knowledge_field: KnowledgeField
    attribution: str  # who it is from, as the publisher chose to show it (e.g. a network's name)
    derived_from: ArtefactRef | None = None


class ArtefactWithdrawnFromCommons(_ArtefactEvent):
    reason: str | None = None


class ArtefactEndorsed(_ArtefactEvent):
    """``author_id`` endorses; ``school_id`` is the endorser's school (None if unknown)."""

    school_id: str | None = None
    comment: str | None = None
    peer: bool  # from a school outside the artefact's origin schools: counts as peer validation


class ArtefactClaimedAsBestPractice(_ArtefactEvent):
    statement: str | None = None


class ArtefactUseRecorded(_ArtefactEvent):
    use_id: str  # unique per artefact; a reaction derives it from the event it reacts to
    context: UseContext
    group_id: str | None = None
    session_id: str | None = None
    enquiry_id: str | None = None
    school_id: str | None = None
    network_id: str | None = None
    used_on: date | None = None
    note: str | None = None


class ArtefactRetired(_ArtefactEvent):
    reason: str | None = None


class AttachmentAdded(_ArtefactEvent):
    attachment_id: str
    blob_id: str  # the blob store's key
    filename: str
    media_type: str  # sniffed from the content, not taken from the upload
    size_bytes: int
    sha256: str
    text_length: int = 0  # characters of text extracted for search (0: none)
    version: int  # the artefact version current when attached


class AttachmentRemoved(_ArtefactEvent):
    attachment_id: str


ArtefactEvent = (
    ArtefactDrafted
    | ArtefactAdapted
    | ArtefactRevised
    | ArtefactPublished
    | ArtefactVisibilityChanged
    | ArtefactPublishedToCommons
    | ArtefactWithdrawnFromCommons
    | ArtefactEndorsed
    | ArtefactClaimedAsBestPractice
    | ArtefactUseRecorded
    | ArtefactRetired
    | AttachmentAdded
    | AttachmentRemoved
)

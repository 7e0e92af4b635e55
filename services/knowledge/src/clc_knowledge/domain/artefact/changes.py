"""Changing an artefact that exists: revising, publishing, the commons, endorsing, using,
attaching and retiring (see ``decide`` for the order rules are checked in)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from clc_knowledge.domain.errors import (
    MAX_ATTACHMENT_BYTES,
    AlreadyBestPractice,
    AlreadyEndorsed,
    AlreadyInCommons,
    ArtefactAlreadyPublished,
    ArtefactNotFound,
    ArtefactNotPublished,
    AttachmentNotFound,
    AttachmentTooLarge,
    AttachmentTypeNotAllowed,
    BestPracticeNeedsPeerEndorsement,
    DuplicateAttachmentId,
    NotInCommons,
    RevisionChangesNothing,
    SelfEndorsement,
    StaleVersion,
    UseAlreadyRecorded,
)
from clc_knowledge.domain.values import ArtefactStatus

from .commands import (
    AddAttachment,
    ArtefactCommand,
    ClaimBestPractice,
    EndorseArtefact,
    PublishArtefact,
    PublishArtefactToCommons,
    RecordArtefactUse,
    RemoveAttachment,
    RetireArtefact,
    ReviseArtefact,
    SetArtefactVisibility,
    WithdrawArtefactFromCommons,
)
from .events import (
    ArtefactClaimedAsBestPractice,
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
from .rules import (
    require_commons_publisher,
    require_editor,
    require_source_cited,
    require_visibility_scope,
)
from .state import ArtefactState, Content

__all__ = ["ALLOWED_MEDIA_TYPES", "change", "media_type_allowed"]

#: what an attachment may be, by its sniffed type: PDF, DOCX, and images
ALLOWED_MEDIA_TYPES = frozenset(
    {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
)


def media_type_allowed(media_type: str) -> bool:
    return media_type in ALLOWED_MEDIA_TYPES or media_type.startswith("image/")


def _require_published(state: ArtefactState) -> None:
    if state.status is not ArtefactStatus.PUBLISHED:
        raise ArtefactNotPublished()


def revise(state: ArtefactState, command: ReviseArtefact) -> list[ArtefactEvent]:
    require_editor(command.actor, command.standing, state)
    if command.base_version != state.version:
        raise StaleVersion(field="base_version")
    require_source_cited(state.knowledge_field, command.citations)
    content = Content(
        title=command.title,
        summary=command.summary,
        body=command.body,
        levels=command.levels,
        links=command.links,
        citations=command.citations,
    )
    contributors = state.contributor_ids | {command.actor.person_id, *command.contributor_ids}
    if content == state.content and contributors == state.contributor_ids:
        raise RevisionChangesNothing()
    return [
        ArtefactRevised(
            artefact_id=command.artefact_id,
            author_id=command.actor.person_id,
            version=state.version + 1,
            title=content.title,
            summary=content.summary,
            body=content.body,
            levels=content.levels,
            links=content.links,
            citations=content.citations,
            contributor_ids=tuple(sorted(contributors)),
            change_note=command.change_note,
        )
    ]


def publish(state: ArtefactState, command: PublishArtefact) -> list[ArtefactEvent]:
    require_editor(command.actor, command.standing, state)
    if state.status is not ArtefactStatus.DRAFT:
        raise ArtefactAlreadyPublished()
    visibility = command.visibility or state.visibility
    require_visibility_scope(visibility, state.group_id, state.school_id, state.network_id)
    return [
        ArtefactPublished(
            artefact_id=command.artefact_id,
            author_id=command.actor.person_id,
            version=state.version,
            visibility=visibility,
        )
    ]


def set_visibility(state: ArtefactState, command: SetArtefactVisibility) -> list[ArtefactEvent]:
    require_editor(command.actor, command.standing, state)
    require_visibility_scope(command.visibility, state.group_id, state.school_id, state.network_id)
    if command.visibility is state.visibility:
        return []
    return [
        ArtefactVisibilityChanged(
            artefact_id=command.artefact_id,
            author_id=command.actor.person_id,
            visibility=command.visibility,
        )
    ]


def to_commons(state: ArtefactState, command: PublishArtefactToCommons) -> list[ArtefactEvent]:
    require_commons_publisher(command.actor, command.standing, state)
    _require_published(state)
    if state.in_commons:
        raise AlreadyInCommons()
    content = state.content
    if content is None or state.kind is None or state.knowledge_field is None:
        raise ArtefactNotFound()  # not drafted: decide has already refused this
    return [
        ArtefactPublishedToCommons(
            artefact_id=command.artefact_id,
            author_id=command.actor.person_id,
            version=state.version,
            kind=state.kind,
            knowledge_field=state.knowledge_field,
            attribution=command.attribution,
            derived_from=state.derived_from,
            title=content.title,
            summary=content.summary,
            body=content.body,
            levels=content.levels,
            links=content.links,
            citations=content.citations,
        )
    ]


def withdraw(state: ArtefactState, command: WithdrawArtefactFromCommons) -> list[ArtefactEvent]:
    require_commons_publisher(command.actor, command.standing, state)
    if not state.in_commons:
        raise NotInCommons()
    return [
        ArtefactWithdrawnFromCommons(
            artefact_id=command.artefact_id,
            author_id=command.actor.person_id,
            reason=command.reason,
        )
    ]


def endorse(state: ArtefactState, command: EndorseArtefact) -> list[ArtefactEvent]:
    _require_published(state)
    person = command.actor.person_id
    if person in state.contributor_ids:
        raise SelfEndorsement()
    if person in state.endorser_ids:
        raise AlreadyEndorsed()
    school = command.standing.school_id
    return [
        ArtefactEndorsed(
            artefact_id=command.artefact_id,
            author_id=person,
            school_id=school,
            comment=command.comment,
            peer=school is not None and school not in state.origin_school_ids,
        )
    ]


def claim_best_practice(state: ArtefactState, command: ClaimBestPractice) -> list[ArtefactEvent]:
    require_editor(command.actor, command.standing, state)
    _require_published(state)
    if state.best_practice:
        raise AlreadyBestPractice()
    if not state.peer_endorsed:
        raise BestPracticeNeedsPeerEndorsement()
    return [
        ArtefactClaimedAsBestPractice(
            artefact_id=command.artefact_id,
            author_id=command.actor.person_id,
            statement=command.statement,
        )
    ]


def record_use(state: ArtefactState, command: RecordArtefactUse) -> list[ArtefactEvent]:
    _require_published(state)
    if command.use_id in state.use_ids:
        raise UseAlreadyRecorded(field="use_id")
    return [
        ArtefactUseRecorded(
            artefact_id=command.artefact_id,
            author_id=command.actor.person_id,
            use_id=command.use_id,
            context=command.context,
            group_id=command.group_id,
            session_id=command.session_id,
            enquiry_id=command.enquiry_id,
            school_id=command.standing.school_id,
            network_id=command.network_id,
            used_on=command.used_on,
            note=command.note,
        )
    ]


def retire(state: ArtefactState, command: RetireArtefact) -> list[ArtefactEvent]:
    require_editor(command.actor, command.standing, state)
    person = command.actor.person_id
    withdrawn: list[ArtefactEvent] = []
    if state.in_commons:
        withdrawn.append(
            ArtefactWithdrawnFromCommons(
                artefact_id=command.artefact_id, author_id=person, reason="retired"
            )
        )
    retired = ArtefactRetired(
        artefact_id=command.artefact_id, author_id=person, reason=command.reason
    )
    return [*withdrawn, retired]


def attach(state: ArtefactState, command: AddAttachment) -> list[ArtefactEvent]:
    require_editor(command.actor, command.standing, state)
    if command.attachment_id in state.used_attachment_ids:
        raise DuplicateAttachmentId(field="attachment_id")
    if command.size_bytes > MAX_ATTACHMENT_BYTES:
        raise AttachmentTooLarge(field="file")
    if not media_type_allowed(command.media_type):
        raise AttachmentTypeNotAllowed(field="file")
    return [
        AttachmentAdded(
            artefact_id=command.artefact_id,
            author_id=command.actor.person_id,
            attachment_id=command.attachment_id,
            blob_id=command.blob_id,
            filename=command.filename,
            media_type=command.media_type,
            size_bytes=command.size_bytes,
            sha256=command.sha256,
            text_length=command.text_length,
            version=state.version,
        )
    ]


def detach(state: ArtefactState, command: RemoveAttachment) -> list[ArtefactEvent]:
    require_editor(command.actor, command.standing, state)
    if command.attachment_id not in state.attachment_ids:
        raise AttachmentNotFound(field="attachment_id")
    return [
        AttachmentRemoved(
            artefact_id=command.artefact_id,
            author_id=command.actor.person_id,
            attachment_id=command.attachment_id,
        )
    ]


_CHANGES: dict[type, Callable[[ArtefactState, Any], list[ArtefactEvent]]] = {
    ReviseArtefact: revise,
    PublishArtefact: publish,
    SetArtefactVisibility: set_visibility,
    PublishArtefactToCommons: to_commons,
    WithdrawArtefactFromCommons: withdraw,
    EndorseArtefact: endorse,
    ClaimBestPractice: claim_best_practice,
    RecordArtefactUse: record_use,
    RetireArtefact: retire,
    AddAttachment: attach,
    RemoveAttachment: detach,
}


def change(state: ArtefactState, command: ArtefactCommand) -> Sequence[ArtefactEvent]:
    return _CHANGES[type(command)](state, command)

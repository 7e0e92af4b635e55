"""Attaching a file to an artefact: sniff, extract, store the blob, then append the event.

1. the domain would accept an attachment at all — the artefact exists, the actor sees it, it is
   not retired, the actor is one of its editors: ``decide`` is asked with a probe before any byte
   is stored, so no one can fill the blob store with uploads that will be refused;
2. at most 20 MB (``ATTACHMENT_TOO_LARGE``), and of a type the *bytes* show (``filetype``; the
   name and the declared Content-Type are ignored): PDF, DOCX, PNG or JPEG, else
   ``UNSUPPORTED_ATTACHMENT_TYPE`` — both naming the ``file`` field;
3. PDF and DOCX text is extracted for the library's search (``attachment_text``) and kept beside
   the blob (``kn_attachment_texts``);
4. the blob is written, *then* ``AttachmentAdded`` is appended. A failure between the two leaves
   an orphan blob (unreferenced, harmless; a sweep may delete blobs no event names) — never an
   event naming a blob that is not there.

Retrying with the same ``commandId`` is safe: the attachment id is derived from the artefact and
the command id, the blob id from the attachment and the content's hash, so the retry stores
nothing new and the command log answers it. (Without a command id every call is a new one.)
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import uuid
from collections.abc import AsyncIterator
from typing import BinaryIO, Protocol

import filetype
from eventkit.errors import RuleViolated
from eventkit.handling import CommandResult
from eventkit.principal import Principal

from clc_knowledge.blobs import BlobStore
from clc_knowledge.domain import ARTEFACT_DECIDER, AddAttachment, ArtefactState
from clc_knowledge.domain.errors import MAX_ATTACHMENT_BYTES, AttachmentTooLarge

from .artefacts import ArtefactCommands
from .attachment_text import extract_text
from .base import build
from .facts import Standings, canonical_id

__all__ = ["ACCEPTED_TYPES", "AttachmentCommands", "AttachmentTexts", "UnsupportedAttachmentType"]

#: what an attachment may be, by the type its bytes show
ACCEPTED_TYPES = frozenset(
    {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "image/png",
        "image/jpeg",
    }
)
_ATTACHMENTS = uuid.UUID("7b6b2a0e-9d1c-4f0e-8a43-5d1f8e2c6a10")  # namespace of derived ids
_SNIFF = 8192
_CHUNK = 1024 * 1024


class UnsupportedAttachmentType(RuleViolated):
    code = "UNSUPPORTED_ATTACHMENT_TYPE"
    default_message = (
        "Attachments are PDF, DOCX, PNG or JPEG files; the file's content decides, not its name"
    )


class AttachmentTexts(Protocol):
    async def save(self, tenant_id: str, blob_id: str, text: str) -> None:
        """Keep the text extracted from the blob (a repeat changes nothing)."""
        ...


def _size(file: BinaryIO) -> int:
    file.seek(0, os.SEEK_END)
    size = file.tell()
    file.seek(0)
    return size


def _sniff_and_hash(file: BinaryIO) -> tuple[str | None, str]:
    file.seek(0)
    media_type = filetype.guess_mime(file.read(_SNIFF))
    file.seek(0)
    sha = hashlib.sha256()
    while chunk := file.read(_CHUNK):
        sha.update(chunk)
    file.seek(0)
    return media_type, sha.hexdigest()


async def _chunks(file: BinaryIO) -> AsyncIterator[bytes]:
    file.seek(0)
    while chunk := await asyncio.to_thread(file.read, _CHUNK):
        yield chunk


def _filename(name: str | None) -> str:
    base = os.path.basename((name or "").replace("\\", "/"))
    cleaned = "".join(c for c in base if c.isprintable()).strip()
    return cleaned[:200] or "attachment"


class AttachmentCommands:
    def __init__(
        self,
        artefacts: ArtefactCommands,
        standings: Standings,
        blobs: BlobStore,
        texts: AttachmentTexts,
    ) -> None:
        self._artefacts = artefacts
        self._standings = standings
        self._blobs = blobs
        self._texts = texts

    async def attach(
        self,
        principal: Principal,
        *,
        artefact_id: str,
        file: BinaryIO,
        filename: str | None,
        command_id: str | None = None,
    ) -> CommandResult[ArtefactState]:
        aid = canonical_id("artefact_id", artefact_id)
        await self._probe(principal, aid)
        size = _size(file)
        if size > MAX_ATTACHMENT_BYTES:
            raise AttachmentTooLarge(field="file")
        media_type, sha256 = await asyncio.to_thread(_sniff_and_hash, file)
        if media_type not in ACCEPTED_TYPES:
            raise UnsupportedAttachmentType(field="file")
        text = await asyncio.to_thread(extract_text, media_type, file)
        attachment_id = str(
            uuid.uuid5(_ATTACHMENTS, f"{aid}:{command_id}") if command_id else uuid.uuid4()
        )
        blob_id = str(uuid.uuid5(uuid.UUID(attachment_id), sha256))
        await self._texts.save(principal.tenant_id, blob_id, text)
        ref = await self._blobs.put(principal.tenant_id, _chunks(file), key=blob_id)
        return await self._artefacts.add_attachment(
            principal,
            artefact_id=aid,
            command_id=command_id,
            attachment_id=attachment_id,
            blob_id=ref.id,
            filename=_filename(filename),
            media_type=media_type,
            size_bytes=ref.size,
            sha256=ref.sha256,
            text_length=len(text),
        )

    async def _probe(self, principal: Principal, artefact_id: str) -> None:
        """The domain's refusal of any attachment to this artefact by this actor, if it has one
        (the real command is decided again when appended)."""
        state = await self._artefacts.state_of(principal, artefact_id)
        standing = await self._standings.standing(principal, state.group_id, state.network_id)
        probe = build(
            AddAttachment,
            principal,
            artefact_id=artefact_id,
            standing=standing,
            attachment_id=str(uuid.uuid4()),
            blob_id="probe",
            filename="probe.pdf",
            media_type="application/pdf",
            size_bytes=0,
            sha256="0" * 64,
        )
        ARTEFACT_DECIDER.decide(state, probe)

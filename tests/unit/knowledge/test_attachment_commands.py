"""Attaching a file, over the in-memory event store and blob store: the bytes decide the type,
the blob is stored before the event names it, a retry stores nothing new, and a refused upload
stores nothing at all."""

from __future__ import annotations

import io
import uuid

import pytest
from clc_knowledge.application import KnowledgeService, registry
from clc_knowledge.application.attachment_text import extract_text
from clc_knowledge.application.attachments import UnsupportedAttachmentType
from clc_knowledge.blobs import InMemoryAttachmentTexts, InMemoryBlobStore
from clc_knowledge.domain import AttachmentAdded
from clc_knowledge.domain.errors import (
    MAX_ATTACHMENT_BYTES,
    ArtefactNotFound,
    AttachmentTooLarge,
    NotAnEditor,
)
from eventkit.principal import Principal
from eventkit.store import InMemoryEventStore

from tests.integration.knowledge.files import docx_with, pdf_with, png

ADMIN = Principal(tenant_id="t", person_id="admin", roles=frozenset({"tenant_admin"}))
OUTSIDER = Principal(tenant_id="t", person_id="oz")
REGISTRY = registry()


class World:
    def __init__(self) -> None:
        self.store = InMemoryEventStore()
        self.blobs = InMemoryBlobStore()
        self.texts = InMemoryAttachmentTexts()
        self.service = KnowledgeService(self.store, blobs=(self.blobs, self.texts))

    async def artefact(self) -> str:
        artefact = str(uuid.uuid4())
        await self.service.artefacts.draft(
            ADMIN,
            artefact_id=artefact,
            kind="protocol",
            knowledge_field="practitioner",
            title="Rounds",
            body="Everyone speaks once.",
            levels=("adult",),
            visibility="tenant",
        )
        await self.service.artefacts.publish(ADMIN, artefact_id=artefact)
        return artefact

    async def attach(self, who: Principal, artefact: str, content: bytes, **more: str) -> None:
        await self.service.attachments.attach(
            who, artefact_id=artefact, file=io.BytesIO(content), filename="f.pdf", **more
        )

    async def added(self, artefact: str) -> list[AttachmentAdded]:
        recorded = await self.store.read_stream(artefact, tenant_id="t")
        events = [REGISTRY.to_domain(e) for e in recorded]
        return [e for e in events if isinstance(e, AttachmentAdded)]


@pytest.fixture
def world() -> World:
    return World()


async def test_the_blob_is_stored_before_the_event_names_it(world: World) -> None:
    artefact = await world.artefact()
    pdf = pdf_with("Lesson study cycle")
    await world.attach(ADMIN, artefact, pdf, command_id="c-1")
    events = await world.added(artefact)
    [event] = events
    assert world.blobs.blobs[("t", event.blob_id)] == pdf
    assert (event.media_type, event.size_bytes) == ("application/pdf", len(pdf))
    assert world.texts.texts[("t", event.blob_id)] == "Lesson study cycle"
    assert event.text_length == len("Lesson study cycle")

    await world.attach(ADMIN, artefact, pdf, command_id="c-1")  # a retry
    assert len(await world.added(artefact)) == 1 and len(world.blobs.blobs) == 1


@pytest.mark.parametrize(
    ("who", "content", "error"),
    [
        (ADMIN, b"GIF89a not allowed", UnsupportedAttachmentType),
        (ADMIN, b"just text", UnsupportedAttachmentType),
        (ADMIN, b"%PDF-" + bytes(MAX_ATTACHMENT_BYTES), AttachmentTooLarge),
        (OUTSIDER, pdf_with("x"), NotAnEditor),
    ],
)
async def test_a_refused_upload_stores_nothing(
    world: World, who: Principal, content: bytes, error: type[Exception]
) -> None:
    artefact = await world.artefact()
    with pytest.raises(error) as refused:
        await world.attach(who, artefact, content)
    assert getattr(refused.value, "field", None) in {"file", None}
    assert world.blobs.blobs == {} and await world.added(artefact) == []


async def test_no_artefact_no_upload(world: World) -> None:
    with pytest.raises(ArtefactNotFound):
        await world.attach(ADMIN, str(uuid.uuid4()), png())
    assert world.blobs.blobs == {}


def test_text_comes_from_pdf_and_docx_only_and_a_broken_file_has_none() -> None:
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert extract_text(docx, io.BytesIO(docx_with("Climate audit"))) == "Climate audit"
    assert extract_text("image/png", io.BytesIO(png())) == ""
    assert extract_text("application/pdf", io.BytesIO(b"%PDF-1.4 broken")) == ""

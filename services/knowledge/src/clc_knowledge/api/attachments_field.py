"""The ``Attachment`` type and ``Artefact.attachments`` (``ATTACHMENTS``, the field the
``Artefact`` type declares): kept apart from the mutation, which needs the ``Artefact`` payload.

A request's attachments are loaded by one DataLoader per request context (N artefacts, one
query); the artefact is one the caller sees already.
"""

from __future__ import annotations

import weakref
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.dataloader import DataLoader

from clc_knowledge.readmodels import library_attachments

from .base import Ctx
from .context import KnowledgeContext

if TYPE_CHECKING:
    from .refs import Practitioner

__all__ = ["ATTACHMENTS", "DOWNLOAD_PATH", "Attachment"]

DOWNLOAD_PATH = "/attachments/{artefact_id}/{attachment_id}"


@strawberry.type(description="A file attached to an artefact")
class Attachment:
    id: strawberry.ID
    filename: str
    media_type: str = strawberry.field(description="As sniffed from the bytes")
    size_bytes: int
    sha256: str
    version: int = strawberry.field(description="The artefact's version when it was attached")
    added_at: datetime
    searchable: bool = strawberry.field(description="Its text is part of the library's search")
    download_url: str = strawberry.field(
        description="GET it from this service with your bearer token (404 if you may not see it)"
    )
    adder_id: strawberry.Private[str]

    @strawberry.field
    def added_by(self) -> Annotated[Practitioner, strawberry.lazy("clc_knowledge.api.refs")]:
        from .refs import Practitioner

        return Practitioner(id=strawberry.ID(self.adder_id))

    @classmethod
    def of(cls, row: Any) -> Attachment:
        return cls(
            id=strawberry.ID(row["attachment_id"]),
            filename=row["filename"],
            media_type=row["media_type"],
            size_bytes=row["size_bytes"],
            sha256=row["sha256"],
            version=row["version"],
            added_at=row["added_at"],
            searchable=row["text_length"] > 0,
            download_url=DOWNLOAD_PATH.format(
                artefact_id=row["artefact_id"], attachment_id=row["attachment_id"]
            ),
            adder_id=row["added_by"],
        )


# one loader per request (context), so N artefacts' attachments are one query
_LOADERS: weakref.WeakKeyDictionary[KnowledgeContext, DataLoader[str, list[Attachment]]] = (
    weakref.WeakKeyDictionary()
)


def _loader(context: KnowledgeContext) -> DataLoader[str, list[Attachment]]:
    found = _LOADERS.get(context)
    if found is None:

        async def load(ids: list[str]) -> list[list[Attachment]]:
            async with context.read() as conn:
                rows = await library_attachments.attachments_of(conn, context.tenant_id, ids)
            by_artefact: dict[str, list[Attachment]] = {i: [] for i in ids}
            for row in rows:
                by_artefact[row["artefact_id"]].append(Attachment.of(row))
            return [by_artefact[i] for i in ids]

        found = _LOADERS[context] = DataLoader(load_fn=load)
    return found


async def attachments_of(root: Any, info: Ctx) -> list[Attachment]:
    """``Artefact.attachments``: the artefact is one the caller sees already."""
    return await _loader(info.context).load(str(root.id))


ATTACHMENTS: list[Attachment] = strawberry.field(
    resolver=attachments_of, description="Its current files, oldest first"
)

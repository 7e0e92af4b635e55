"""Attachments: the ``Attachment`` type (``Artefact.attachments``), ``attachToArtefact`` (a file
uploaded by the GraphQL multipart request spec) and the download endpoint.

``downloadUrl`` is a path on this service, ``GET /attachments/<artefact>/<attachment>``, answered
only with the caller's bearer token and only if the caller may see the artefact (the same
visibility rule as every read; otherwise 404, like an attachment that does not exist). The
response names the type the bytes were sniffed as, never what the uploader declared, with
``nosniff`` and as a download (``Content-Disposition: attachment``), so a browser never renders
an upload as a page.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import quote

import strawberry
from eventkit.errors import AuthenticationFailed
from fastapi import Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from servicekit.runtime import Runtime
from starlette.datastructures import UploadFile
from strawberry.file_uploads import Upload

from clc_knowledge.blobs import BlobNotFound
from clc_knowledge.readmodels import library_attachments, queries

from .attachments_field import DOWNLOAD_PATH, Attachment
from .base import Ctx
from .context import KnowledgeContext
from .payloads import ArtefactPayload, run

__all__ = ["DOWNLOAD_PATH", "Attachment", "AttachmentMutations", "download"]


@dataclass
class _Attach:
    artefact_id: str
    file: Any  # the upload's spooled file
    filename: str | None
    command_id: str | None


async def _attach(
    info: Ctx, artefact_id: strawberry.ID, file: Upload, command_id: str | None = None
) -> ArtefactPayload:
    upload = cast(UploadFile, file)  # what servicekit.uploads puts in the variable
    data = _Attach(str(artefact_id), upload.file, upload.filename, command_id)
    use_case = info.context.commands.attachments.attach
    return await run(info, ArtefactPayload, data.artefact_id, use_case, data)


@strawberry.type
class AttachmentMutations:
    attach_to_artefact: ArtefactPayload = strawberry.mutation(
        resolver=_attach,
        description="Attach a PDF, DOCX, PNG or JPEG file (at most 20 MB) to an artefact: a "
        "multipart request (GraphQL multipart request spec) with the file in $file",
    )


def _missing() -> Response:
    return JSONResponse({"error": "no such attachment"}, status_code=404)


async def download(request: Request) -> Response:
    runtime: Runtime[Any] = request.app.state.runtime
    try:
        principal = runtime.verifier.verify_header(request.headers.get("authorization"))
    except AuthenticationFailed as exc:
        return JSONResponse({"error": str(exc)}, status_code=401)
    try:
        artefact_id = str(uuid.UUID(request.path_params["artefact_id"]))
        attachment_id = str(uuid.UUID(request.path_params["attachment_id"]))
    except ValueError:
        return _missing()
    context = KnowledgeContext(runtime.services, principal, None)
    reader = await context.reader()
    async with context.read() as conn:
        if not await queries.artefacts_by_id(conn, reader, [artefact_id]):
            return _missing()
        row = await library_attachments.attachment(
            conn, principal.tenant_id, artefact_id, attachment_id
        )
    if row is None:
        return _missing()
    chunks = context.commands.blobs.open(principal.tenant_id, row["blob_id"])
    try:
        first = await anext(chunks)
    except BlobNotFound:
        return _missing()
    except StopAsyncIteration:
        first = b""

    async def body() -> AsyncIterator[bytes]:
        yield first
        async for chunk in chunks:
            yield chunk

    return StreamingResponse(
        body(),
        media_type=row["media_type"],
        headers={
            "content-length": str(row["size_bytes"]),
            "content-disposition": f"attachment; filename*=UTF-8''{quote(row['filename'])}",
            "x-content-type-options": "nosniff",
            "cache-control": "private, no-store",
        },
    )

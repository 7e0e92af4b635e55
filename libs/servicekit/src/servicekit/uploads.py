"""Files sent to a subgraph by the GraphQL multipart request spec (``operations``, ``map``, files).

A service whose schema declares ``scalar Upload`` (``strawberry.file_uploads.Upload``) takes
``multipart/form-data`` at the same ``POST /graphql``, behind the same authentication and limits
as JSON: the token is checked before any byte of the body is read. The body is read as a stream
by Starlette's multipart parser (each file spooled: memory up to 1 MB, then a temporary file) and
capped as it arrives at what the caps allow at all (``max_upload_files`` files of
``max_upload_bytes``, plus ``operations`` and ``map`` within ``max_body_bytes``); then each file is
held to ``max_upload_bytes`` (413 ``UPLOAD_TOO_LARGE``, naming the file's path in the variables).
Resolvers receive Starlette ``UploadFile`` objects; the files are closed after the response.

The gateway in front refuses oversized files itself, earlier; this is the service's own guard.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass
from typing import Any

import orjson
from fastapi import Request
from starlette.datastructures import FormData, UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from strawberry.file_uploads.utils import replace_placeholders_with_files

__all__ = ["UploadLimits", "UploadRefused", "is_multipart", "read_operations"]


class UploadRefused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


@dataclass(frozen=True)
class UploadLimits:
    max_file_bytes: int
    max_files: int
    max_json_bytes: int

    @property
    def max_request_bytes(self) -> int:
        return self.max_files * self.max_file_bytes + 2 * self.max_json_bytes + 64 * 1024


def is_multipart(content_type: str | None) -> bool:
    return (content_type or "").lower().startswith("multipart/form-data")


async def _capped(request: Request, limit: int) -> AsyncGenerator[bytes, None]:
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise UploadRefused(413, "PAYLOAD_TOO_LARGE", f"the request exceeds {limit} bytes")
        yield chunk


def _json(form: FormData, name: str) -> Any:
    value = form.get(name)
    if not isinstance(value, str):
        raise UploadRefused(400, "BAD_REQUEST", f"a multipart request needs '{name}'")
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        raise UploadRefused(400, "BAD_REQUEST", f"'{name}' is not JSON") from None


async def read_operations(
    request: Request, limits: UploadLimits
) -> tuple[dict[str, Any], FormData]:
    """The request's operation with its ``UploadFile``s in place, and the form (to close)."""
    parser = MultiPartParser(
        request.headers,
        _capped(request, limits.max_request_bytes),
        max_files=limits.max_files,
        max_fields=2,
        max_part_size=limits.max_json_bytes,
    )
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise UploadRefused(400, "BAD_REQUEST", exc.message) from None
    try:
        return _operations(form, limits), form
    except BaseException:
        await form.close()
        raise


def _operations(form: FormData, limits: UploadLimits) -> dict[str, Any]:
    operations, mapping = _json(form, "operations"), _json(form, "map")
    if not isinstance(operations, dict) or not isinstance(operations.get("variables"), dict):
        raise UploadRefused(400, "BAD_REQUEST", "'operations' must be one operation with variables")
    if not isinstance(mapping, dict) or not all(
        isinstance(p, list) and all(isinstance(x, str) and x.startswith("variables.") for x in p)
        for p in mapping.values()
    ):
        raise UploadRefused(400, "BAD_REQUEST", "'map' must name paths inside 'variables'")
    files = {k: v for k, v in form.multi_items() if isinstance(v, UploadFile)}
    if set(files) != set(mapping):
        raise UploadRefused(400, "BAD_REQUEST", "the files sent are not the files in 'map'")
    for name, upload in files.items():
        if (upload.size or 0) > limits.max_file_bytes:
            where = ", ".join(mapping[name])
            message = f"the file at {where} is larger than {limits.max_file_bytes} bytes"
            raise UploadRefused(413, "UPLOAD_TOO_LARGE", message)
    try:
        placed: dict[str, Any] = replace_placeholders_with_files(operations, mapping, files)
    except (KeyError, IndexError, ValueError, TypeError):
        raise UploadRefused(400, "BAD_REQUEST", "a path in 'map' is not in the variables") from None
    return placed

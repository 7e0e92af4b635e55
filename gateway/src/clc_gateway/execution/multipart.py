"""Files on their way to a subgraph: the GraphQL multipart request spec, written as a stream.

The door (``http/upload.py``) puts an ``Upload`` wherever the client's ``map`` placed a file in
the variables; the plan runs as usual. When a fetch's variables hold uploads, the client sends
that fetch as a multipart request of the same spec (``operations`` with nulls where the files
go, ``map``, then each file once, read from its spool file in chunks), so the subgraph whose root
field takes the ``Upload`` gets the files and no other subgraph sees them.

Whether a request carries files at all is a context variable, so the fetches of every other
request pay one ``ContextVar.get`` and nothing else.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import IO, Any

import orjson

__all__ = ["Multipart", "Upload", "carrying_uploads", "split_uploads"]

CHUNK = 256 * 1024

carrying_uploads: ContextVar[bool] = ContextVar("gateway_carrying_uploads", default=False)
"""True while a request with files is being executed."""


@dataclass(eq=False)
class Upload:
    """One file of a multipart request, spooled (memory up to a threshold, then a temp file)."""

    field: str
    """The multipart field it came in (``"0"``)."""
    paths: list[str]
    """Where the client's ``map`` put it (``variables.file``)."""
    filename: str
    content_type: str
    file: IO[bytes]
    size: int = 0


@dataclass
class Multipart:
    """A subgraph request with files: its body as a stream, and its exact length."""

    content_type: str
    length: int
    parts: list[bytes | Upload] = field(default_factory=list)

    async def stream(self) -> AsyncIterator[bytes]:
        for part in self.parts:
            if isinstance(part, bytes):
                yield part
                continue
            part.file.seek(0)
            while chunk := part.file.read(CHUNK):
                yield chunk


def _walk(value: Any, path: str, found: dict[Upload, list[str]]) -> Any:
    if isinstance(value, Upload):
        found.setdefault(value, []).append(path)
        return None
    if isinstance(value, dict):
        return {k: _walk(v, f"{path}.{k}", found) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, f"{path}.{i}", found) for i, v in enumerate(value)]
    return value


def split_uploads(query: str, variables: dict[str, Any] | None) -> Multipart | None:
    """The multipart request for a fetch whose variables hold uploads; None when they hold none."""
    found: dict[Upload, list[str]] = {}
    nulled = _walk(variables or {}, "variables", found)
    if not found:
        return None
    boundary = f"clc-gateway-{secrets.token_hex(12)}"
    operations = orjson.dumps({"query": query, "variables": nulled})
    names = {upload: str(i) for i, upload in enumerate(found)}
    mapping = orjson.dumps({names[u]: paths for u, paths in found.items()})
    parts: list[bytes | Upload] = [
        _head(boundary, 'name="operations"', "application/json")[2:] + operations,
        _head(boundary, 'name="map"', "application/json") + mapping,
    ]
    for upload, name in names.items():
        filename = upload.filename.replace('"', "%22").replace("\r", "").replace("\n", "")
        disposition = f'name="{name}"; filename="{filename}"'
        parts += [_head(boundary, disposition, upload.content_type), upload]
    parts.append(f"\r\n--{boundary}--\r\n".encode())
    length = sum(len(p) if isinstance(p, bytes) else p.size for p in parts)
    return Multipart(f"multipart/form-data; boundary={boundary}", length, parts)


def _head(boundary: str, disposition: str, content_type: str) -> bytes:
    # each part starts with the CRLF that ends the one before (cut off the first one's)
    return (
        f"\r\n--{boundary}\r\nContent-Disposition: form-data; {disposition}\r\n"
        f"Content-Type: {content_type}\r\n\r\n"
    ).encode()

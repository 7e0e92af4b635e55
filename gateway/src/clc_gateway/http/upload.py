"""File uploads at ``POST /graphql``: the GraphQL multipart request spec, read as a stream.

A ``multipart/form-data`` request carries ``operations`` (the usual JSON body, with nulls where
files go), then ``map`` (``{"0": ["variables.file"]}``), then the files. They are read part by part
as they arrive: each file is spooled (``SpooledTemporaryFile``: memory up to 1 MB, then disk), so
a 20 MB upload never sits whole in memory, and refused as early as it can be —

- a ``Content-Length`` over what the caps allow at all (every file at the cap, plus the JSON cap):
  413 ``PAYLOAD_TOO_LARGE`` before reading;
- more files in ``map`` than ``max_files``: 413 ``TOO_MANY_FILES`` as soon as ``map`` is read;
- a file over ``max_file_bytes``: 413 ``UPLOAD_TOO_LARGE`` naming its path in the variables
  (``variables.file``) — for a request with one file as soon as ``map`` is read, from the bytes
  still to come; otherwise the moment the file passes the cap, the rest never read;
- anything else out of the spec (no ``operations``, a file not in ``map``, a path outside
  ``variables``): 400 ``BAD_REQUEST``.

The ``Upload`` objects then stand in the variables where ``map`` put them; the plan runs as for
JSON, and the fetch that receives them forwards them (``execution/multipart.py``).
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import orjson
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from clc_gateway.execution.multipart import Upload, carrying_uploads

from .door import Refusal

__all__ = ["Refused", "UploadLimits", "is_multipart", "receiving"]

SPOOL_IN_MEMORY = 1024 * 1024
# bytes a file part brings besides its content (boundary, headers): below this much over the cap,
# the early check from Content-Length leaves the judgement to the count while streaming
_PART_OVERHEAD = 8 * 1024


class Refused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.refusal = Refusal(status, code, message)


@dataclass(frozen=True)
class UploadLimits:
    max_file_bytes: int = 20_000_000
    """The largest file (``GATEWAY_MAX_UPLOAD_BYTES``); separate from the JSON body cap."""
    max_files: int = 10
    max_json_bytes: int = 1_000_000
    """The largest ``operations`` or ``map`` part (the JSON body cap)."""


def is_multipart(content_type: str | None) -> bool:
    return bool(content_type) and content_type.lower().startswith("multipart/form-data")  # type: ignore[union-attr]


def _bad(message: str) -> Refused:
    return Refused(400, "BAD_REQUEST", message)


@dataclass
class _Reader:
    """The parser's callbacks: what the part being read is, and what was read so far."""

    limits: UploadLimits
    declared: int | None
    consumed: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    header: list[bytes] = field(default_factory=lambda: [b"", b""])
    json_parts: dict[str, bytearray] = field(default_factory=dict)
    mapping: dict[str, list[str]] | None = None
    uploads: dict[str, Upload] = field(default_factory=dict)
    current: Upload | bytearray | None = None

    def callbacks(self) -> Any:  # python-multipart's MultipartCallbacks (a TypedDict)
        return {
            "on_part_begin": self._begin,
            "on_header_field": lambda d, s, e: self._header(0, d[s:e]),
            "on_header_value": lambda d, s, e: self._header(1, d[s:e]),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._data,
            "on_part_end": self._end,
        }

    def _begin(self) -> None:
        self.headers = {}

    def _header(self, i: int, data: bytes) -> None:
        self.header[i] += data

    def _header_end(self) -> None:
        name, value = self.header
        self.headers[name.decode("latin-1").lower()] = value.decode("latin-1")
        self.header = [b"", b""]

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get("content-disposition"))
        name = options.get(b"name", b"").decode("utf-8", "replace")
        filename = options.get(b"filename")
        if name in ("operations", "map") and filename is None:
            if name in self.json_parts:
                raise _bad(f"'{name}' is sent twice")
            if name == "map" and "operations" not in self.json_parts:
                raise _bad("'operations' must come before 'map'")
            self.current = self.json_parts[name] = bytearray()
            return
        if self.mapping is None:
            raise _bad("'operations' and 'map' must come before the files")
        if name not in self.mapping or name in self.uploads:
            raise _bad(f"the file field '{name}' is not in 'map' (or sent twice)")
        spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115
        content_type = self.headers.get("content-type", "application/octet-stream")
        decoded = (filename or b"").decode("utf-8", "replace")
        upload = Upload(name, self.mapping[name], decoded, content_type, spool)
        self.current = self.uploads[name] = upload

    def _data(self, data: bytes, start: int, end: int) -> None:
        part = self.current
        if isinstance(part, bytearray):
            part += data[start:end]
            if len(part) > self.limits.max_json_bytes:
                message = f"'operations' or 'map' is larger than {self.limits.max_json_bytes} bytes"
                raise Refused(413, "PAYLOAD_TOO_LARGE", message)
        elif isinstance(part, Upload):
            part.size += end - start
            if part.size > self.limits.max_file_bytes:
                raise _too_large(part.paths, self.limits)
            part.file.write(data[start:end])

    def _end(self) -> None:
        if self.current is self.json_parts.get("map"):
            self.mapping = _parse_map(bytes(self.json_parts["map"]), self.limits)
            self._judge_from_length()
        self.current = None

    def _judge_from_length(self) -> None:
        """One file and a Content-Length: its size is known before its first byte."""
        if self.declared is None or self.mapping is None or len(self.mapping) != 1:
            return
        # ``consumed`` counts whole chunks, so the bytes still to come are at least this many
        still = self.declared - self.consumed
        if still > self.limits.max_file_bytes + _PART_OVERHEAD:
            raise _too_large(next(iter(self.mapping.values())), self.limits)


def _too_large(paths: list[str], limits: UploadLimits) -> Refused:
    where = ", ".join(paths)
    message = f"the file at {where} is larger than {limits.max_file_bytes} bytes"
    return Refused(413, "UPLOAD_TOO_LARGE", message)


def _parse_map(raw: bytes, limits: UploadLimits) -> dict[str, list[str]]:
    try:
        mapping = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise _bad("'map' is not JSON") from None
    if not isinstance(mapping, dict) or not all(
        isinstance(paths, list) and paths and all(isinstance(p, str) for p in paths)
        for paths in mapping.values()
    ):
        raise _bad("'map' must be an object of field name -> list of paths")
    if len(mapping) > limits.max_files:
        message = f"the request has {len(mapping)} files; at most {limits.max_files} are taken"
        raise Refused(413, "TOO_MANY_FILES", message)
    for paths in mapping.values():
        if not all(p.startswith("variables.") for p in paths):
            raise _bad("every path in 'map' must be inside 'variables'")
    return mapping


def _place(operations: dict[str, Any], uploads: dict[str, Upload]) -> None:
    """Put each upload where ``map`` says, in place of the null the client left there."""
    for upload in uploads.values():
        for path in upload.paths:
            *parents, last = path.split(".")
            target: Any = operations
            try:
                for key in parents:
                    target = target[int(key)] if isinstance(target, list) else target[key]
                if isinstance(target, list):
                    target[int(last)] = upload
                elif isinstance(target, dict):
                    target[last] = upload
                else:
                    raise TypeError(path)
            except (KeyError, IndexError, ValueError, TypeError):
                message = f"the path {path} in 'map' is not in the operation's variables"
                raise _bad(message) from None


def _reader(request: Request, limits: UploadLimits) -> tuple[_Reader, MultipartParser]:
    _, options = parse_options_header(request.headers.get("content-type"))
    boundary = options.get(b"boundary")
    if not boundary:
        raise _bad("a multipart request needs a boundary")
    length = request.headers.get("content-length")
    declared = int(length) if length is not None and length.isdigit() else None
    most = limits.max_files * (limits.max_file_bytes + _PART_OVERHEAD) + 2 * limits.max_json_bytes
    if declared is not None and declared > most:
        message = f"the request body is larger than {most} bytes"
        raise Refused(413, "PAYLOAD_TOO_LARGE", message)
    reader = _Reader(limits, declared)
    return reader, MultipartParser(boundary, reader.callbacks())


async def _read(request: Request, reader: _Reader, parser: MultipartParser) -> dict[str, Any]:
    try:
        async for chunk in request.stream():
            reader.consumed += len(chunk)
            parser.write(chunk)
        parser.finalize()
    except Refused:
        raise
    except Exception as exc:  # python-multipart's own errors: a malformed body
        raise _bad(f"the multipart body is malformed: {exc}") from None
    if reader.mapping is None:
        raise _bad("a multipart request needs 'operations' and 'map'")
    missing = set(reader.mapping) - set(reader.uploads)
    if missing:
        raise _bad(f"the files {sorted(missing)} named in 'map' were not sent")
    try:
        operations = orjson.loads(bytes(reader.json_parts["operations"]))
    except orjson.JSONDecodeError:
        raise _bad("'operations' is not JSON") from None
    if not isinstance(operations, dict):
        raise _bad("'operations' must be one operation (a JSON object); batches are not served")
    if not isinstance(operations.get("variables"), dict):
        raise _bad("'operations' has no 'variables' to put the files in")
    _place(operations, reader.uploads)
    return operations


@asynccontextmanager
async def receiving(request: Request, limits: UploadLimits) -> AsyncIterator[dict[str, Any]]:
    """The request's operation with its files in place, for the block; raises ``Refused``. The
    spooled files are closed (so deleted) when the block ends, and on any refusal."""
    reader, parser = _reader(request, limits)
    token = carrying_uploads.set(True)
    try:
        yield await _read(request, reader, parser)
    finally:
        carrying_uploads.reset(token)
        for upload in reader.uploads.values():
            upload.file.close()

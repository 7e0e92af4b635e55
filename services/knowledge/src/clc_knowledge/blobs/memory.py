"""Blob store and attachment texts in memory: for unit tests and tools that keep nothing."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterable, AsyncIterator

from .base import BlobNotFound, BlobRef, Hasher

__all__ = ["InMemoryAttachmentTexts", "InMemoryBlobStore"]


class InMemoryBlobStore:
    def __init__(self) -> None:
        self.blobs: dict[tuple[str, str], bytes] = {}

    async def put(
        self, tenant_id: str, chunks: AsyncIterable[bytes], *, key: str | None = None
    ) -> BlobRef:
        blob_id = key or str(uuid.uuid4())
        hasher = Hasher()
        data = b"".join([hasher.update(c) async for c in chunks])
        self.blobs.setdefault((tenant_id, blob_id), data)
        return hasher.ref(blob_id)

    async def open(self, tenant_id: str, blob_id: str) -> AsyncIterator[bytes]:
        found = self.blobs.get((tenant_id, blob_id))
        if found is None:
            raise BlobNotFound(blob_id)
        yield found

    async def delete(self, tenant_id: str, blob_id: str) -> None:
        self.blobs.pop((tenant_id, blob_id), None)


class InMemoryAttachmentTexts:
    def __init__(self) -> None:
        self.texts: dict[tuple[str, str], str] = {}

    async def save(self, tenant_id: str, blob_id: str, text: str) -> None:
        self.texts.setdefault((tenant_id, blob_id), text)

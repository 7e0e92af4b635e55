"""The blob store: where attachment bytes live, behind three operations.

``put(tenant, chunks, key=...)`` stores a stream of bytes and returns its ``BlobRef`` (id, SHA-256,
size); ``open(tenant, id)`` streams them back; ``delete(tenant, id)`` forgets them. Every call names
the tenant: the PostgreSQL store keeps blobs under the tenant's row-level security, the S3 store
under a per-tenant key prefix, so an id never opens another tenant's blob.

``key`` makes a put repeatable: the caller derives it from what it stores (the attachment and the
content's hash), so a retried upload lands on the same blob instead of a second one, and two
different contents never share an id (a blob is never overwritten with other bytes).

The application writes the blob *before* appending the event that names it: a failure in between
leaves an orphan blob (harmless, unreferenced; a sweep may delete it), never an event naming a
blob that is not there.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from typing import Protocol

__all__ = ["BlobNotFound", "BlobRef", "BlobStore", "Hasher"]


@dataclass(frozen=True)
class BlobRef:
    id: str
    sha256: str
    size: int


class BlobNotFound(LookupError):
    """No blob with this id in this tenant."""


class BlobStore(Protocol):
    async def put(
        self, tenant_id: str, chunks: AsyncIterable[bytes], *, key: str | None = None
    ) -> BlobRef:
        """Store the bytes; ``key`` is the blob's id if given (a repeat is a no-op)."""
        ...

    def open(self, tenant_id: str, blob_id: str) -> AsyncIterator[bytes]:
        """The blob's bytes, in chunks; ``BlobNotFound`` (on first iteration) if absent."""
        ...

    async def delete(self, tenant_id: str, blob_id: str) -> None:
        """Forget the blob (absent already: nothing happens)."""
        ...


class Hasher:
    """Counts and hashes the bytes passing through a put."""

    def __init__(self) -> None:
        self._sha = hashlib.sha256()
        self.size = 0

    def update(self, chunk: bytes) -> bytes:
        self._sha.update(chunk)
        self.size += len(chunk)
        return chunk

    def ref(self, blob_id: str) -> BlobRef:
        return BlobRef(blob_id, self._sha.hexdigest(), self.size)

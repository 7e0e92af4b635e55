"""The default blob store: ``bytea`` chunks in the knowledge database, under tenant RLS.

A put reads the stream into chunks of ``CHUNK`` bytes and writes them, with the ``kn_blobs`` row,
in one transaction: a blob is there whole or not at all. ``external`` storage on the chunk column
skips compressing what is mostly already compressed (PDF, DOCX, JPEG, PNG).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterable, AsyncIterator

import asyncpg
from eventkit.pg import tenant_transaction

from .base import BlobNotFound, BlobRef, Hasher

__all__ = ["CHUNK", "PostgresAttachmentTexts", "PostgresBlobStore"]

CHUNK = 1024 * 1024


async def rechunk(chunks: AsyncIterable[bytes], size: int = CHUNK) -> AsyncIterator[bytes]:
    """The same bytes in pieces of exactly ``size`` (the last one shorter)."""
    pending = bytearray()
    async for chunk in chunks:
        pending += chunk
        while len(pending) >= size:
            yield bytes(pending[:size])
            del pending[:size]
    if pending:
        yield bytes(pending)


class PostgresBlobStore:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def put(
        self, tenant_id: str, chunks: AsyncIterable[bytes], *, key: str | None = None
    ) -> BlobRef:
        blob_id = key or str(uuid.uuid4())
        hasher = Hasher()
        async with tenant_transaction(self._pool, tenant_id) as conn:
            known = await conn.fetchrow(
                "select sha256, size_bytes from kn_blobs where tenant_id = $1 and blob_id = $2",
                tenant_id,
                blob_id,
            )
            if known is not None:  # a repeated put of the same key: the blob is already whole
                return BlobRef(blob_id, known["sha256"], known["size_bytes"])
            seq = 0
            async for piece in rechunk(chunks):
                await conn.execute(
                    "insert into kn_blob_chunks (tenant_id, blob_id, seq, data)"
                    " values ($1, $2, $3, $4)",
                    tenant_id,
                    blob_id,
                    seq,
                    hasher.update(piece),
                )
                seq += 1
            ref = hasher.ref(blob_id)
            await conn.execute(
                "insert into kn_blobs (tenant_id, blob_id, sha256, size_bytes)"
                " values ($1, $2, $3, $4)",
                tenant_id,
                blob_id,
                ref.sha256,
                ref.size,
            )
        return ref

    async def open(self, tenant_id: str, blob_id: str) -> AsyncIterator[bytes]:
        # One chunk per round trip: a 20 MB download never sits in memory whole.
        async with tenant_transaction(self._pool, tenant_id) as conn:
            exists = await conn.fetchval(
                "select true from kn_blobs where tenant_id = $1 and blob_id = $2",
                tenant_id,
                blob_id,
            )
            if not exists:
                raise BlobNotFound(blob_id)
            seq = 0
            while True:
                data = await conn.fetchval(
                    "select data from kn_blob_chunks"
                    " where tenant_id = $1 and blob_id = $2 and seq = $3",
                    tenant_id,
                    blob_id,
                    seq,
                )
                if data is None:
                    return
                yield data
                seq += 1

    async def delete(self, tenant_id: str, blob_id: str) -> None:
        async with tenant_transaction(self._pool, tenant_id) as conn:
            await conn.execute(
                "delete from kn_blobs where tenant_id = $1 and blob_id = $2", tenant_id, blob_id
            )
            await conn.execute(
                "delete from kn_blob_chunks where tenant_id = $1 and blob_id = $2",
                tenant_id,
                blob_id,
            )


class PostgresAttachmentTexts:
    """The text extracted from attachments, in ``kn_attachment_texts`` (whatever holds the
    bytes)."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def save(self, tenant_id: str, blob_id: str, text: str) -> None:
        async with tenant_transaction(self._pool, tenant_id) as conn:
            await conn.execute(
                "insert into kn_attachment_texts (tenant_id, blob_id, text) values ($1, $2, $3)"
                " on conflict do nothing",
                tenant_id,
                blob_id,
                text,
            )

"""The S3-compatible blob store (AWS S3, MinIO, Ceph…), with boto3.

Objects are keyed ``<prefix><tenant>/<blob id>``: the tenant comes from the caller's token, so an
id can never open another tenant's object. boto3 is synchronous, so each call runs in a worker
thread. A put spools the stream to a temporary file (in memory up to 8 MiB), hashing it on the
way, then uploads it (boto3 switches to a multipart upload for large files by itself).
"""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from collections.abc import AsyncIterable, AsyncIterator
from typing import Any

from .base import BlobNotFound, BlobRef, Hasher

__all__ = ["S3BlobStore"]

_SPOOL = 8 * 1024 * 1024
_READ = 1024 * 1024


class S3BlobStore:
    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self._s3 = client
        self._bucket = bucket
        self._prefix = prefix

    def _key(self, tenant_id: str, blob_id: str) -> str:
        if "/" in tenant_id or "/" in blob_id:
            raise ValueError("tenant and blob ids hold no '/'")
        return f"{self._prefix}{tenant_id}/{blob_id}"

    async def put(
        self, tenant_id: str, chunks: AsyncIterable[bytes], *, key: str | None = None
    ) -> BlobRef:
        blob_id = key or str(uuid.uuid4())
        object_key = self._key(tenant_id, blob_id)
        hasher = Hasher()
        with tempfile.SpooledTemporaryFile(max_size=_SPOOL) as spool:
            async for chunk in chunks:
                spool.write(hasher.update(chunk))
            spool.seek(0)
            ref = hasher.ref(blob_id)
            await asyncio.to_thread(
                self._s3.upload_fileobj,
                spool,
                self._bucket,
                object_key,
                ExtraArgs={"Metadata": {"sha256": ref.sha256}},
            )
        return ref

    async def open(self, tenant_id: str, blob_id: str) -> AsyncIterator[bytes]:
        object_key = self._key(tenant_id, blob_id)
        try:
            found = await asyncio.to_thread(
                self._s3.get_object, Bucket=self._bucket, Key=object_key
            )
        except self._s3.exceptions.NoSuchKey:
            raise BlobNotFound(blob_id) from None
        body = found["Body"]
        try:
            while chunk := await asyncio.to_thread(body.read, _READ):
                yield chunk
        finally:
            body.close()

    async def delete(self, tenant_id: str, blob_id: str) -> None:
        await asyncio.to_thread(
            self._s3.delete_object, Bucket=self._bucket, Key=self._key(tenant_id, blob_id)
        )

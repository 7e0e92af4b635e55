"""The blob-store contract, run against both implementations: PostgreSQL (bytea chunks under
tenant RLS, the default) and S3 (boto3 against a moto server on loopback, which speaks the S3
protocol)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import AsyncIterator

import boto3
import pytest
from clc_knowledge.blobs import BlobNotFound, BlobStore, PostgresBlobStore, S3BlobStore
from moto.server import ThreadedMotoServer

from tests.integration.knowledge.database import app_pool

pytestmark = pytest.mark.integration

A, B = "tenant-a", "tenant-b"


@pytest.fixture(scope="module")
def moto_endpoint() -> AsyncIterator[str]:  # type: ignore[misc]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture(params=["postgres", "s3"])
async def store(request, new_database, moto_endpoint: str) -> AsyncIterator[BlobStore]:  # type: ignore[no-untyped-def]
    if request.param == "s3":
        client = boto3.client(
            "s3",
            endpoint_url=moto_endpoint,
            region_name="us-east-1",
            aws_access_key_id="test",
            aws_secret_access_key="test",
        )
        bucket = f"blobs-{os.urandom(4).hex()}"
        client.create_bucket(Bucket=bucket)
        yield S3BlobStore(client, bucket, prefix="attachments/")
        return
    async with app_pool(new_database) as (_, pool):
        yield PostgresBlobStore(pool)


async def chunks_of(data: bytes, size: int = 300_000) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


async def read_all(store: BlobStore, tenant: str, blob_id: str) -> bytes:
    return b"".join([chunk async for chunk in store.open(tenant, blob_id)])


async def test_what_is_put_opens_byte_for_byte_with_its_hash_and_size(store: BlobStore) -> None:
    data = os.urandom(2_500_000)  # more than two PostgreSQL chunks
    ref = await store.put(A, chunks_of(data))
    assert (ref.sha256, ref.size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert await read_all(store, A, ref.id) == data


async def test_an_empty_blob_is_a_blob(store: BlobStore) -> None:
    ref = await store.put(A, chunks_of(b""))
    assert (ref.size, await read_all(store, A, ref.id)) == (0, b"")


async def test_a_put_under_a_key_is_repeatable_and_keeps_the_first_bytes(
    store: BlobStore,
) -> None:
    first = await store.put(A, chunks_of(b"first"), key="k-1")
    again = await store.put(A, chunks_of(b"first"), key="k-1")
    assert first == again and first.id == "k-1"
    assert await read_all(store, A, "k-1") == b"first"


async def test_another_tenant_cannot_open_or_delete_a_blob_by_its_id(store: BlobStore) -> None:
    ref = await store.put(A, chunks_of(b"tenant a only"))
    with pytest.raises(BlobNotFound):
        await read_all(store, B, ref.id)
    await store.delete(B, ref.id)
    assert await read_all(store, A, ref.id) == b"tenant a only"


async def test_a_deleted_blob_is_gone_and_deleting_twice_is_fine(store: BlobStore) -> None:
    ref = await store.put(A, chunks_of(b"short-lived"))
    await store.delete(A, ref.id)
    await store.delete(A, ref.id)
    with pytest.raises(BlobNotFound):
        await read_all(store, A, ref.id)
    with pytest.raises(BlobNotFound):
        await read_all(store, A, "never-stored")

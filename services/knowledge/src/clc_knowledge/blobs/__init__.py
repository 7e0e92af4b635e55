"""Where attachment bytes live: a small ``BlobStore`` interface with two implementations,
PostgreSQL (the default: ``bytea`` chunks under tenant RLS) and S3-compatible (boto3), chosen by
the settings' ``blob_store`` (see ``store_from``)."""

from __future__ import annotations

from typing import Any

import asyncpg

from .base import BlobNotFound, BlobRef, BlobStore
from .memory import InMemoryAttachmentTexts, InMemoryBlobStore
from .postgres import PostgresAttachmentTexts, PostgresBlobStore
from .s3 import S3BlobStore
from .schema import BLOB_MIGRATIONS, BLOB_TABLES

__all__ = [
    "BLOB_MIGRATIONS",
    "BLOB_TABLES",
    "BlobNotFound",
    "BlobRef",
    "BlobStore",
    "InMemoryAttachmentTexts",
    "InMemoryBlobStore",
    "PostgresAttachmentTexts",
    "PostgresBlobStore",
    "S3BlobStore",
    "store_from",
]


def store_from(settings: Any, pool: asyncpg.Pool) -> BlobStore:
    """The store the settings name: ``postgres`` (default) or ``s3`` (``blob_s3_*`` settings)."""
    if settings.blob_store == "s3":
        import boto3  # only a deployment that asks for S3 pays for importing boto3

        client = boto3.client(
            "s3",
            endpoint_url=settings.blob_s3_endpoint_url,
            region_name=settings.blob_s3_region,
            aws_access_key_id=settings.blob_s3_access_key_id,
            aws_secret_access_key=settings.blob_s3_secret_access_key,
        )
        return S3BlobStore(client, settings.blob_s3_bucket, settings.blob_s3_prefix)
    return PostgresBlobStore(pool)

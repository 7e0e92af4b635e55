"""The PostgreSQL blob store's tables, and the text extracted from attachments, under the tenant
row-level security (``servicekit.rls``) like every table of the service.

Blobs are ``bytea`` chunks (1 MiB each) rather than large objects: ``pg_largeobject`` is a system
catalog that row-level security cannot guard. ``kn_blobs`` is written in the same transaction as
the chunks, so a blob row means the blob is whole.

``kn_attachment_texts`` keeps the text extracted from an attachment (PDF, DOCX) beside its blob,
whichever store holds the bytes: the ``AttachmentAdded`` event carries only the text's length, and
the library projection reads the text from here. These tables are not read models: a rebuild
keeps them.
"""

from __future__ import annotations

from eventkit.migrations import Migration
from servicekit.rls import rls_guard

__all__ = ["BLOB_MIGRATIONS", "BLOB_TABLES"]

BLOB_TABLES = ("kn_blobs", "kn_blob_chunks", "kn_attachment_texts")

_TABLES = """
create table kn_blobs (
    tenant_id text not null, blob_id text not null,
    sha256 text not null, size_bytes bigint not null, stored_at timestamptz not null default now(),
    primary key (tenant_id, blob_id));
create table kn_blob_chunks (
    tenant_id text not null, blob_id text not null, seq int not null, data bytea not null,
    primary key (tenant_id, blob_id, seq));
alter table kn_blob_chunks alter column data set storage external;
create table kn_attachment_texts (
    tenant_id text not null, blob_id text not null, text text not null,
    primary key (tenant_id, blob_id));
"""

BLOB_MIGRATIONS = [
    Migration("knowledge_0101_blobs", _TABLES + "".join(rls_guard(t) for t in BLOB_TABLES)),
]

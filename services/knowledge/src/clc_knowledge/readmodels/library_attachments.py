"""Reading an artefact's current attachments (``kn_library_attachments``); call only for
artefacts the reader sees (``queries.artefacts_by_id`` decides that)."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

__all__ = ["attachment", "attachments_of"]

_COLUMNS = (
    "artefact_id, attachment_id, blob_id, filename, media_type, size_bytes, sha256, version,"
    " added_by, added_at, length(text) as text_length"
)


async def attachments_of(
    conn: asyncpg.Connection, tenant_id: str, artefact_ids: Sequence[str]
) -> list[asyncpg.Record]:
    """Every current attachment of these artefacts, oldest first."""
    rows: list[asyncpg.Record] = await conn.fetch(
        f"select {_COLUMNS} from kn_library_attachments"
        " where tenant_id = $1 and artefact_id = any($2::text[]) order by added_at, attachment_id",
        tenant_id,
        list(artefact_ids),
    )
    return rows


async def attachment(
    conn: asyncpg.Connection, tenant_id: str, artefact_id: str, attachment_id: str
) -> asyncpg.Record | None:
    row: asyncpg.Record | None = await conn.fetchrow(
        f"select {_COLUMNS} from kn_library_attachments"
        " where tenant_id = $1 and artefact_id = $2 and attachment_id = $3",
        tenant_id,
        artefact_id,
        attachment_id,
    )
    return row

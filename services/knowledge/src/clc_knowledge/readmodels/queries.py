"""Reading the artefact read models, always under the caller's tenant and visibility.

Each function takes a connection inside the caller's ``tenant_transaction`` and the caller as a
``Reader``; rows the reader may not see are never returned (``visibility.visible_sql``), so an
artefact one may not see reads exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from clc_knowledge.domain import Reader

from .visibility import reader_parameters, visible_sql

__all__ = ["artefact_versions", "artefacts_by_id"]


async def artefacts_by_id(
    conn: asyncpg.Connection, reader: Reader, ids: Sequence[str]
) -> list[asyncpg.Record]:
    rows: list[asyncpg.Record] = await conn.fetch(
        f"select * from kn_artefacts where artefact_id = any($7::text[]) and {visible_sql(1)}",
        *reader_parameters(reader),
        list(ids),
    )
    return rows


async def artefact_versions(
    conn: asyncpg.Connection, tenant_id: str, artefact_id: str, *, before: int | None, limit: int
) -> list[asyncpg.Record]:
    """Versions newest first, below ``before`` (a page), each with its ``page_key``; call only
    for an artefact the reader sees."""
    rows: list[asyncpg.Record] = await conn.fetch(
        "select *, version::text as page_key from kn_artefact_versions"
        " where tenant_id = $1 and artefact_id = $2 and ($3::int is null or version < $3)"
        " order by version desc limit $4",
        tenant_id,
        artefact_id,
        before,
        limit,
    )
    return rows

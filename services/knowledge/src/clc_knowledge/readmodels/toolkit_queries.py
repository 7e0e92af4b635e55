"""Reading toolkits, always under the caller's tenant and visibility (a toolkit is seen by the
artefact's rule, ``visibility.visible_sql``; its artefacts are then each filtered again when
loaded, so a toolkit never shows an artefact its reader may not see)."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

from clc_knowledge.domain import Reader

from .visibility import reader_parameters, visible_sql

__all__ = ["group_toolkits", "network_toolkits", "toolkit_adoptions", "toolkits_by_id"]


async def toolkits_by_id(
    conn: asyncpg.Connection, reader: Reader, ids: Sequence[str]
) -> list[asyncpg.Record]:
    rows: list[asyncpg.Record] = await conn.fetch(
        f"select * from kn_toolkits where toolkit_id = any($7::text[]) and {visible_sql(1)}",
        *reader_parameters(reader),
        list(ids),
    )
    return rows


async def group_toolkits(
    conn: asyncpg.Connection, reader: Reader, group_id: str, *, after: str | None, limit: int
) -> list[asyncpg.Record]:
    """The group's own toolkits and those it adopted, by id (the page key)."""
    rows: list[asyncpg.Record] = await conn.fetch(
        "select t.*, t.toolkit_id as page_key from kn_toolkits t"
        f" where {visible_sql(1, 't')} and (t.group_id = $7 or exists (select 1"
        " from kn_toolkit_adoptions a where a.tenant_id = t.tenant_id"
        " and a.toolkit_id = t.toolkit_id and a.group_id = $7))"
        " and ($8::text is null or t.toolkit_id > $8) order by t.toolkit_id limit $9",
        *reader_parameters(reader),
        group_id,
        after,
        limit,
    )
    return rows


async def network_toolkits(
    conn: asyncpg.Connection, reader: Reader, network_id: str, *, after: str | None, limit: int
) -> list[asyncpg.Record]:
    rows: list[asyncpg.Record] = await conn.fetch(
        "select t.*, t.toolkit_id as page_key from kn_toolkits t"
        f" where {visible_sql(1, 't')} and t.network_id = $7"
        " and ($8::text is null or t.toolkit_id > $8) order by t.toolkit_id limit $9",
        *reader_parameters(reader),
        network_id,
        after,
        limit,
    )
    return rows


async def toolkit_adoptions(
    conn: asyncpg.Connection, tenant_id: str, toolkit_id: str
) -> list[asyncpg.Record]:
    """Adoptions of a toolkit the reader sees, oldest first."""
    rows: list[asyncpg.Record] = await conn.fetch(
        "select * from kn_toolkit_adoptions where tenant_id = $1 and toolkit_id = $2"
        " order by adopted_at, group_id",
        tenant_id,
        toolkit_id,
    )
    return rows

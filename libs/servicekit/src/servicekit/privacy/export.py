"""The access export: every row a service's read models hold that names a person's id.

A row is about the person when one of its columns holds their id, or an array column contains it
(``contributor_ids``, ``attendees``…): the export finds them by looking, table by table, rather
than from a list of "person columns" someone must keep up to date. Ids are random (uuids), so a
row that merely shares the id's text with another kind of thing does not occur. The search reads
each table once, under the tenant's row-level security; an export is rare, so that is cheap
enough.

Who may ask: the person themself, or a tenant admin of their tenant (``may_access``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import asyncpg
from eventkit.principal import Principal

__all__ = ["TENANT_ADMIN", "may_access", "personal_data_part", "rows_about"]

TENANT_ADMIN = "tenant_admin"


def may_access(viewer: Principal, person_id: str) -> bool:
    """The person themself, or a tenant admin (of the tenant the viewer acts in)."""
    return viewer.person_id == person_id or viewer.has_role(TENANT_ADMIN)


_ABOUT = (
    "select to_jsonb(t)::text as row from {table} t where exists ("
    " select 1 from jsonb_each(to_jsonb(t)) kv where kv.value = to_jsonb($1::text)"
    " or (jsonb_typeof(kv.value) = 'array' and kv.value @> jsonb_build_array($1::text)))"
)


async def rows_about(
    conn: asyncpg.Connection, tables: Sequence[str], person_id: str
) -> dict[str, list[dict[str, Any]]]:
    """Table name → the rows that name ``person_id`` (tables without any are left out)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for table in tables:
        rows = await conn.fetch(_ABOUT.format(table=table), person_id)
        if rows:
            found[table] = [json.loads(r["row"]) for r in rows]
    return found


async def personal_data_part(
    conn: asyncpg.Connection,
    *,
    service: str,
    tables: Sequence[str],
    person_id: str,
    notes: Sequence[str] = (),
) -> dict[str, Any]:
    """One service's part of a person's export: its rows about them, and what it says of them."""
    return {
        "service": service,
        "practitionerId": person_id,
        "exportedAt": datetime.now(UTC).isoformat(),
        "tables": await rows_about(conn, tables, person_id),
        "notes": list(notes),
    }

"""Scanning a whole database for strings that must not be there (a person's name, email).

Every table of the ``public`` schema is read as text, row by row, as its owner (no row-level
security in the way): read models, the event store, the outbox and the plumbing alike.
"""

from __future__ import annotations

from collections.abc import Iterable

import asyncpg

__all__ = ["tables_holding"]


async def tables_holding(dsn: str, needles: Iterable[str]) -> dict[str, list[str]]:
    """Needle → the tables in which some row's text contains it (case-insensitive)."""
    conn = await asyncpg.connect(dsn)
    try:
        tables = [
            r["table_name"]
            for r in await conn.fetch(
                "select table_name from information_schema.tables"
                " where table_schema = 'public' and table_type = 'BASE TABLE' order by 1"
            )
        ]
        found: dict[str, list[str]] = {}
        for needle in needles:
            for table in tables:
                hit = await conn.fetchval(
                    f'select exists (select 1 from "{table}" t'
                    " where strpos(lower(t::text), lower($1)) > 0)",
                    needle,
                )
                if hit:
                    found.setdefault(needle, []).append(table)
        return found
    finally:
        await conn.close()

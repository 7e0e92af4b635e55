"""Ordered SQL migrations, applied at start-up and tracked in a table.

A migration is a name and SQL text. ``migrate`` applies those not yet recorded, each in its own
transaction, in list order, under an advisory lock so that two processes starting at once do not
race. Names are recorded with a checksum; an applied migration whose text later changed is refused
rather than silently skipped, because the database would no longer match the code.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import asyncpg

__all__ = ["Migration", "migrate"]

_LOCK_KEY = 0x636C63  # "clc": one advisory lock id for every migration run in a database


@dataclass(frozen=True)
class Migration:
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


async def migrate(conn: asyncpg.Connection, migrations: Sequence[Migration]) -> list[str]:
    """Apply pending migrations; return the names applied now."""
    await conn.execute(
        """
        create table if not exists schema_migrations (
            name text primary key,
            checksum text not null,
            applied_at timestamptz not null default now())
        """
    )
    applied_now: list[str] = []
    await conn.execute("select pg_advisory_lock($1)", _LOCK_KEY)
    try:
        rows = await conn.fetch("select name, checksum from schema_migrations")
        done = {r["name"]: r["checksum"] for r in rows}
        for migration in migrations:
            if migration.name in done:
                if done[migration.name] != migration.checksum:
                    raise RuntimeError(f"migration {migration.name} changed after it was applied")
                continue
            async with conn.transaction():
                await conn.execute(migration.sql)
                await conn.execute(
                    "insert into schema_migrations (name, checksum) values ($1, $2)",
                    migration.name,
                    migration.checksum,
                )
            applied_now.append(migration.name)
    finally:
        await conn.execute("select pg_advisory_unlock($1)", _LOCK_KEY)
    return applied_now

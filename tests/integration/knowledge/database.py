"""A migrated knowledge database without the running service: the owner's DSN and a pool of the
app role (which neither owns the tables nor bypasses row-level security), for tests of a read
model or the blob store on their own."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import asyncpg
from clc_knowledge.readmodels import ALL_TABLES
from clc_knowledge.service import MIGRATIONS
from eventkit.migrations import migrate
from eventkit.pg import connect
from servicekit.roles import ensure_app_role
from servicekit.settings import with_credentials

from tests.conftest import NewDatabase
from tests.integration.knowledge.service import APP_PASSWORD, APP_ROLE

__all__ = ["app_pool"]


@asynccontextmanager
async def app_pool(new_database: NewDatabase) -> AsyncIterator[tuple[str, asyncpg.Pool]]:
    """``(owner DSN, app-role pool)`` of a fresh, migrated knowledge database."""
    owner_dsn = await new_database(f"knowledge_{uuid.uuid4().hex[:8]}")
    conn = await connect(owner_dsn)
    try:
        await migrate(conn, MIGRATIONS)
        await ensure_app_role(conn, APP_ROLE, APP_PASSWORD, ALL_TABLES)
    finally:
        await conn.close()
    pool = await asyncpg.create_pool(with_credentials(owner_dsn, APP_ROLE, APP_PASSWORD))
    try:
        yield owner_dsn, pool
    finally:
        await pool.close()

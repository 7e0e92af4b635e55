"""A groups database for integration tests: migrated by the owner, used as the app role."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg
from clc_groups.readmodels import READ_MODEL_TABLES
from clc_groups.service import MIGRATIONS
from clc_groups.settings import GroupsSettings
from eventkit.migrations import migrate
from eventkit.pg import connect, create_pool
from servicekit.crypto import KEY_TABLE
from servicekit.roles import ensure_app_role

APP_ROLE = "groups_app_test"
APP_PASSWORD = "groups-app-test-pw"


@dataclass(frozen=True)
class GroupsDatabase:
    owner_dsn: str
    app_dsn: str


async def a_groups_database(new_database) -> GroupsDatabase:  # type: ignore[no-untyped-def]
    owner_dsn = await new_database(f"groups_{uuid.uuid4().hex[:8]}")
    conn = await connect(owner_dsn)
    try:
        await migrate(conn, MIGRATIONS)
        await ensure_app_role(conn, APP_ROLE, APP_PASSWORD, [*READ_MODEL_TABLES, KEY_TABLE])
    finally:
        await conn.close()
    settings = GroupsSettings(
        database_url=owner_dsn, app_role=APP_ROLE, app_role_password=APP_PASSWORD
    )
    return GroupsDatabase(owner_dsn, settings.app_dsn())


@asynccontextmanager
async def app_pool(db: GroupsDatabase) -> AsyncIterator[asyncpg.Pool]:
    pool = await create_pool(db.app_dsn, max_size=5)
    try:
        yield pool
    finally:
        await pool.close()

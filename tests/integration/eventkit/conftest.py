from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from devstack.databases import create_database
from eventkit.migrations import migrate
from eventkit.pg import connect, create_pool
from eventkit.store import (
    EVENT_STORE_MIGRATIONS,
    PLUMBING_MIGRATIONS,
    EventStore,
    InMemoryEventStore,
    PostgresEventStore,
)


async def postgres_store(dsn: str) -> tuple[PostgresEventStore, Callable[[], Awaitable[None]]]:
    conn = await connect(dsn)
    try:
        await migrate(conn, [*EVENT_STORE_MIGRATIONS, *PLUMBING_MIGRATIONS])
    finally:
        await conn.close()
    pool = await create_pool(dsn, max_size=20)
    return PostgresEventStore(pool), pool.close


@pytest.fixture(params=["memory", pytest.param("postgres", marks=pytest.mark.integration)])
async def store(request: pytest.FixtureRequest) -> AsyncIterator[EventStore]:
    if request.param == "memory":
        yield InMemoryEventStore()
        return
    # Only the postgres case needs a server: ask for it lazily, through the sync fixture (an async
    # session fixture cannot be set up from inside this running event loop).
    admin_dsn = request.getfixturevalue("postgres_admin_dsn")
    dsn = await create_database(admin_dsn, f"contract_{uuid.uuid4().hex[:10]}")
    pg, close = await postgres_store(dsn)
    try:
        yield pg
    finally:
        await close()

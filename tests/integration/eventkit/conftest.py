from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
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
    new_database = request.getfixturevalue("new_database")
    dsn = await new_database("contract")
    pg, close = await postgres_store(dsn)
    try:
        yield pg
    finally:
        await close()

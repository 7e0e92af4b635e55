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
from servicekit.roles import ensure_app_role
from servicekit.settings import with_credentials

#: the role the contract suite's PostgreSQL store works as: what a service's app role is granted
APP_ROLE, APP_PASSWORD = "eventkit_contract_app", "eventkit-contract-app-password"


async def postgres_store(
    dsn: str, *, as_app_role: bool = False
) -> tuple[PostgresEventStore, Callable[[], Awaitable[None]]]:
    """A migrated store on ``dsn``; ``as_app_role`` connects as a role that neither owns the
    tables nor bypasses row-level security, with the grants a service's app role gets."""
    conn = await connect(dsn)
    try:
        await migrate(conn, [*EVENT_STORE_MIGRATIONS, *PLUMBING_MIGRATIONS])
        if as_app_role:
            await ensure_app_role(conn, APP_ROLE, APP_PASSWORD, [])
            dsn = with_credentials(dsn, APP_ROLE, APP_PASSWORD)
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
    # As the app role, so every contract also holds under the store's row-level security.
    pg, close = await postgres_store(dsn, as_app_role=True)
    try:
        yield pg
    finally:
        await close()

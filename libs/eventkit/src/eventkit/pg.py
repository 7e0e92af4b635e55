"""PostgreSQL connection helpers shared by the store, relay, projector and services."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
import orjson

__all__ = ["connect", "create_pool", "tenant_transaction"]


def _encode_jsonb(value: Any) -> bytes:
    # jsonb's binary wire format is a version byte (1) followed by the JSON text. Using the
    # binary format lets the same codec serve ordinary queries and binary COPY.
    return b"\x01" + orjson.dumps(value)


def _decode_jsonb(data: bytes) -> Any:
    return orjson.loads(data[1:])


async def _init_connection(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec(
        "jsonb",
        schema="pg_catalog",
        encoder=_encode_jsonb,
        decoder=_decode_jsonb,
        format="binary",
    )


async def _keep_session(conn: asyncpg.Connection) -> None:
    """Pool release hook that does nothing.

    asyncpg's default release sends ``RESET ALL; UNLISTEN *; …`` — one more round trip for every
    acquire, a third of a simple command's. Our pooled connections hold no session state to
    reset: the tenant is set per transaction (``tenant_transaction``), and LISTEN and advisory
    locks use dedicated connections (``connect``), never the pool. Code that needs session
    state must not use the pool.
    """


async def create_pool(dsn: str, *, min_size: int = 1, max_size: int = 10) -> asyncpg.Pool:
    pool = await asyncpg.create_pool(
        dsn, min_size=min_size, max_size=max_size, init=_init_connection, reset=_keep_session
    )
    assert pool is not None
    return pool


async def connect(dsn: str) -> asyncpg.Connection:
    conn: asyncpg.Connection = await asyncpg.connect(dsn)
    await _init_connection(conn)
    return conn


@asynccontextmanager
async def tenant_transaction(
    pool: asyncpg.Pool, tenant_id: str
) -> AsyncIterator[asyncpg.Connection]:
    """A transaction whose row-level-security tenant is ``tenant_id``.

    ``set_config(..., true)`` scopes the setting to this transaction, so a pooled connection can
    never carry one tenant's id into the next caller's work.
    """
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("select set_config('app.tenant_id', $1, true)", tenant_id)
        yield conn

"""Databases on a PostgreSQL server reached through a superuser ("admin") DSN."""

from __future__ import annotations

import contextlib
import re
import secrets
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from devstack._proc import run_in_thread

_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
SYSTEM_DATABASES = frozenset({"postgres", "template0", "template1"})


def normalize_dsn(dsn: str) -> str:
    """A libpq/asyncpg DSN: ``postgresql+asyncpg://`` and ``postgres://`` become ``postgresql://``."""
    scheme, sep, rest = dsn.partition("://")
    if not sep:
        return dsn
    base = scheme.split("+", 1)[0]
    if base in ("postgres", "postgresql"):
        return f"postgresql://{rest}"
    return dsn


def dsn_for_database(admin_dsn: str, database: str) -> str:
    """The same server, user and options as ``admin_dsn``, but database ``database``."""
    parts = urlsplit(normalize_dsn(admin_dsn))
    return urlunsplit(parts._replace(path=f"/{database}"))


def database_of(dsn: str) -> str:
    """The database a DSN points at (``postgres`` if it names none)."""
    return urlsplit(dsn).path.lstrip("/") or "postgres"


def check_name(name: str) -> str:
    """``name`` if it is a plain lowercase identifier of at most 63 characters."""
    if not _NAME.match(name):
        raise ValueError(f"not a plain database name (a-z, 0-9, _; max 63 chars): {name!r}")
    return name


def _quoted(name: str) -> str:
    return '"' + check_name(name) + '"'


async def _connect(admin_dsn: str) -> asyncpg.Connection:
    connection: asyncpg.Connection = await asyncpg.connect(
        dsn_for_database(admin_dsn, "postgres"), timeout=30
    )
    return connection


async def database_exists(admin_dsn: str, name: str) -> bool:
    connection = await _connect(admin_dsn)
    try:
        found = await connection.fetchval("select 1 from pg_database where datname = $1", name)
    finally:
        await connection.close()
    return found is not None


async def ensure_database(admin_dsn: str, name: str) -> str:
    """Create database ``name`` unless it exists; return its DSN."""
    connection = await _connect(admin_dsn)
    try:
        found = await connection.fetchval("select 1 from pg_database where datname = $1", name)
        if found is None:
            with contextlib.suppress(asyncpg.DuplicateDatabaseError):  # created concurrently
                await connection.execute(f"create database {_quoted(name)}")
    finally:
        await connection.close()
    return dsn_for_database(admin_dsn, name)


async def drop_database(admin_dsn: str, name: str) -> None:
    """Drop database ``name`` if it exists, disconnecting its sessions."""
    connection = await _connect(admin_dsn)
    try:
        await connection.execute(f"drop database if exists {_quoted(name)} with (force)")
    finally:
        await connection.close()


async def create_database(admin_dsn: str, name: str) -> str:
    """A fresh, empty database ``name`` (an existing one is dropped first); returns its DSN."""
    connection = await _connect(admin_dsn)
    try:
        await connection.execute(f"drop database if exists {_quoted(name)} with (force)")
        await connection.execute(f"create database {_quoted(name)}")
    finally:
        await connection.close()
    return dsn_for_database(admin_dsn, name)


async def drop_all_databases(admin_dsn: str) -> list[str]:
    """Drop every database but ``postgres`` and the templates. Only for throwaway servers."""
    connection = await _connect(admin_dsn)
    try:
        rows = await connection.fetch("select datname from pg_database where not datistemplate")
        names = [str(row["datname"]) for row in rows if row["datname"] not in SYSTEM_DATABASES]
        for name in names:
            await connection.execute(
                'drop database if exists "{}" with (force)'.format(name.replace('"', '""'))
            )
    finally:
        await connection.close()
    return names


class DatabaseFactory:
    """Makes fresh databases with names unique to this factory: ``await factory("orders")`` gives
    the DSN of a new, empty database ``orders_<token>_<n>``. ``drop_all()`` (or
    ``drop_all_blocking()``) removes them."""

    def __init__(self, admin_dsn: str, token: str | None = None) -> None:
        self.admin_dsn = normalize_dsn(admin_dsn)
        self.token = token or secrets.token_hex(3)
        self._count = 0
        self.created: list[str] = []

    def unique_name(self, name: str) -> str:
        self._count += 1
        suffix = f"_{self.token}_{self._count}"
        return check_name(check_name(name)[: 63 - len(suffix)] + suffix)

    async def __call__(self, name: str) -> str:
        unique = self.unique_name(name)
        dsn = await create_database(self.admin_dsn, unique)
        self.created.append(unique)
        return dsn

    async def drop_all(self) -> None:
        while self.created:
            await drop_database(self.admin_dsn, self.created.pop())

    def drop_all_blocking(self, timeout: float = 120.0) -> None:
        """``drop_all`` from synchronous code (runs on a private loop in a helper thread)."""
        run_in_thread(self.drop_all, timeout)

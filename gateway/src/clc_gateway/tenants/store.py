"""The registry's durable home: two tables in the gateway's own PostgreSQL database.

The operator CLI writes here; every gateway replica reads the whole registry at start and again in
the background (``RegistrySource``), so a tenant added on one machine is honoured by all of them
within a refresh interval, and a replica never asks the database on a request's path.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

import asyncpg

from .model import IdentityProvider, PersonMatch, Registry, Tenant

__all__ = ["RegistrySource", "RegistryStore"]

log = logging.getLogger("clc_gateway.tenants")

_SCHEMA = """
create table if not exists gateway_tenants (
    id text primary key,
    name text not null default '',
    cors_origins text[] not null default '{}',
    created_at timestamptz not null default now()
);
create table if not exists gateway_identity_providers (
    issuer text primary key,  -- an issuer belongs to exactly one tenant
    tenant_id text not null references gateway_tenants (id) on delete cascade,
    jwks_url text not null,
    audience text not null,
    person_claim text not null default 'sub',
    match text not null default 'subject',
    roles_claim text not null default 'roles',
    created_at timestamptz not null default now()
);
"""


def _dsn(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    plain = sep and scheme.split("+")[0] in ("postgres", "postgresql")
    return f"postgresql://{rest}" if plain else url


class RegistryStore:
    """Reads and writes the registry; one short connection per call (operator commands and a
    background refresh are rare)."""

    def __init__(self, database_url: str) -> None:
        self._dsn = _dsn(database_url)

    async def _connect(self) -> asyncpg.Connection:
        connection: asyncpg.Connection = await asyncpg.connect(self._dsn, timeout=10)
        return connection

    async def migrate(self) -> None:
        connection = await self._connect()
        try:
            await connection.execute(_SCHEMA)
        finally:
            await connection.close()

    async def load(self) -> Registry:
        connection = await self._connect()
        try:
            tenants = await connection.fetch(
                "select id, name, cors_origins from gateway_tenants order by id"
            )
            providers = await connection.fetch(
                "select tenant_id, issuer, jwks_url, audience, person_claim, match, roles_claim"
                " from gateway_identity_providers order by issuer"
            )
        finally:
            await connection.close()
        return Registry.of(
            [Tenant(r["id"], r["name"], frozenset(r["cors_origins"])) for r in tenants],
            [
                IdentityProvider(
                    r["tenant_id"],
                    r["issuer"],
                    r["jwks_url"],
                    r["audience"],
                    r["person_claim"],
                    PersonMatch(r["match"]),
                    r["roles_claim"],
                )
                for r in providers
            ],
        )

    async def _execute(self, sql: str, *args: object) -> str:
        connection = await self._connect()
        try:
            status: str = await connection.execute(sql, *args)
        finally:
            await connection.close()
        return status

    async def create_tenant(self, tenant: Tenant) -> None:
        await self._execute(
            "insert into gateway_tenants (id, name, cors_origins) values ($1, $2, $3)",
            tenant.id,
            tenant.name,
            sorted(tenant.cors_origins),
        )

    async def set_origins(self, tenant_id: str, origins: frozenset[str]) -> bool:
        status = await self._execute(
            "update gateway_tenants set cors_origins = $2 where id = $1", tenant_id, sorted(origins)
        )
        return status.endswith(" 1")

    async def add_provider(self, provider: IdentityProvider) -> None:
        await self._execute(
            "insert into gateway_identity_providers"
            " (issuer, tenant_id, jwks_url, audience, person_claim, match, roles_claim)"
            " values ($1, $2, $3, $4, $5, $6, $7)",
            provider.issuer,
            provider.tenant_id,
            provider.jwks_url,
            provider.audience,
            provider.person_claim,
            provider.match.value,
            provider.roles_claim,
        )

    async def remove_tenant(self, tenant_id: str) -> bool:
        status = await self._execute("delete from gateway_tenants where id = $1", tenant_id)
        return status.endswith(" 1")

    async def remove_provider(self, issuer: str) -> bool:
        sql = "delete from gateway_identity_providers where issuer = $1"
        return (await self._execute(sql, issuer)).endswith(" 1")


class RegistrySource:
    """The registry the gateway serves with: loaded at start, re-read every ``interval_s``; a
    failed re-read keeps the last good registry (and is logged)."""

    def __init__(
        self,
        store: RegistryStore,
        interval_s: float = 30.0,
        on_change: Callable[[Registry], None] | None = None,
    ) -> None:
        self._store = store
        self._interval = interval_s
        self._on_change = on_change
        self.current = Registry()

    async def start(self) -> None:
        """Create the tables if need be and load; a gateway with a registry configured that
        cannot read it does not start."""
        await self._store.migrate()
        self._set(await self._store.load())

    def _set(self, registry: Registry) -> None:
        if registry != self.current:
            self.current = registry
            if self._on_change is not None:
                self._on_change(registry)

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                self._set(await self._store.load())
            except Exception:
                log.exception("re-reading the tenant registry failed; keeping the last one")

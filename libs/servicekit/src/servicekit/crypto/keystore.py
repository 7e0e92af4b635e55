"""Data keys: one per subject (a practitioner, a piece of evidence), kept wrapped in a table.

A *subject* is what one key protects, named ``<kind>:<id>`` (``practitioner:p-1``). Destroying a
subject's key deletes the wrapped key bytes from its row and stamps ``destroyed_at``; the row
stays, so the key is never created again for that subject and a reader can tell "destroyed" from
"never had one". Everything the key sealed is unreadable from then on, wherever it was copied.

The table has no row-level security: each query names its tenant, the wrapped key is bound to
its tenant and subject (``keks``), and ``rewrap`` must see every tenant's keys at once. Only
server code holding the KEKs can make anything of a row. (PostgreSQL keeps an updated row's old
version until VACUUM reclaims it; the service's autovacuum does, and an operator can hasten it
with ``VACUUM crypto_data_keys``.)
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from eventkit.migrations import Migration

from .keks import KeyEncryptionKeys
from .sealed import DATA_KEY_BYTES, DataKeyBytes

__all__ = [
    "KEY_TABLE",
    "KEY_TABLE_MIGRATION",
    "DataKey",
    "KeyStore",
    "MemoryKeyStore",
    "PostgresKeyStore",
    "RoutingKeyStore",
    "SqlExecutor",
    "destroy_key",
]

KEY_TABLE = "crypto_data_keys"

KEY_TABLE_MIGRATION = Migration(
    "crypto_001_data_keys",
    f"""
create table {KEY_TABLE} (
    key_id text primary key,
    tenant_id text not null,
    subject text not null,
    wrapped_key bytea,
    kek_id text,
    created_at timestamptz not null default now(),
    destroyed_at timestamptz,
    unique (tenant_id, subject),
    check ((wrapped_key is null) = (destroyed_at is not null)));
""",
)


@dataclass(frozen=True)
class DataKey:
    key_id: str
    tenant_id: str
    subject: str
    key: DataKeyBytes | None = field(repr=False)
    """None once destroyed."""
    created_at: datetime | None = None

    @property
    def destroyed(self) -> bool:
        return self.key is None


class KeyStore(Protocol):
    async def for_subject(self, tenant_id: str, subject: str, *, create: bool) -> DataKey | None:
        """The subject's key (destroyed or not); a new one if it never had one and ``create``."""

    async def by_id(self, tenant_id: str, key_id: str) -> DataKey | None: ...

    async def destroy(self, tenant_id: str, subject: str) -> bool:
        """Destroy the subject's key; False when there was none left to destroy."""


class SqlExecutor(Protocol):
    """An asyncpg pool or connection, or a projection's connection."""

    async def execute(self, sql: str, *args: Any) -> Any: ...
    async def fetch(self, sql: str, *args: Any) -> Any: ...
    async def fetchrow(self, sql: str, *args: Any) -> Any: ...


_COLUMNS = "key_id, tenant_id, subject, wrapped_key, kek_id, created_at"


class PostgresKeyStore:
    def __init__(self, db: SqlExecutor, keks: KeyEncryptionKeys) -> None:
        self._db = db
        self._keks = keks

    async def for_subject(self, tenant_id: str, subject: str, *, create: bool) -> DataKey | None:
        if create:
            key_id = str(uuid.uuid4())
            key = os.urandom(DATA_KEY_BYTES)
            wrapped = self._keks.wrap(key, key_id=key_id, tenant_id=tenant_id, subject=subject)
            row = await self._db.fetchrow(
                f"insert into {KEY_TABLE} (key_id, tenant_id, subject, wrapped_key, kek_id)"
                " values ($1, $2, $3, $4, $5) on conflict (tenant_id, subject) do nothing"
                f" returning {_COLUMNS}",
                key_id,
                tenant_id,
                subject,
                wrapped,
                self._keks.newest,
            )
            if row is not None:
                return self._unwrapped(row)
        row = await self._db.fetchrow(
            f"select {_COLUMNS} from {KEY_TABLE} where tenant_id = $1 and subject = $2",
            tenant_id,
            subject,
        )
        return None if row is None else self._unwrapped(row)

    async def by_id(self, tenant_id: str, key_id: str) -> DataKey | None:
        row = await self._db.fetchrow(
            f"select {_COLUMNS} from {KEY_TABLE} where tenant_id = $1 and key_id = $2",
            tenant_id,
            key_id,
        )
        return None if row is None else self._unwrapped(row)

    async def destroy(self, tenant_id: str, subject: str) -> bool:
        return await destroy_key(self._db, tenant_id, subject)

    async def rewrap(self, batch: int = 500) -> int:
        """Re-wrap every live key not yet under the newest KEK; the number re-wrapped."""
        done = 0
        while True:
            rows = await self._db.fetch(
                f"select {_COLUMNS} from {KEY_TABLE} where wrapped_key is not null"
                " and kek_id <> $1 limit $2",
                self._keks.newest,
                batch,
            )
            if not rows:
                return done
            for row in rows:
                key = self._unwrapped(row).key
                assert key is not None
                await self._db.execute(
                    f"update {KEY_TABLE} set wrapped_key = $2, kek_id = $3"
                    " where key_id = $1 and wrapped_key is not null",
                    row["key_id"],
                    self._keks.wrap(
                        key,
                        key_id=row["key_id"],
                        tenant_id=row["tenant_id"],
                        subject=row["subject"],
                    ),
                    self._keks.newest,
                )
                done += 1

    def _unwrapped(self, row: Any) -> DataKey:
        wrapped = row["wrapped_key"]
        key = (
            None
            if wrapped is None
            else self._keks.unwrap(
                bytes(wrapped),
                kek_id=row["kek_id"],
                key_id=row["key_id"],
                tenant_id=row["tenant_id"],
                subject=row["subject"],
            )
        )
        return DataKey(row["key_id"], row["tenant_id"], row["subject"], key, row["created_at"])


async def destroy_key(db: SqlExecutor, tenant_id: str, subject: str) -> bool:
    """Destroy the subject's key (its wrapped bytes deleted); False if none was left. Needs no
    KEK: a projection may call it with its own connection."""
    row = await db.fetchrow(
        f"update {KEY_TABLE} set wrapped_key = null, kek_id = null, destroyed_at = now()"
        " where tenant_id = $1 and subject = $2 and wrapped_key is not null returning key_id",
        tenant_id,
        subject,
    )
    if row is not None:
        return True
    # No live key: record the subject as destroyed, so no key is ever created for it later.
    await db.execute(
        f"insert into {KEY_TABLE} (key_id, tenant_id, subject, destroyed_at)"
        " values ($1, $2, $3, now()) on conflict (tenant_id, subject) do nothing",
        str(uuid.uuid4()),
        tenant_id,
        subject,
    )
    return False


class RoutingKeyStore:
    """Keys of each kind of subject from the store that owns them, by the subject's prefix
    (``practitioner:`` -> the groups service's endpoint, ``evidence:`` -> this service's table)."""

    def __init__(self, routes: dict[str, KeyStore]) -> None:
        self._routes = routes

    def _store(self, subject: str) -> KeyStore:
        for prefix, store in self._routes.items():
            if subject.startswith(prefix):
                return store
        raise LookupError(f"no key store for subject {subject!r}")

    async def for_subject(self, tenant_id: str, subject: str, *, create: bool) -> DataKey | None:
        return await self._store(subject).for_subject(tenant_id, subject, create=create)

    async def by_id(self, tenant_id: str, key_id: str) -> DataKey | None:
        for store in self._routes.values():
            if (found := await store.by_id(tenant_id, key_id)) is not None:
                return found
        return None

    async def destroy(self, tenant_id: str, subject: str) -> bool:
        return await self._store(subject).destroy(tenant_id, subject)


@dataclass
class _Row:
    key_id: str
    tenant_id: str
    subject: str
    wrapped_key: bytes | None
    kek_id: str | None
    created_at: datetime


class MemoryKeyStore:
    """The same contract in memory (unit tests); keys are held wrapped here too."""

    def __init__(self, keks: KeyEncryptionKeys) -> None:
        self.keks = keks
        self.rows: dict[tuple[str, str], _Row] = {}

    async def for_subject(self, tenant_id: str, subject: str, *, create: bool) -> DataKey | None:
        row = self.rows.get((tenant_id, subject))
        if row is None and create:
            key_id, key = str(uuid.uuid4()), os.urandom(DATA_KEY_BYTES)
            wrapped = self.keks.wrap(key, key_id=key_id, tenant_id=tenant_id, subject=subject)
            row = _Row(key_id, tenant_id, subject, wrapped, self.keks.newest, datetime.now(UTC))
            self.rows[(tenant_id, subject)] = row
        return None if row is None else self._unwrapped(row)

    async def by_id(self, tenant_id: str, key_id: str) -> DataKey | None:
        for row in self.rows.values():
            if row.tenant_id == tenant_id and row.key_id == key_id:
                return self._unwrapped(row)
        return None

    async def destroy(self, tenant_id: str, subject: str) -> bool:
        row = self.rows.get((tenant_id, subject))
        if row is None:
            row = _Row(str(uuid.uuid4()), tenant_id, subject, None, None, datetime.now(UTC))
            self.rows[(tenant_id, subject)] = row
        live = row.wrapped_key is not None
        row.wrapped_key, row.kek_id = None, None
        return live

    async def rewrap(self) -> int:
        done = 0
        for row in self.rows.values():
            if row.wrapped_key is None or row.kek_id == self.keks.newest:
                continue
            key = self._unwrapped(row).key
            assert key is not None
            row.wrapped_key = self.keks.wrap(
                key, key_id=row.key_id, tenant_id=row.tenant_id, subject=row.subject
            )
            row.kek_id = self.keks.newest
            done += 1
        return done

    def _unwrapped(self, row: _Row) -> DataKey:
        key = None
        if row.wrapped_key is not None:
            assert row.kek_id is not None
            key = self.keks.unwrap(
                row.wrapped_key,
                kek_id=row.kek_id,
                key_id=row.key_id,
                tenant_id=row.tenant_id,
                subject=row.subject,
            )
        return DataKey(row.key_id, row.tenant_id, row.subject, key, row.created_at)

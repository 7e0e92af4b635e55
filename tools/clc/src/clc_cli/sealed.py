"""Personal fields in event bodies, as ``clc events`` shows them.

Sealed values (``servicekit.crypto.sealed``) are shown as ``<sealed: key …>`` — the ciphertext
says nothing to a reader. An operator who holds a service's keys (its ``<PREFIX>_KEY_ENCRYPTION_
KEYS`` and owner ``DATABASE_URL`` in the environment) may ask for them opened with
``--open-with groups`` (repeatable: ``--open-with enquiry`` for pupil-data evidence); a value
whose key is destroyed (an erased person, expired evidence) shows as ``<erased>``.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from typing import Any

import asyncpg
import typer
from eventkit.pg import connect
from servicekit.crypto import (
    DataKey,
    PostgresKeyStore,
    Sealed,
    TamperedValue,
    is_sealed,
    open_value,
)

from .services import load, settings_for

__all__ = ["Opener", "marked", "opener_for"]


def marked(data: Any) -> Any:
    """``data`` with every sealed value replaced by a marker naming its key id."""
    if isinstance(data, dict):
        return {k: marked(v) for k, v in data.items()}
    if isinstance(data, list):
        return [marked(v) for v in data]
    if isinstance(data, str) and is_sealed(data):
        return f"<sealed: key {Sealed.decode(data).key_id}>"
    return data


class Opener:
    """Opens sealed values with the key tables of the services whose keys the operator holds."""

    def __init__(self, stores: Sequence[PostgresKeyStore]) -> None:
        self._stores = stores

    async def opened(self, tenant: str | None, data: Any) -> Any:
        if not isinstance(data, dict) or tenant is None:
            return marked(data)
        result: dict[str, Any] = {}
        for name, value in data.items():
            if isinstance(value, str) and is_sealed(value):
                result[name] = await self._open(tenant, name, value)
            else:
                result[name] = marked(value)
        return result

    async def _open(self, tenant: str, field: str, value: str) -> str:
        sealed = Sealed.decode(value)
        key: DataKey | None = None
        for store in self._stores:
            if (key := await store.by_id(tenant, sealed.key_id)) is not None:
                break
        if key is None:
            return marked(value)  # type: ignore[no-any-return]
        if key.key is None:
            return "<erased>"
        try:
            return open_value(key.key, sealed, tenant_id=tenant, subject=key.subject, field=field)
        except TamperedValue:
            return "<does not authenticate>"


@contextlib.asynccontextmanager
async def opener_for(services: Sequence[str]) -> AsyncIterator[Opener | None]:
    """An ``Opener`` over each named service's key table, or None when none is named."""
    if not services:
        yield None
        return
    conns: list[asyncpg.Connection] = []
    try:
        stores = []
        for name in services:
            settings = settings_for(load(name), None)
            keks = getattr(settings, "keks", None)
            if keks is None:
                raise typer.BadParameter(f"the {name} service keeps no data keys")
            conn = await connect(settings.database_url)
            conns.append(conn)
            stores.append(PostgresKeyStore(conn, keks()))
        yield Opener(stores)
    finally:
        for conn in conns:
            await conn.close()

"""The one rewrite of an event log: personal fields written in the clear are sealed in place.

``clc migrate encrypt-personal`` runs it (the procedure: ``tools/clc/README.md``). It is:

* **resumable** — events are rewritten in batches in global-position order, each batch in one
  transaction with the checkpoint (``crypto_migration_progress``), so a run that stops is
  continued by the next from the last committed batch;
* **verified** — before the first batch it records the event count and, per stream, a SHA-256
  over everything that is *not* personal (ids, types, versions, the other fields); at the end
  both must be unchanged, and every rewritten batch is opened again and compared with the
  original text before it commits;
* **erasure-preserving** — the keys of every subject an event of the store erases are destroyed
  first, so an erased person's fields are replaced by the unreadable form, never sealed.

It rewrites the store under the owner role: ``events`` has forced row-level security and no
UPDATE policy (the app role may never rewrite), so each batch lifts the forcing for its own
transaction and restores it before committing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import asyncpg

from .codec import PersonalData
from .fields import KeyDestroyed, Sealer
from .keystore import destroy_key
from .sealed import is_sealed

__all__ = ["MigrationReport", "seal_existing", "stream_hashes"]

_TABLES = """
create table if not exists crypto_migration_progress (
    migration text primary key, position bigint not null default 0,
    events bigint not null, done_at timestamptz);
create table if not exists crypto_migration_hashes (
    migration text not null, tenant_id text not null, stream_id text not null,
    hash text not null, primary key (migration, tenant_id, stream_id));
"""


@dataclass(frozen=True)
class MigrationReport:
    events: int
    rewritten: int
    erased_subjects: int
    streams: int
    resumed_from: int


def _data(raw: Any) -> dict[str, Any]:
    return json.loads(raw) if isinstance(raw, str) else dict(raw)


async def stream_hashes(conn: asyncpg.Connection, personal: PersonalData) -> dict[str, str]:
    """Per ``tenant/stream``: SHA-256 of the stream's events without their personal fields."""
    hashes: dict[str, Any] = {}
    rows = await conn.fetch(
        "select tenant_id, stream_id, stream_version, event_id::text, event_type,"
        " schema_version, data from events order by tenant_id, stream_id, stream_version"
    )
    for row in rows:
        spec = personal.fields.get(row["event_type"])
        data = _data(row["data"])
        for name in spec[1] if spec else ():
            data.pop(name, None)
        what = [row["event_id"], row["event_type"], row["schema_version"], row["stream_version"]]
        line = json.dumps([*what, data], sort_keys=True, default=str).encode()
        digest = hashes.setdefault(f"{row['tenant_id']}/{row['stream_id']}", hashlib.sha256())
        digest.update(line)
    return {k: v.hexdigest() for k, v in hashes.items()}


async def seal_existing(
    conn: asyncpg.Connection,
    sealer: Sealer,
    personal: PersonalData,
    *,
    name: str = "encrypt-personal",
    batch: int = 500,
    progress: Callable[[int, int], None] | None = None,
) -> MigrationReport:
    await conn.execute(_TABLES)
    await conn.execute("select set_config('eventkit.all_tenants', 'on', false)")
    total = await conn.fetchval("select count(*) from events")
    start = await conn.fetchrow(
        "select position, events from crypto_migration_progress where migration = $1", name
    )
    if start is None:  # the first run: what must still hold at the end
        async with conn.transaction():
            await conn.execute(
                "insert into crypto_migration_progress (migration, events) values ($1, $2)",
                name,
                total,
            )
            await conn.executemany(
                "insert into crypto_migration_hashes values ($1, $2, $3, $4)",
                [
                    (name, *key.split("/", 1), digest)
                    for key, digest in (await stream_hashes(conn, personal)).items()
                ],
            )
        resumed_from = 0
    else:
        resumed_from = start["position"]
    erased = await _destroy_erased(conn, sealer, personal)
    position, rewritten = resumed_from, 0
    types = list(personal.fields)
    while rows := await conn.fetch(
        "select global_position, tenant_id, event_type, data from events"
        " where global_position > $1 and event_type = any($2::text[])"
        " order by global_position limit $3",
        position,
        types,
        batch,
    ):
        rewritten += await _rewrite(conn, sealer, personal, rows, name)
        position = rows[-1]["global_position"]
        if progress is not None:
            progress(position, rewritten)
    report = await _verify(conn, personal, name, total, resumed_from, rewritten, erased)
    await conn.execute(
        "update crypto_migration_progress set done_at = now() where migration = $1", name
    )
    return report


async def _destroy_erased(conn: asyncpg.Connection, sealer: Sealer, personal: PersonalData) -> int:
    erased = 0
    for event_type, subject in personal.erasing.items():
        for row in await conn.fetch(
            "select tenant_id, data from events where event_type = $1", event_type
        ):
            whose = subject(_data(row["data"]))
            if whose is not None:
                await destroy_key(conn, row["tenant_id"], whose)
                erased += 1
    return erased


async def _rewrite(
    conn: asyncpg.Connection,
    sealer: Sealer,
    personal: PersonalData,
    rows: list[asyncpg.Record],
    name: str,
) -> int:
    changed: list[tuple[int, str]] = []
    for row in rows:
        data = _data(row["data"])
        subject, fields = personal.fields[row["event_type"]]
        whose = subject(data)
        plain = [f for f in fields if isinstance(data.get(f), str) and not is_sealed(data[f])]
        if whose is None or not plain:
            continue
        try:
            new = await sealer.seal(row["tenant_id"], whose, data, fields)
            back = await sealer.open(row["tenant_id"], whose, new, fields)
            if back.data != data:
                raise RuntimeError(f"event at {row['global_position']} does not read back")
        except KeyDestroyed:  # erased: the fields go, nothing is sealed
            new = data | {f: personal.unreadable.get(f) for f in plain}
        changed.append((row["global_position"], json.dumps(new)))
    async with conn.transaction():
        await conn.execute("alter table events no force row level security")
        await conn.executemany(
            "update events set data = $2::text::jsonb where global_position = $1", changed
        )
        await conn.execute("alter table events force row level security")
        await conn.execute(
            "update crypto_migration_progress set position = $2 where migration = $1",
            name,
            rows[-1]["global_position"],
        )
    return len(changed)


def _in_clear(value: Any, unreadable: Any) -> bool:
    return isinstance(value, str) and bool(value) and not is_sealed(value) and value != unreadable


async def _verify(
    conn: asyncpg.Connection,
    personal: PersonalData,
    name: str,
    total: int,
    resumed_from: int,
    rewritten: int,
    erased: int,
) -> MigrationReport:
    expected = await conn.fetchval(
        "select events from crypto_migration_progress where migration = $1", name
    )
    if total != expected or await conn.fetchval("select count(*) from events") != expected:
        raise RuntimeError(f"the store holds {total} events, {expected} before the migration")
    before = {
        f"{r['tenant_id']}/{r['stream_id']}": r["hash"]
        for r in await conn.fetch(
            "select tenant_id, stream_id, hash from crypto_migration_hashes where migration = $1",
            name,
        )
    }
    after = await stream_hashes(conn, personal)
    if before != after:
        differ = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        raise RuntimeError(f"non-personal content changed in streams {differ[:5]}")
    left = 0
    for event_type, (_, fields) in personal.fields.items():
        for row in await conn.fetch("select data from events where event_type = $1", event_type):
            data = _data(row["data"])
            left += any(
                isinstance(data.get(f), str)
                and data[f]
                and not is_sealed(data[f])
                and data[f] != personal.unreadable.get(f)
                for f in fields
            )
    if left:
        raise RuntimeError(f"{left} events still hold personal fields in the clear")
    return MigrationReport(expected, rewritten, erased, len(after), resumed_from)

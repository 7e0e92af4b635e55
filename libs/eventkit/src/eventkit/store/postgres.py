"""PostgreSQL event store (asyncpg).

The gap problem, and how this store avoids it
---------------------------------------------
``global_position`` comes from a sequence, and sequence values are handed out when a row is
inserted, not when its transaction commits. Two writers can take positions 10 and 11, and the one
holding 11 can commit first. A reader that sees 11 and remembers "I am at 11" will never look at 10
again, and the event at 10 is silently lost for that reader — the classic event-store gap bug.

So the global read does not walk positions alone. Every row records the id of the transaction that
wrote it (``tx_id``, an ``xid8``). ``pg_snapshot_xmin(pg_current_snapshot())`` is the oldest
transaction still running: every transaction with a smaller id has already committed or aborted,
so the set of rows with ``tx_id < xmin`` can never grow again. ``read_all`` returns only such rows,
ordered by ``(tx_id, global_position)``, and its cursor is that pair. A late-committing
transaction simply keeps ``xmin`` at or below its own id until it finishes, holding readers back
instead of being skipped by them.

One stream's events also come out in version order: a writer reads the stream's head before its
first write of the transaction, and a transaction id is only assigned at that first write, so an
event's writer always has a larger ``tx_id`` than the writer of the version before it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

import asyncpg
import orjson

from eventkit.envelope import NewEvent, RecordedEvent, StreamRef
from eventkit.errors import WrongExpectedVersion
from eventkit.idempotency import CommandFingerprint, check_command_id, verify_repeat

from . import postgres_sql as sql
from .base import START, AppendRequest, AppendResult, Cursor, EventStore

__all__ = ["PostgresEventStore"]

_ANY_VERSION_RETRIES = 5
# The unique (tenant_id, stream_id, stream_version) that two racing writers collide on.
STREAM_VERSION_KEY = "events_tenant_stream_version_key"


class _CommandRace(Exception):
    """Another transaction recorded the same command id first."""


class _Duplicate(Exception):
    """The command id was already recorded: its first result is the answer."""

    def __init__(self, result: AppendResult) -> None:
        self.result = result


# Head check, insert and command log in one statement (see ``_append_one``). Parameters:
# $1 event ids, $2 stream id, $3 stream type, $4 expected version (null = any), $5 tenant,
# $6 types, $7 schema versions, $8 data, $9 metadata, $10 command id (nullable),
# $11 actor, $12 command type, $13 payload HMAC (the fingerprint; nullable).
class PostgresEventStore(EventStore):
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def append(
        self,
        stream: StreamRef,
        events: Sequence[NewEvent],
        *,
        expected_version: int | None,
        command_id: str | None = None,
        fingerprint: CommandFingerprint | None = None,
    ) -> AppendResult:
        check_command_id(command_id)
        request = AppendRequest(stream, events, expected_version, command_id, fingerprint)
        attempts = _ANY_VERSION_RETRIES if expected_version is None else 1
        for attempt in range(attempts):
            try:
                return await self._append_one(request)
            except _Duplicate as dup:
                return dup.result
            except _CommandRace:
                assert command_id is not None
                found = await self.find_command(stream.tenant_id, command_id, fingerprint)
                assert found is not None
                return found
            except WrongExpectedVersion:
                # "Any version" lost a race for the next version number: read the head again.
                if attempt + 1 == attempts:
                    raise
        raise AssertionError("unreachable")

    async def _append_one(self, req: AppendRequest) -> AppendResult:
        """One statement, so one round trip and atomic without an explicit transaction.

        The statement reads the stream's head, inserts only if the head matches the expected
        version, and records the command id — all from one snapshot. Two writers racing for
        the same version collide on ``unique (tenant_id, stream_id, stream_version)``.
        """
        try:
            rows = await self._pool.fetch(
                sql.APPEND_ONE,
                [e.event_id for e in req.events],
                req.stream.stream_id,
                req.stream.stream_type,
                req.expected_version,
                req.stream.tenant_id,
                [e.event_type for e in req.events],
                [e.schema_version for e in req.events],
                [e.data for e in req.events],
                [sql.metadata_json(e.metadata) for e in req.events],
                req.command_id,
                *sql.fingerprint_args(req.fingerprint),
            )
        except asyncpg.UniqueViolationError as exc:
            if exc.constraint_name == "command_log_pkey":
                raise _CommandRace from None
            if exc.constraint_name == STREAM_VERSION_KEY:
                raise await self._stale(req, -1) from None
            raise
        head = rows[0]
        current = head["current_version"]
        if req.expected_version is not None and current != req.expected_version:
            raise await self._stale(req, current)
        inserted = [r for r in rows if r["global_position"] is not None]
        if req.command_id is not None and req.events and not head["logged"]:
            raise _CommandRace
        recorded = tuple(
            sql.build(req, e, current + i + 1, row)
            for i, (e, row) in enumerate(zip(req.events, inserted, strict=True))
        )
        return AppendResult(
            stream_id=req.stream.stream_id,
            events=recorded,
            stream_version=current + len(req.events),
            position=recorded[-1].global_position if recorded else 0,
        )

    async def _stale(self, req: AppendRequest, actual: int) -> Exception:
        """The error for a refused append — unless it was a repeated command, which wins."""
        if req.command_id is not None:
            done = await self.find_command(req.stream.tenant_id, req.command_id, req.fingerprint)
            if done is not None:
                return _Duplicate(done)
        return WrongExpectedVersion(req.stream.stream_id, req.expected_version or 0, actual)

    async def append_batch(self, requests: Sequence[AppendRequest]) -> list[AppendResult]:
        """Many streams, one transaction; each tenant's events in one multi-row INSERT."""
        if not requests:
            return []
        for req in requests:
            check_command_id(req.command_id)
        async with self._pool.acquire() as conn, conn.transaction():
            tenant = _TenantSwitch(conn)
            duplicates: dict[int, AppendResult] = {}
            for i, req in enumerate(requests):
                if req.command_id is not None:
                    await tenant.use(req.stream.tenant_id)
                    done = await self._find_command(
                        conn, req.stream.tenant_id, req.command_id, req.fingerprint
                    )
                    if done is not None:
                        duplicates[i] = done
            starts = await self._batch_starts(conn, tenant, requests, duplicates)
            positions = await self._insert_batch(conn, tenant, requests, duplicates, starts)
            # Time and transaction are the same for every row, so one query answers for all.
            written = await conn.fetchrow(
                "select now() as recorded_at, pg_current_xact_id()::text::bigint as tx_id"
            )
            assert written is not None
            results: list[AppendResult] = []
            for i, req in enumerate(requests):
                if i in duplicates:
                    results.append(duplicates[i])
                    continue
                mine = positions[i]
                results.append(
                    AppendResult(
                        stream_id=req.stream.stream_id,
                        events=functools.partial(
                            sql.build_all,
                            req,
                            starts[i],
                            mine,
                            written["recorded_at"],
                            written["tx_id"],
                        ),
                        stream_version=starts[i] + len(req.events),
                        position=mine[-1] if mine else 0,
                    )
                )
            for i, (req, result) in enumerate(zip(requests, results, strict=True)):
                if req.command_id is not None and i not in duplicates:
                    await tenant.use(req.stream.tenant_id)
                    await self._record_command(conn, req, result)
            return results

    async def _batch_starts(
        self,
        conn: asyncpg.Connection,
        tenant: _TenantSwitch,
        requests: Sequence[AppendRequest],
        duplicates: dict[int, AppendResult],
    ) -> list[int]:
        """Each request's stream version before it, checked against its expected version.

        A stream only ever expected at version 0 (a new one) is not looked up: if it exists
        after all, inserting its version 1 breaks the unique key and the batch is refused as
        stale just the same — and a batch of new streams saves a query over all of them."""
        heads: dict[tuple[str, str], int] = {}
        for tenant_id, group in _by_tenant(requests, duplicates).items():
            unknown = {
                requests[i].stream.stream_id for i in group if requests[i].expected_version != 0
            }
            if not unknown:
                continue
            await tenant.use(tenant_id)
            rows = await conn.fetch(
                "select distinct on (stream_id) stream_id, stream_version from events"
                " where tenant_id = $1 and stream_id = any($2::text[])"
                " order by stream_id, stream_version desc",
                tenant_id,
                list(unknown),
            )
            heads.update({(tenant_id, r["stream_id"]): r["stream_version"] for r in rows})
        versions: dict[tuple[str, str], int] = {}
        starts: list[int] = []
        for i, req in enumerate(requests):
            if i in duplicates:
                starts.append(0)
                continue
            sid = (req.stream.tenant_id, req.stream.stream_id)
            current = versions[sid] if sid in versions else heads.get(sid, 0)
            if req.expected_version is not None and req.expected_version != current:
                raise WrongExpectedVersion(sid[1], req.expected_version, current)
            starts.append(current)
            versions[sid] = current + len(req.events)
        return starts

    async def _insert_batch(
        self,
        conn: asyncpg.Connection,
        tenant: _TenantSwitch,
        requests: Sequence[AppendRequest],
        duplicates: dict[int, AppendResult],
        starts: list[int],
    ) -> dict[int, list[int]]:
        """Insert every new event, one statement per tenant; each request's positions."""
        # Events of one command share one metadata object: serialise each object once.
        metadata_json = functools.cache(sql.metadata_json)
        positions: dict[int, list[int]] = {}
        for tenant_id, group in _by_tenant(requests, duplicates).items():
            columns: tuple[list[Any], ...] = ([], [], [], [], [], [], [], [])
            ids, sids, types, versions, kinds, schemas, data, metas = columns
            for i in group:
                req = requests[i]
                for k, e in enumerate(req.events):
                    ids.append(e.event_id)
                    sids.append(req.stream.stream_id)
                    types.append(req.stream.stream_type)
                    versions.append(starts[i] + k + 1)
                    kinds.append(e.event_type)
                    schemas.append(e.schema_version)
                    data.append(e.data)
                    metas.append(metadata_json(e.metadata))
            await tenant.use(tenant_id)
            try:
                rows = await conn.fetch(
                    sql.INSERT_MANY,
                    tenant_id,
                    *columns[:6],
                    orjson.dumps(data),
                    orjson.dumps(metas),
                )
            except asyncpg.UniqueViolationError as exc:
                raise WrongExpectedVersion(str(exc.detail or ""), -1, -1) from None
            # Identity values are drawn in insertion order, which follows ``ord``: ascending
            # positions pair up with the rows as built, one for one.
            ordered = sorted(r["global_position"] for r in rows)
            offset = 0
            for i in group:
                n = len(requests[i].events)
                positions[i] = ordered[offset : offset + n]
                offset += n
        return positions

    async def read_stream(
        self, stream_id: str, *, tenant_id: str, from_version: int = 1
    ) -> list[RecordedEvent]:
        rows = await self._pool.fetch(sql.READ_STREAM, tenant_id, stream_id, from_version)
        return [sql.recorded(r) for r in rows]

    async def read_all(self, after: Cursor = START, limit: int = 1000) -> list[RecordedEvent]:
        """Every tenant's events: the relay's and a rebuild's read, the one place that reads
        across tenants (see migration ``eventkit_0005_store_row_security``)."""
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.ALL_TENANTS)
            rows = await conn.fetch(sql.READ_ALL, str(after.tx_id), after.position, limit)
        return [sql.recorded(r) for r in rows]

    async def find_command(
        self, tenant_id: str, command_id: str, fingerprint: CommandFingerprint | None = None
    ) -> AppendResult | None:
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute(sql.SET_TENANT, tenant_id)
            return await self._find_command(conn, tenant_id, command_id, fingerprint)

    async def _find_command(
        self,
        conn: asyncpg.Connection,
        tenant_id: str,
        command_id: str,
        fingerprint: CommandFingerprint | None,
    ) -> AppendResult | None:
        row = await conn.fetchrow(
            "select stream_id, stream_version, position, event_ids, actor, command_type,"
            " payload_hmac from command_log where tenant_id = $1 and command_id = $2",
            tenant_id,
            command_id,
        )
        if row is None:
            return None
        verify_repeat(sql.fingerprint_from(row), fingerprint, command_id)
        events = await conn.fetch(
            f"select {sql.COLUMNS} from events where tenant_id = $1"
            " and event_id = any($2::uuid[]) order by global_position",
            tenant_id,
            row["event_ids"],
        )
        return AppendResult(
            stream_id=row["stream_id"],
            events=tuple(sql.recorded(r) for r in events),
            stream_version=row["stream_version"],
            position=row["position"],
            duplicate=True,
        )

    async def _record_command(
        self, conn: asyncpg.Connection, req: AppendRequest, result: AppendResult
    ) -> None:
        inserted = await conn.fetchval(
            "insert into command_log (tenant_id, command_id, stream_id, stream_version, position,"
            " event_ids, actor, command_type, payload_hmac)"
            " values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing returning 1",
            req.stream.tenant_id,
            req.command_id,
            result.stream_id,
            result.stream_version,
            result.position,
            [e.event_id for e in result.events],
            *sql.fingerprint_args(req.fingerprint),
        )
        if inserted is None:
            raise _CommandRace


class _TenantSwitch:
    """Sets ``app.tenant_id`` for the rest of a transaction, only when it changes."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn
        self._tenant: str | None = None

    async def use(self, tenant_id: str) -> None:
        if tenant_id != self._tenant:
            await self._conn.execute(sql.SET_TENANT, tenant_id)
            self._tenant = tenant_id


def _by_tenant(
    requests: Sequence[AppendRequest], skip: Mapping[int, object]
) -> dict[str, list[int]]:
    """Indexes of the requests to write, grouped by tenant, each group in request order."""
    groups: dict[str, list[int]] = {}
    for i, req in enumerate(requests):
        if i not in skip:
            groups.setdefault(req.stream.tenant_id, []).append(i)
    return groups

"""Event store: batched append vs raw COPY; the single-command path vs a raw insert.

The store works as a service's app role (no table ownership, forced row-level security), as in
production; the raw baselines write as the owner into tables of their own.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass, replace

from eventkit.domain import Command, Decider, DomainEvent
from eventkit.envelope import EventMetadata, NewEvent, StreamRef
from eventkit.handling import CommandContext, CommandHandler
from eventkit.pg import create_pool
from eventkit.registry import EventRegistry
from eventkit.store import AppendRequest, PostgresEventStore

from bench.report import Figure, Timer, postmaster_of, progress

BATCH_EVENTS = 200_000
BATCH_SIZE = 5_000
EVENTS_PER_STREAM = 5


def _payload(i: int) -> dict[str, object]:
    return {"n": i, "school_id": f"school-{i % 97}", "note": "attended the enquiry session"}


async def batched_append(dsn: str, app_dsn: str) -> list[Figure]:
    pool = await create_pool(dsn, max_size=4)
    app_pool = await create_pool(app_dsn, max_size=4)
    store = PostgresEventStore(app_pool)
    meta = EventMetadata(actor="bench", correlation_id="bench")
    await pool.execute("create table events_raw (like events including all)")
    async with pool.acquire() as conn:
        server = await postmaster_of(conn)
    try:
        batches = []
        for b in range(BATCH_EVENTS // BATCH_SIZE):
            requests = []
            for s in range(BATCH_SIZE // EVENTS_PER_STREAM):
                stream = StreamRef(
                    stream_id=f"b{b}-s{s}-{uuid.uuid4().hex[:8]}",
                    stream_type="Bench",
                    tenant_id="t1",
                )
                evs = [
                    NewEvent(event_type="BenchHappened", data=_payload(i), metadata=meta)
                    for i in range(EVENTS_PER_STREAM)
                ]
                requests.append(AppendRequest(stream, evs, 0))
            batches.append(requests)
        progress(f"batched append: {BATCH_EVENTS:,} events in batches of {BATCH_SIZE:,}")
        with Timer(server) as t:
            for requests in batches:
                await store.append_batch(requests)
        ours = BATCH_EVENTS / t.seconds

        # Baseline: the same rows, COPY'd straight into an identical table (same indexes).
        rows = [
            (
                r.stream.stream_id + "r",
                r.stream.stream_type,
                v + 1,
                e.event_type,
                1,
                "t1",
                e.data,
                {"actor": "bench"},
                uuid.uuid4(),
            )
            for requests in batches
            for r in requests
            for v, e in enumerate(r.events)
        ]
        cols = [
            "stream_id",
            "stream_type",
            "stream_version",
            "event_type",
            "schema_version",
            "tenant_id",
            "data",
            "metadata",
            "event_id",
        ]
        progress("batched append baseline: raw COPY of the same rows")
        with Timer(server) as raw:
            for i in range(0, len(rows), BATCH_SIZE):
                async with pool.acquire() as conn, conn.transaction():
                    await conn.copy_records_to_table(
                        "events_raw", records=rows[i : i + BATCH_SIZE], columns=cols
                    )
        baseline = BATCH_EVENTS / raw.seconds
    finally:
        await pool.execute("drop table events_raw")
        await pool.close()
        await app_pool.close()
    return [
        Figure(
            "batched append",
            ours,
            "events/s",
            baseline,
            "raw COPY",
            ">= 100,000 and >= 0.8x",
            t.cpu_ms_per_k(BATCH_EVENTS),
            raw.cpu_ms_per_k(BATCH_EVENTS),
            raw.load,
        )
    ]


class Note(DomainEvent):
    n: int


class AddNote(Command):
    n: int


@dataclass(frozen=True)
class Notes:
    count: int = 0


def _decide(state: Notes, command: AddNote) -> list[DomainEvent]:
    return [Note(n=state.count + command.n)]


def _evolve(state: Notes, event: DomainEvent) -> Notes:
    return replace(state, count=state.count + 1)


NOTES: Decider[Notes, AddNote, DomainEvent] = Decider("Notes", Notes, _decide, _evolve)


async def single_commands(
    dsn: str, app_dsn: str, writers: int, commands_per_writer: int, *, cached: bool = True
) -> Figure:
    pool = await create_pool(app_dsn, min_size=writers, max_size=writers)
    # cached=False reads every stream from PostgreSQL before deciding (no state cache).
    handler: CommandHandler[Notes] = CommandHandler(
        PostgresEventStore(pool), EventRegistry([Note]), NOTES, cache_size=10_000 if cached else 0
    )

    async def writer(w: int) -> None:
        # Each writer cycles over its own few streams, so streams grow as they would in use.
        streams = [
            f"notes-{w}-{k}-{uuid.uuid4().hex[:6]}"
            for k in range(max(10, commands_per_writer // 5))
        ]
        for i in range(commands_per_writer):
            ctx = CommandContext(tenant_id="t1", actor="bench", command_id=str(uuid.uuid4()))
            await handler.handle(streams[i % len(streams)], AddNote(n=i), ctx)

    async with pool.acquire() as conn:
        server = await postmaster_of(conn)
    with Timer(server) as t:
        await asyncio.gather(*(writer(w) for w in range(writers)))
    await pool.close()
    ours = writers * commands_per_writer / t.seconds

    raw_pool = await create_pool(dsn, min_size=writers, max_size=writers)
    # The baseline writes what an append must keep unique — one version of one stream of one
    # tenant — under the store's own unique key, with the same streams and versions pattern.
    await raw_pool.execute(
        "create table if not exists raw_rows (id bigint generated always as identity primary key,"
        " tenant_id text not null, stream_id text not null, stream_version int not null,"
        " data jsonb not null, unique (tenant_id, stream_id, stream_version))"
    )

    async def raw_writer(w: int) -> None:
        streams = [
            f"raw-{w}-{k}-{uuid.uuid4().hex[:6]}" for k in range(max(10, commands_per_writer // 5))
        ]
        for i in range(commands_per_writer):
            stream, version = streams[i % len(streams)], i // len(streams) + 1
            async with raw_pool.acquire() as conn, conn.transaction():
                await conn.execute(
                    "insert into raw_rows (tenant_id, stream_id, stream_version, data)"
                    " values ('t1', $1, $2, $3)",
                    stream,
                    version,
                    {"n": i},
                )

    with Timer(server) as raw:
        await asyncio.gather(*(raw_writer(w) for w in range(writers)))
    await raw_pool.execute("drop table raw_rows")
    await raw_pool.close()
    baseline = writers * commands_per_writer / raw.seconds
    aim = ">= 5,000 at 16" if writers == 16 else ""
    how = "" if cached else ", no state cache"
    return Figure(
        f"single-command path, {writers} writer(s){how}",
        ours,
        "commands/s",
        baseline,
        "raw 1-row insert tx, same unique key",
        aim,
        t.cpu_ms_per_k(writers * commands_per_writer),
        raw.cpu_ms_per_k(writers * commands_per_writer),
        raw.load,
    )


async def run(dsn: str, app_dsn: str) -> list[Figure]:
    figures = await batched_append(dsn, app_dsn)
    progress("single-command path: 1 writer")
    figures.append(await single_commands(dsn, app_dsn, 1, 2_000))
    progress("single-command path: 16 writers")
    figures.append(await single_commands(dsn, app_dsn, 16, 400))
    progress("single-command path: 16 writers, reading every stream (no state cache)")
    figures.append(await single_commands(dsn, app_dsn, 16, 400, cached=False))
    return figures

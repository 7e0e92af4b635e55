"""``clc verify <service>``: rebuild the read models into a scratch schema and compare.

As the owner, in a fresh schema ``clc_verify_<random>``, every read-model table is created
``like`` the live one (columns, defaults, indexes — the upserts need the unique ones — but no
foreign keys or row-level security), and the service's projections replay into it: the service's
own event store, merged by commit time with every other topic it consumes (read from Kafka from
the beginning to its current end). Each table is then compared with the live one row by row
(``except all`` both ways, on the columns both have); any difference exits with status 1. The
scratch schema is dropped at the end. Columns filled by ``now()`` defaults differ by nature and
are left out of the comparison.

Compare with the system quiet (no command in flight, projectors caught up): the live read
models lag the store by design, and a comparison under load reports that lag as a difference.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

import asyncpg
import typer
from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from eventkit.cloudevents import from_kafka
from eventkit.envelope import RecordedEvent
from eventkit.pg import connect, create_pool
from eventkit.projection import ProjectionConnection
from eventkit.store import START, Cursor, PostgresEventStore
from rich.console import Console
from servicekit.definition import ServiceDefinition
from servicekit.settings import ServiceSettings

from .services import load, settings_for

__all__ = ["TableDifference", "verify", "verify_read_models"]


@dataclass(frozen=True)
class TableDifference:
    table: str
    only_live: int
    only_rebuilt: int


async def _partitions(settings: ServiceSettings, topics: list[str]) -> list[TopicPartition]:
    """Every partition of ``topics``, asked of the cluster: a new consumer's metadata need not
    name them yet (after bootstrapping against a three-broker cluster it named none)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        described: list[dict[str, Any]] = await admin.describe_topics(topics)
    finally:
        await admin.close()
    return [
        TopicPartition(t["topic"], p["partition"])
        for t in described
        if t["error_code"] == 0
        for p in t["partitions"]
    ]


async def _foreign_events(settings: ServiceSettings) -> list[RecordedEvent]:
    """Every event on the topics the service consumes besides its own, up to their end now."""
    topics = [t for t in settings.consumed_topics() if t != settings.topic]
    if not topics:
        return []
    parts = await _partitions(settings, topics)
    if not parts:
        return []
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.kafka_bootstrap_servers,
        enable_auto_commit=False,
        group_id=None,
        isolation_level="read_committed",
    )
    await consumer.start()
    out: list[RecordedEvent] = []
    try:
        consumer.assign(parts)
        await consumer.seek_to_beginning(*parts)
        ends = await consumer.end_offsets(parts)
        seen: set[uuid.UUID] = set()
        while [tp for tp in parts if await consumer.position(tp) < ends[tp]]:
            polled = await consumer.getmany(timeout_ms=500)
            for records in polled.values():
                for record in records:
                    event = from_kafka(record.value or b"", record.headers)
                    if event.event_id not in seen:  # a relay's re-send is the same event
                        seen.add(event.event_id)
                        out.append(event)
    finally:
        await consumer.stop()
    return out


async def _own_events(store: PostgresEventStore) -> list[RecordedEvent]:
    events: list[RecordedEvent] = []
    cursor: Cursor = START
    while batch := await store.read_all(cursor, limit=5000):
        events += batch
        cursor = Cursor.of(batch[-1])
    return events


async def _replay(
    conn: asyncpg.Connection,
    definition: ServiceDefinition[Any, Any],
    events: Sequence[Any],
    settings: ServiceSettings,
) -> None:
    projections = definition.projections_for(settings)
    for start in range(0, len(events), 2000):
        async with conn.transaction():
            writer = ProjectionConnection(conn)
            tenant: str | None = None
            for event in events[start : start + 2000]:
                if event.tenant_id != tenant:
                    await writer.flush()
                    tenant = event.tenant_id
                    await conn.execute("select set_config('app.tenant_id', $1, true)", tenant)
                for projection in projections:
                    await projection.apply(writer, event)
            await writer.flush()


async def _compare(conn: asyncpg.Connection, schema: str, table: str) -> TableDifference:
    columns = await conn.fetch(
        "select column_name from information_schema.columns"
        " where table_schema = 'public' and table_name = $1"
        " and coalesce(column_default, '') not ilike '%now()%'"
        " and coalesce(column_default, '') not ilike '%current_timestamp%'"
        " order by ordinal_position",
        table,
    )
    cols = ", ".join(f'"{c["column_name"]}"' for c in columns)
    live, rebuilt = f"public.{table}", f"{schema}.{table}"
    minus = "select count(*) from (select {c} from {a} except all select {c} from {b}) d"
    only_live = await conn.fetchval(minus.format(c=cols, a=live, b=rebuilt))
    only_rebuilt = await conn.fetchval(minus.format(c=cols, a=rebuilt, b=live))
    return TableDifference(table, only_live, only_rebuilt)


async def verify_read_models(
    settings: ServiceSettings, definition: ServiceDefinition[Any, Any]
) -> tuple[int, list[TableDifference]]:
    """Rebuild into a scratch schema and compare; (events replayed, one entry per table)."""
    pool = await create_pool(settings.database_url, max_size=2)
    conn = await connect(settings.database_url)
    schema = f"clc_verify_{uuid.uuid4().hex[:10]}"
    try:
        events = sorted(
            [*await _own_events(PostgresEventStore(pool)), *await _foreign_events(settings)],
            key=lambda e: e.recorded_at,
        )
        await conn.execute(f"create schema {schema}")
        for table in definition.read_model_tables:
            await conn.execute(f"create table {schema}.{table} (like public.{table} including all)")
        await conn.execute(f"set search_path to {schema}, public")
        await _replay(conn, definition, events, settings)
        await conn.execute("set search_path to public")
        rebuilt = [t for t in definition.read_model_tables if t not in definition.history_tables]
        differences = [await _compare(conn, schema, t) for t in rebuilt]
        return len(events), differences
    finally:
        await conn.execute(f"drop schema if exists {schema} cascade")
        await conn.close()
        await pool.close()


def verify(
    service: str,
    database_url: Annotated[
        str | None, typer.Option(help="owner DSN of the service's database (default: from env)")
    ] = None,
) -> None:
    """Rebuild the read models into a scratch schema and compare them with the live ones."""
    parts = load(service)
    settings = settings_for(parts, database_url)
    replayed, differences = asyncio.run(verify_read_models(settings, parts.definition))
    console = Console()
    bad = [d for d in differences if d.only_live or d.only_rebuilt]
    for d in differences:
        mark = "[red]DIFFERS[/]" if d in bad else "[green]same[/]"
        console.print(
            f"{mark} {d.table}: {d.only_live} row(s) only live, {d.only_rebuilt} only rebuilt"
        )
    console.print(f"{service}: {replayed} events replayed, {len(bad)} table(s) differ")
    if bad:
        raise typer.Exit(1)

"""``clc migrate encrypt-personal``: the one-off rewrite of the groups' event log into the sealed
form, and its republication on a new version of the topic.

The procedure (run with the groups service stopped, so no relay publishes meanwhile):

1. ``clc migrate encrypt-personal`` seals every personal field written in the clear, in place,
   resumably and verified (``servicekit.crypto.migrate``), then republishes the whole store to
   ``clc.groups.events.v2`` (``--to``) — once per event id, so a second run sends nothing twice
   — and checks that the new topic holds every event;
2. set ``GROUPS_TOPIC=clc.groups.events.v2`` (and ``ENQUIRY_GROUPS_TOPIC``,
   ``KNOWLEDGE_GROUPS_TOPIC``) and start the services: the relay continues from its checkpoint,
   the consumers read the new topic from its start and skip what they have applied (their
   projectors de-duplicate on event id);
3. ``clc migrate encrypt-personal --delete-old-topic`` deletes ``clc.groups.events`` (the only
   place the clear text still existed) once every consumer has moved.
"""

from __future__ import annotations

import asyncio
import importlib
from typing import Annotated, Any

import typer
from aiokafka import AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from eventkit.cloudevents import to_kafka
from eventkit.pg import connect, create_pool
from eventkit.store import PostgresEventStore
from eventkit.store.base import START, Cursor
from eventkit.topics import create_topics
from rich.console import Console
from servicekit.crypto import PostgresKeyStore, Sealer
from servicekit.crypto.migrate import MigrationReport, seal_existing

from .events import _ids_in
from .services import load, settings_for

__all__ = ["app", "encrypt_personal", "republish"]

app = typer.Typer(help="One-off migrations of the event logs.", no_args_is_help=True)

KEEP_HISTORY = {"retention.ms": "-1"}


async def encrypt_personal(settings: Any) -> MigrationReport:
    # the groups' own declaration of its personal data (clc loads services by name)
    personal = importlib.import_module("clc_groups.application.sealing").PERSONAL_DATA
    conn = await connect(settings.database_url)
    try:
        sealer = Sealer(PostgresKeyStore(conn, settings.keks()))
        return await seal_existing(conn, sealer, personal)
    finally:
        await conn.close()


async def republish(settings: Any, to: str) -> tuple[int, int]:
    """Every stored event to ``to`` once per id; (sent now, the store's count)."""
    bootstrap = settings.kafka_bootstrap_servers
    await create_topics(bootstrap, [to], config=KEEP_HISTORY)
    seen = await _ids_in(bootstrap, to)
    pool = await create_pool(settings.database_url, max_size=2)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True)
    await producer.start()
    sent = total = 0
    try:
        store, cursor = PostgresEventStore(pool), START
        while batch := await store.read_all(cursor, limit=2000):
            for event in batch:
                total += 1
                if str(event.event_id).encode() in seen:
                    continue
                key, value, headers = to_kafka(
                    event, source=settings.event_source, schema_base=settings.event_schema_base
                )
                await producer.send(to, value=value, key=key, headers=headers)
                sent += 1
            await producer.flush()
            cursor = Cursor.of(batch[-1])
    finally:
        await producer.stop()
        await pool.close()
    if len(await _ids_in(bootstrap, to)) < total:
        raise RuntimeError(f"{to} holds fewer events than the store ({total})")
    return sent, total


async def _delete_topic(settings: Any, name: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        await admin.delete_topics([name])
    finally:
        await admin.close()


@app.command("encrypt-personal")
def encrypt_personal_command(
    to: Annotated[str, typer.Option(help="the new topic version")] = "clc.groups.events.v2",
    delete_old_topic: Annotated[
        bool, typer.Option(help="delete the groups' old topic (step 3)")
    ] = False,
    database_url: Annotated[
        str | None, typer.Option(help="owner DSN of the groups database (default: from env)")
    ] = None,
) -> None:
    """Seal the groups' personal fields written in the clear; republish to a new topic."""
    console = Console()
    settings = settings_for(load("groups"), database_url)
    if delete_old_topic:
        if settings.topic == to:
            raise typer.BadParameter("GROUPS_TOPIC still names the new topic's old version?")
        asyncio.run(_delete_topic(settings, settings.topic))
        console.print(f"deleted {settings.topic}")
        return
    report = asyncio.run(encrypt_personal(settings))
    console.print(
        f"sealed {report.rewritten} events of {report.events} ({report.streams} streams,"
        f" {report.erased_subjects} erasures honoured, resumed at {report.resumed_from}):"
        " counts and non-personal content verified"
    )
    sent, total = asyncio.run(republish(settings, to))
    console.print(f"republished {sent} events to {to} (it holds all {total})")

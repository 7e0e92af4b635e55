"""``clc topic tail <topic>``: a topic's records as readable events.

Each record is a CloudEvent in binary mode (``eventkit.cloudevents``): the event's attributes are
``ce_*`` headers and the value is its JSON body. ``tail`` prints, per event, its type, tenant,
stream (and version), global position and time, then the body; ``--json`` prints one JSON object
a line instead (for scripts). It reads without a consumer group, so it commits no offsets and
disturbs no projector. Without ``--follow`` it stops at the end offsets it found on starting.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
from typing import Annotated, Any

import orjson
import typer
from aiokafka import AIOKafkaConsumer, ConsumerRecord
from aiokafka.errors import KafkaError
from rich.console import Console
from rich.json import JSON
from rich.text import Text

__all__ = ["app", "readable"]

app = typer.Typer(help="Kafka topics, as events.", no_args_is_help=True)


def readable(record: ConsumerRecord[bytes, bytes]) -> dict[str, Any]:
    """What an operator reads of one record: the CloudEvents headers by name, the JSON body."""
    headers = {k: v.decode("utf-8", "replace") for k, v in record.headers or ()}
    try:
        data: Any = orjson.loads(record.value) if record.value else None
    except orjson.JSONDecodeError:
        data = (record.value or b"").decode("utf-8", "replace")
    return {
        "type": headers.get("ce_eventtype") or headers.get("ce_type"),
        "tenant": headers.get("ce_tenantid"),
        "stream": headers.get("ce_subject"),
        "streamVersion": headers.get("ce_streamversion"),
        "position": headers.get("ce_position"),
        "time": headers.get("ce_time"),
        "partition": record.partition,
        "offset": record.offset,
        "data": data,
    }


def _show(console: Console, event: dict[str, Any], as_json: bool) -> None:
    if as_json:
        console.print_json(json.dumps(event), indent=None)
        return
    line = Text()
    line.append(f"#{event['position'] or '-'} ", style="dim")
    line.append(str(event["type"] or "?"), style="bold cyan")
    line.append(f"  tenant={event['tenant'] or '-'}", style="yellow")
    line.append(f"  stream={event['stream'] or '-'} v{event['streamVersion'] or '-'}")
    line.append(f"  {event['time'] or ''}", style="dim")
    line.append(f"  [{event['partition']}/{event['offset']}]", style="dim")
    console.print(line)
    if isinstance(event["data"], (dict, list)):
        console.print(JSON.from_data(event["data"]))
    else:
        console.print(str(event["data"]))


async def _tail(
    topic: str, bootstrap: str, *, from_beginning: bool, follow: bool, limit: int, as_json: bool
) -> int:
    console = Console(soft_wrap=True)
    consumer: AIOKafkaConsumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap,
        enable_auto_commit=False,
        group_id=None,
        auto_offset_reset="earliest" if from_beginning else "latest",
    )
    try:
        await consumer.start()
    except KafkaError as exc:
        await consumer.stop()
        console.print(f"[red]cannot reach Kafka at {bootstrap}[/]: {exc}", highlight=False)
        return 1
    try:
        # asked before subscribing: a subscription could have the broker create the topic
        if topic not in await consumer.topics():
            console.print(f"[red]no topic {topic!r}[/] at {bootstrap}", highlight=False)
            return 1
        # without a group, a subscription is given every partition of the topic
        consumer.subscribe([topic])
        async with asyncio.timeout(30):
            while not consumer.assignment():  # noqa: ASYNC110  (aiokafka offers no event)
                await asyncio.sleep(0.05)
        tps = sorted(consumer.assignment())
        ends = await consumer.end_offsets(tps)
        shown = 0
        while True:
            batch = await consumer.getmany(*tps, timeout_ms=300, max_records=500)
            for records in batch.values():
                for record in records:
                    _show(console, readable(record), as_json)
                    shown += 1
                    if limit and shown >= limit:
                        return 0
            if not follow and all([await consumer.position(tp) >= ends[tp] for tp in tps]):
                return 0
    finally:
        await consumer.stop()


@app.command()
def tail(
    topic: str,
    from_beginning: Annotated[
        bool, typer.Option("--from-beginning", help="start at the oldest record")
    ] = False,
    follow: Annotated[bool, typer.Option("--follow", "-f", help="keep waiting for more")] = False,
    limit: Annotated[int, typer.Option(help="stop after this many events (0: no limit)")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object a line")] = False,
    bootstrap: Annotated[
        str | None, typer.Option(help="Kafka bootstrap servers (default: KAFKA_BOOTSTRAP_SERVERS)")
    ] = None,
) -> None:
    """Print a topic's events: type, tenant, stream, position, time and JSON body."""
    servers = bootstrap or os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
    status = 0
    with contextlib.suppress(KeyboardInterrupt):
        status = asyncio.run(
            _tail(
                topic,
                servers,
                from_beginning=from_beginning,
                follow=follow,
                limit=limit,
                as_json=as_json,
            )
        )
    raise typer.Exit(status)

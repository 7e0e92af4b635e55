"""``clc events tail|replay``: a topic's records as readable events, from a time or an offset.

Each record is a CloudEvent in binary mode (``eventkit.cloudevents``): the event's attributes are
``ce_*`` headers and the value is its JSON body. Both commands read without a consumer group, so
they commit no offsets and disturb no projector.

- ``tail`` prints, per event, its type, tenant, stream (and version), global position and time,
  then the body (``--json``: one JSON object a line); it starts at the end unless ``--from`` is
  given, and stops at the end offsets found on starting unless ``--follow``.
- ``replay`` re-reads a range, ``--from`` (inclusive) up to ``--until`` (exclusive; default: the
  end found on starting), and prints it, or with ``--to`` re-publishes each record unchanged
  (key, value, headers) to another topic — idempotently: an event whose ``ce_id`` the target
  already holds is not sent again, so a replay interrupted and run again sends each event once.

``--from``/``--until``: ``beginning``, ``end``, an offset (every partition), or an ISO 8601 time
(``2026-11-25T09:00:00+00:00``; without a zone, UTC). ``--type``: a glob over the event type
(``Member*``), repeatable. ``clc topic tail`` is this module's ``tail`` under its older name.

Personal fields travel sealed and print as ``<sealed: key …>``; ``--open-with <service>`` opens
them with that service's keys, for an operator who holds them (``sealed``).
"""

from __future__ import annotations

import asyncio
import contextlib
import fnmatch
import os
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from typing import Annotated

import typer
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.errors import KafkaError
from rich.console import Console

from .sealed import Opener, marked, opener_for
from .show import readable, show

__all__ = [
    "AsJson",
    "Bootstrap",
    "Position",
    "Types",
    "app",
    "parse_position",
    "read_range",
    "tail_command",
]

app = typer.Typer(help="Event topics: tail and replay, readably.", no_args_is_help=True)

#: "beginning", "end", an offset, or a time
Position = str | int | datetime


def parse_position(text: str) -> Position:
    if text in ("beginning", "end"):
        return text
    if text.isdigit():
        return int(text)
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r}: expected beginning, end, an offset or an ISO 8601 time"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


async def _offsets(
    consumer: AIOKafkaConsumer, tps: Sequence[TopicPartition], at: Position
) -> dict[TopicPartition, int]:
    """Each partition's offset for a position (clamped to what the partition holds)."""
    first = await consumer.beginning_offsets(list(tps))
    ends = await consumer.end_offsets(list(tps))
    if at == "beginning":
        return dict(first)
    if at == "end":
        return dict(ends)
    if isinstance(at, int):
        return {tp: min(max(at, first[tp]), ends[tp]) for tp in tps}
    assert isinstance(at, datetime)
    millis = int(at.timestamp() * 1000)
    found = await consumer.offsets_for_times(dict.fromkeys(tps, millis))
    return {tp: o.offset if (o := found.get(tp)) is not None else ends[tp] for tp in tps}


def _wanted(record: ConsumerRecord[bytes, bytes], types: Sequence[str]) -> bool:
    if not types:
        return True
    headers = dict(record.headers or ())
    name = (headers.get("ce_eventtype") or b"").decode("utf-8", "replace")
    return any(fnmatch.fnmatchcase(name, glob) for glob in types)


@contextlib.asynccontextmanager
async def _reading(bootstrap: str, topic: str) -> AsyncIterator[AIOKafkaConsumer]:
    """A group-less consumer given every partition of ``topic``; ``LookupError`` if absent."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None
    )
    try:
        await consumer.start()
        # asked before assigning: a metadata request could have the broker create the topic
        if topic not in await consumer.topics():
            raise LookupError(f"no topic {topic!r} at {bootstrap}")
        # without a group, a subscription is given every partition of the topic
        consumer.subscribe([topic])
        async with asyncio.timeout(30):
            while not consumer.assignment():  # noqa: ASYNC110  (aiokafka offers no event)
                await asyncio.sleep(0.05)
        yield consumer
    finally:
        await consumer.stop()


async def read_range(
    consumer: AIOKafkaConsumer,
    start: Position,
    until: Position | None = None,
    *,
    follow: bool = False,
    types: Sequence[str] = (),
) -> AsyncIterator[ConsumerRecord[bytes, bytes]]:
    """The assigned partitions' records from ``start`` up to ``until`` (default: the end found
    now; with ``follow``: no end), of the wanted types."""
    tps = sorted(consumer.assignment())
    for tp, offset in (await _offsets(consumer, tps, start)).items():
        consumer.seek(tp, offset)
    stop = await _offsets(consumer, tps, "end" if until is None else until)
    while True:
        batch = await consumer.getmany(*tps, timeout_ms=300, max_records=500)
        for tp, records in batch.items():
            for record in records:
                in_range = (follow and until is None) or record.offset < stop[tp]
                if in_range and _wanted(record, types):
                    yield record
        if not follow or until is not None:
            positions = [await consumer.position(tp) for tp in tps]
            if all(p >= stop[tp] for p, tp in zip(positions, tps, strict=True)):
                return


async def _ids_in(bootstrap: str, topic: str) -> set[bytes]:
    """Every ``ce_id`` the topic holds (empty when it does not exist yet)."""
    try:
        async with _reading(bootstrap, topic) as consumer:
            return {
                dict(r.headers or ()).get("ce_id", b"")
                async for r in read_range(consumer, "beginning")
            }
    except LookupError:
        return set()


def _failed(console: Console, exc: Exception, bootstrap: str) -> int:
    if isinstance(exc, LookupError):
        console.print(f"[red]{exc.args[0]}[/]", highlight=False)
    else:
        console.print(f"[red]cannot reach Kafka at {bootstrap}[/]: {exc}", highlight=False)
    return 1


async def _print(
    console: Console, record: ConsumerRecord[bytes, bytes], as_json: bool, opener: Opener | None
) -> None:
    event = readable(record)
    if opener is None:
        event["data"] = marked(event["data"])
    else:
        event["data"] = await opener.opened(event["tenant"], event["data"])
    show(console, event, as_json)


def _servers(bootstrap: str | None) -> str:
    return bootstrap or os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


async def _tail(
    topic: str,
    bootstrap: str,
    *,
    start: Position,
    follow: bool,
    limit: int,
    as_json: bool,
    types: Sequence[str],
    open_with: Sequence[str] = (),
) -> int:
    console = Console(soft_wrap=True)
    try:
        async with opener_for(open_with) as opener, _reading(bootstrap, topic) as consumer:
            shown = 0
            async for record in read_range(consumer, start, follow=follow, types=types):
                await _print(console, record, as_json, opener)
                shown += 1
                if limit and shown >= limit:
                    return 0
    except (LookupError, KafkaError) as exc:
        return _failed(console, exc, bootstrap)
    return 0


async def _replay(
    topic: str,
    bootstrap: str,
    *,
    start: Position,
    until: Position | None,
    to: str | None,
    as_json: bool,
    types: Sequence[str],
    open_with: Sequence[str] = (),
) -> int:
    console = Console(soft_wrap=True)
    producer = None
    try:
        seen = await _ids_in(bootstrap, to) if to else set()
        if to:
            producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
            await producer.start()
        sent = skipped = 0
        async with opener_for(open_with) as opener, _reading(bootstrap, topic) as consumer:
            stop = until if until is not None else "end"
            async for record in read_range(consumer, start, stop, types=types):
                if producer is None or to is None:
                    await _print(console, record, as_json, opener)
                    continue
                event_id = dict(record.headers or ()).get("ce_id", b"")
                if event_id and event_id in seen:
                    skipped += 1
                    continue
                await producer.send_and_wait(
                    to, value=record.value, key=record.key, headers=list(record.headers or ())
                )
                seen.add(event_id)
                sent += 1
        if to:
            console.print(f"replayed {sent} events to {to} ({skipped} already there)")
    except (LookupError, KafkaError) as exc:
        return _failed(console, exc, bootstrap)
    finally:
        if producer is not None:
            await producer.stop()
    return 0


def _run(coroutine: object) -> None:
    status = 0
    with contextlib.suppress(KeyboardInterrupt):
        status = asyncio.run(coroutine)  # type: ignore[arg-type]
    raise typer.Exit(status)


Bootstrap = Annotated[
    str | None, typer.Option(help="Kafka bootstrap servers (default: KAFKA_BOOTSTRAP_SERVERS)")
]
Types = Annotated[
    list[str] | None, typer.Option("--type", help="only event types matching this glob")
]
AsJson = Annotated[bool, typer.Option("--json", help="one JSON object a line")]
OpenWith = Annotated[
    list[str] | None,
    typer.Option(
        "--open-with",
        help="open sealed personal fields with this service's keys (operators holding its"
        " KEKs and database; repeatable)",
    ),
]


@app.command("tail")
def tail_command(
    topic: Annotated[str, typer.Option("--topic", help="the topic to read")],
    start: Annotated[
        str, typer.Option("--from", help="beginning, end, an offset or an ISO 8601 time")
    ] = "end",
    follow: Annotated[bool, typer.Option("--follow", "-f", help="keep waiting for more")] = False,
    limit: Annotated[int, typer.Option(help="stop after this many events (0: no limit)")] = 0,
    types: Types = None,
    as_json: AsJson = False,
    bootstrap: Bootstrap = None,
    open_with: OpenWith = None,
) -> None:
    """Print a topic's events: type, tenant, stream, position, time and JSON body."""
    position = parse_position(start)
    _run(
        _tail(
            topic,
            _servers(bootstrap),
            start=position,
            follow=follow,
            limit=limit,
            as_json=as_json,
            types=types or (),
            open_with=open_with or (),
        )
    )


@app.command("replay")
def replay_command(
    topic: Annotated[str, typer.Option("--topic", help="the topic to read")],
    start: Annotated[
        str, typer.Option("--from", help="beginning, an offset or an ISO 8601 time (inclusive)")
    ],
    until: Annotated[
        str | None, typer.Option("--until", help="an offset or a time (exclusive; default: end)")
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="re-publish to this topic (once per event id)")
    ] = None,
    types: Types = None,
    as_json: AsJson = False,
    bootstrap: Bootstrap = None,
    open_with: OpenWith = None,
) -> None:
    """Re-read a range of a topic: print it, or re-publish it to another topic (``--to``)."""
    _run(
        _replay(
            topic,
            _servers(bootstrap),
            start=parse_position(start),
            until=parse_position(until) if until is not None else None,
            to=to,
            as_json=as_json,
            types=types or (),
            open_with=open_with or (),
        )
    )

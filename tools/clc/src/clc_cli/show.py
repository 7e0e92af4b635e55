"""How an event record reads to an operator (``clc events``, ``clc topic tail``)."""

from __future__ import annotations

import json
from typing import Any

import orjson
from aiokafka import ConsumerRecord
from rich.console import Console
from rich.json import JSON
from rich.text import Text

__all__ = ["readable", "show"]


def readable(record: ConsumerRecord[bytes, bytes]) -> dict[str, Any]:
    """What an operator reads of one record: the CloudEvents headers by name, the JSON body."""
    headers = {k: v.decode("utf-8", "replace") for k, v in record.headers or ()}
    try:
        data: Any = orjson.loads(record.value) if record.value else None
    except orjson.JSONDecodeError:
        data = (record.value or b"").decode("utf-8", "replace")
    return {
        "id": headers.get("ce_id"),
        "type": headers.get("ce_eventtype") or headers.get("ce_type"),
        "tenant": headers.get("ce_tenantid"),
        "stream": headers.get("ce_subject"),
        "streamVersion": headers.get("ce_streamversion"),
        "position": headers.get("ce_position"),
        "time": headers.get("ce_time"),
        "dataschema": headers.get("ce_dataschema"),
        "partition": record.partition,
        "offset": record.offset,
        "data": data,
    }


def show(console: Console, event: dict[str, Any], as_json: bool) -> None:
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

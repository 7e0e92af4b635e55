"""Records as the relay publishes them (``eventkit.cloudevents.to_kafka``), for the analytics
sink's tests, and a scan of everything the sink wrote for given strings."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
from eventkit.cloudevents import KafkaRecord, to_kafka
from eventkit.envelope import EventMetadata, RecordedEvent

SOURCES = {"groups": "/clc/groups", "enquiry": "/clc/enquiry", "knowledge": "/clc/knowledge"}


def record(
    service: str,
    event_type: str,
    data: dict[str, Any],
    *,
    tenant: str = "t1",
    stream: str = "s1",
    stream_type: str = "learning_group",
    actor: str | None = None,
    at: datetime | None = None,
    position: int = 1,
) -> KafkaRecord:
    event = RecordedEvent(
        event_id=uuid.uuid4(),
        event_type=event_type,
        schema_version=1,
        stream_id=stream,
        stream_type=stream_type,
        stream_version=1,
        tenant_id=tenant,
        data=data,
        metadata=EventMetadata(actor=actor, command_id="cmd-" + uuid.uuid4().hex),
        recorded_at=at or datetime(2026, 11, 20, 10, 0, tzinfo=UTC),
        global_position=position,
    )
    return to_kafka(event, source=SOURCES[service])


def found_in(data_dir: Path, needles: Iterable[str]) -> dict[str, list[str]]:
    """Which of ``needles`` occur anywhere the sink wrote: in the raw bytes of every file, and in
    every value of every Parquet file read back as text (Parquet pages may be compressed)."""
    wanted = list(needles)
    hits: dict[str, list[str]] = {}
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        try:
            texts = [path.read_bytes().decode("latin-1")]
            if path.suffix == ".parquet":
                with duckdb.connect() as db:
                    rows = db.execute(
                        f"select * from read_parquet('{path}', hive_partitioning = false)"
                    ).fetchall()
                texts.append(repr(rows))
        except (FileNotFoundError, duckdb.IOException):
            continue  # a file the running sink just replaced: its successor is scanned instead
        for needle in wanted:
            if any(needle in text for text in texts):
                hits.setdefault(needle, []).append(str(path))
    return hits

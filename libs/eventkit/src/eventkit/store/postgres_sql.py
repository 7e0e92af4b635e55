"""How the PostgreSQL store talks to its table: the SQL it sends and the conversions between
rows and envelopes. Kept apart from ``postgres`` so the store reads as behaviour, not text."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import asyncpg

from eventkit.envelope import EventMetadata, NewEvent, RecordedEvent
from eventkit.idempotency import CommandFingerprint

from .base import AppendRequest

__all__ = [
    "APPEND_ONE",
    "COLUMNS",
    "COPY_COLUMNS",
    "build",
    "build_all",
    "fingerprint_args",
    "fingerprint_from",
    "metadata_from",
    "metadata_json",
    "recorded",
]

COLUMNS = """global_position, event_id, stream_id, stream_type, stream_version, event_type,
    schema_version, tenant_id, data, metadata, recorded_at, tx_id::text::bigint as tx_id"""

COPY_COLUMNS = [
    "event_id",
    "stream_id",
    "stream_type",
    "stream_version",
    "event_type",
    "schema_version",
    "tenant_id",
    "data",
    "metadata",
]

APPEND_ONE = """
with state as (
    select coalesce((select stream_version from events where tenant_id = $5 and stream_id = $2
        order by stream_version desc limit 1), 0) as v
), ins as (
    insert into events (event_id, stream_id, stream_type, stream_version, event_type,
        schema_version, tenant_id, data, metadata)
    select e.id, $2, $3, state.v + e.ord, e.type, e.ver, $5, e.data, e.meta
    from state, unnest($1::uuid[], $6::text[], $7::int[], $8::jsonb[], $9::jsonb[])
        with ordinality as e(id, type, ver, data, meta, ord)
    where $4::int is null or state.v = $4::int
    order by e.ord
    returning global_position, recorded_at, tx_id::text::bigint as tx_id, stream_version
), log as (
    insert into command_log (tenant_id, command_id, stream_id, stream_version, position, event_ids,
        actor, command_type, payload_hmac)
    select $5, $10, $2, max(stream_version), max(global_position), array_agg(e.id), $11::text,
        $12::text, $13::text
    from ins, unnest($1::uuid[]) as e(id)
    where $10::text is not null
    group by ()
    having count(*) > 0
    returning 1
)
select state.v as current_version,
    exists (select 1 from log) as logged,
    ins.global_position, ins.recorded_at, ins.tx_id
from state left join ins on true
order by ins.stream_version
"""


def fingerprint_args(fingerprint: CommandFingerprint | None) -> tuple[str | None, ...]:
    """The command log's fingerprint columns: actor, command type, payload HMAC."""
    if fingerprint is None:
        return (None, None, None)
    return (fingerprint.actor, fingerprint.command_type, fingerprint.payload_hmac)


def fingerprint_from(row: asyncpg.Record) -> CommandFingerprint | None:
    if row["payload_hmac"] is None:
        return None
    return CommandFingerprint(
        row["actor"], row["stream_id"], row["command_type"], row["payload_hmac"]
    )


def recorded(row: asyncpg.Record) -> RecordedEvent:
    # Rows come from our own table, written through validated models: constructing without
    # re-validation keeps reads (stream loads, the relay, rebuilds) several times cheaper.
    return RecordedEvent.trusted(
        event_id=row["event_id"],
        event_type=row["event_type"],
        schema_version=row["schema_version"],
        stream_id=row["stream_id"],
        stream_type=row["stream_type"],
        stream_version=row["stream_version"],
        tenant_id=row["tenant_id"],
        data=row["data"],
        metadata=metadata_from(row["metadata"]),
        recorded_at=row["recorded_at"],
        global_position=row["global_position"],
        tx_id=row["tx_id"],
    )


def metadata_json(meta: EventMetadata) -> dict[str, Any]:
    return meta.model_dump(exclude_none=True)


NO_METADATA = EventMetadata()


def metadata_from(stored: dict[str, Any]) -> EventMetadata:
    return EventMetadata.model_construct(**stored) if stored else NO_METADATA


def build_all(
    req: AppendRequest, start: int, positions: Sequence[int], recorded_at: datetime, tx_id: int
) -> tuple[RecordedEvent, ...]:
    """The envelopes of one request of a batch: one transaction, so one time and one tx id."""
    return tuple(
        build(
            req,
            e,
            start + k + 1,
            {"global_position": p, "recorded_at": recorded_at, "tx_id": tx_id},
        )
        for k, (e, p) in enumerate(zip(req.events, positions, strict=True))
    )


def build(req: AppendRequest, e: NewEvent, version: int, row: Any) -> RecordedEvent:
    # Every field comes from an already-validated NewEvent/StreamRef or from the database.
    return RecordedEvent.trusted(
        event_id=e.event_id,
        event_type=e.event_type,
        schema_version=e.schema_version,
        stream_id=req.stream.stream_id,
        stream_type=req.stream.stream_type,
        stream_version=version,
        tenant_id=req.stream.tenant_id,
        data=e.data,
        metadata=e.metadata,
        recorded_at=row["recorded_at"],
        global_position=row["global_position"],
        tx_id=row["tx_id"],
    )

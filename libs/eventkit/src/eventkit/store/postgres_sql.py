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
    "ALL_TENANTS",
    "APPEND_ONE",
    "COLUMNS",
    "INSERT_MANY",
    "READ_ALL",
    "READ_STREAM",
    "SET_TENANT",
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

# Head check, insert and command log in one statement, under the tenant (the function is defined
# by migration ``eventkit_0005_store_row_security``). Columns: current_version, logged, then
# global_position, recorded_at, tx_id of each inserted event (null when nothing was inserted).
APPEND_ONE = (
    "select * from eventkit_append_one($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
)

READ_STREAM = f"select {COLUMNS} from eventkit_read_stream($1, $2, $3)"

# Many events, possibly of many streams, of one tenant (set for the transaction beforehand).
# COPY is not allowed into a table with row-level security; one INSERT of unnested arrays is
# the next best thing: one statement, rows checked by the tenant's policy, positions returned.
# Data and metadata come as one JSON array each ($8, $9: UTF-8 bytes), zipped with the other
# columns by ``rows from``: one orjson call per batch instead of a codec call and the array
# encoder's per-element type checks for every event (about a third of the client's time).
INSERT_MANY = """
insert into events (event_id, stream_id, stream_type, stream_version, event_type, schema_version,
    tenant_id, data, metadata)
select e.id, e.sid, e.stype, e.ver, e.type, e.schema, $1, e.data, e.meta
from rows from (unnest($2::uuid[]), unnest($3::text[]), unnest($4::text[]), unnest($5::int[]),
    unnest($6::text[]), unnest($7::int[]), jsonb_array_elements(convert_from($8, 'UTF8')::jsonb),
    jsonb_array_elements(convert_from($9, 'UTF8')::jsonb))
    with ordinality as e(id, sid, stype, ver, type, schema, data, meta, ord)
order by e.ord
returning global_position
"""

READ_ALL = f"""
select {COLUMNS} from events
where (tx_id, global_position) > ($1::text::xid8, $2)
  and tx_id < pg_snapshot_xmin(pg_current_snapshot())
order by tx_id, global_position
limit $3
"""

SET_TENANT = "select set_config('app.tenant_id', $1, true)"

# The relay's and a rebuild's read of every tenant (see the migration's comment for why).
ALL_TENANTS = "select set_config('eventkit.all_tenants', 'on', true)"


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

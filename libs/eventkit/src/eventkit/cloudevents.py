"""CloudEvents 1.0 binary mode over Kafka.

Attributes travel as ``ce_*`` headers and the record value is the event's JSON data, so consumers
that know nothing of eventkit can still route and filter on headers. The extra ``ce_*`` extensions
carry what a consumer needs to rebuild the full envelope (stream type, schema version, actor,
command id, transaction id) — CloudEvents extension names are lower-case alphanumerics.
"""

from __future__ import annotations

import functools
import uuid
from datetime import datetime
from typing import Any

import orjson

from .envelope import EventMetadata, RecordedEvent

__all__ = [
    "DEFAULT_SCHEMA_BASE",
    "KafkaRecord",
    "dataschema",
    "from_kafka",
    "kafka_key",
    "to_kafka",
]

#: Where the gateway serves every event schema: ``ce_dataschema`` is this base + ``/<service>/
#: <Type>/v<N>.json`` (``GET /events/schemas/...``; ``ServiceSettings.event_schema_base``)
DEFAULT_SCHEMA_BASE = "http://127.0.0.1:8000/events/schemas"

Headers = list[tuple[str, bytes]]
KafkaRecord = tuple[bytes, bytes, Headers]

_OPTIONAL = {
    "ce_correlationid": "correlation_id",
    "ce_causationid": "causation_id",
    "ce_actor": "actor",
    "ce_commandid": "command_id",
    "traceparent": "traceparent",
}


@functools.cache
def _source_parts(source: str, schema_base: str) -> tuple[bytes, str, str]:
    """Per-source constants: computed once, not for every event the relay sends."""
    service = source.rstrip("/").rsplit("/", 1)[-1]
    return source.encode(), source.strip("/").replace("/", "."), f"{schema_base}/{service}/"


def dataschema(source: str, event_type: str, version: int, schema_base: str) -> str:
    """The ``ce_dataschema`` URI of an event type's schema version (resolvable at the gateway)."""
    return f"{_source_parts(source, schema_base.rstrip('/'))[2]}{event_type}/v{version}.json"


def to_kafka(
    event: RecordedEvent, *, source: str, schema_base: str = DEFAULT_SCHEMA_BASE
) -> KafkaRecord:
    encoded_source, type_prefix, schema_prefix = _source_parts(source, schema_base.rstrip("/"))
    et, version = event.event_type, str(event.schema_version)
    headers: Headers = [
        ("ce_specversion", b"1.0"),
        ("ce_id", str(event.event_id).encode()),
        ("ce_source", encoded_source),
        ("ce_type", f"{type_prefix}.{et}".encode()),
        ("ce_subject", event.stream_id.encode()),
        ("ce_time", event.recorded_at.isoformat().encode()),
        ("ce_dataschema", f"{schema_prefix}{et}/v{version}.json".encode()),
        ("content-type", b"application/json"),
        ("ce_tenantid", event.tenant_id.encode()),
        ("ce_streamversion", str(event.stream_version).encode()),
        ("ce_streamtype", event.stream_type.encode()),
        ("ce_position", str(event.global_position).encode()),
        ("ce_schemaversion", version.encode()),
        ("ce_eventtype", et.encode()),
        ("ce_txid", str(event.tx_id).encode()),
    ]
    meta = event.metadata
    for header, field in _OPTIONAL.items():
        value = getattr(meta, field)
        if value:
            headers.append((header, str(value).encode()))
    return kafka_key(event.tenant_id, event.stream_id), orjson.dumps(event.data), headers


def kafka_key(tenant_id: str, stream_id: str) -> bytes:
    """The record key: one aggregate's events share it, so they share a partition and keep
    their order. Stream ids are only unique within a tenant, so the key names the tenant too
    (two tenants' streams with one id are two aggregates, free to go to different partitions).

    The key was the bare stream id before issue 7; a key change can move an aggregate to another
    partition, so a deployment upgraded across it should let its consumers drain the topic first
    (events of one aggregate on both sides of the change could otherwise be applied out of
    order by a lagging consumer)."""
    return f"{tenant_id}/{stream_id}".encode()


def from_kafka(value: bytes, headers: Any) -> RecordedEvent:
    """Rebuild the envelope from a record. Raises ``ValueError``/``KeyError`` on a malformed one."""
    h = {k: (v.decode() if isinstance(v, bytes | bytearray) else v) for k, v in headers}
    meta = {field: h[header] for header, field in _OPTIONAL.items() if header in h}
    return RecordedEvent(
        event_id=uuid.UUID(h["ce_id"]),
        event_type=h["ce_eventtype"],
        schema_version=int(h["ce_schemaversion"]),
        stream_id=h["ce_subject"],
        stream_type=h["ce_streamtype"],
        stream_version=int(h["ce_streamversion"]),
        tenant_id=h["ce_tenantid"],
        data=orjson.loads(value),
        metadata=EventMetadata(**meta),
        recorded_at=datetime.fromisoformat(h["ce_time"]),
        global_position=int(h["ce_position"]),
        tx_id=int(h.get("ce_txid", "0")),
    )

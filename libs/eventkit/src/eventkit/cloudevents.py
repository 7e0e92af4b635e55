"""CloudEvents 1.0 binary mode over Kafka.

Attributes travel as ``ce_*`` headers and the record value is the event's JSON data, so consumers
that know nothing of eventkit can still route and filter on headers. The extra ``ce_*`` extensions
carry what a consumer needs to rebuild the full envelope (stream type, schema version, actor,
command id, transaction id) — CloudEvents extension names are lower-case alphanumerics.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from .envelope import EventMetadata, RecordedEvent

__all__ = ["KafkaRecord", "from_kafka", "to_kafka"]

Headers = list[tuple[str, bytes]]
KafkaRecord = tuple[bytes, bytes, Headers]

_OPTIONAL = {
    "ce_correlationid": "correlation_id",
    "ce_causationid": "causation_id",
    "ce_actor": "actor",
    "ce_commandid": "command_id",
    "traceparent": "traceparent",
}


def to_kafka(event: RecordedEvent, *, source: str) -> KafkaRecord:
    attrs: dict[str, str] = {
        "ce_specversion": "1.0",
        "ce_id": str(event.event_id),
        "ce_source": source,
        "ce_type": f"{source.strip('/').replace('/', '.')}.{event.event_type}",
        "ce_subject": event.stream_id,
        "ce_time": event.recorded_at.isoformat(),
        "ce_dataschema": f"{source}/schemas/{event.event_type}/v{event.schema_version}.json",
        "content-type": "application/json",
        "ce_tenantid": event.tenant_id,
        "ce_streamversion": str(event.stream_version),
        "ce_streamtype": event.stream_type,
        "ce_position": str(event.global_position),
        "ce_schemaversion": str(event.schema_version),
        "ce_eventtype": event.event_type,
        "ce_txid": str(event.tx_id),
    }
    meta = event.metadata.model_dump()
    for header, field in _OPTIONAL.items():
        if meta.get(field):
            attrs[header] = str(meta[field])
    value = json.dumps(event.data, separators=(",", ":")).encode()
    return event.stream_id.encode(), value, [(k, v.encode()) for k, v in attrs.items()]


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
        data=json.loads(value),
        metadata=EventMetadata(**meta),
        recorded_at=datetime.fromisoformat(h["ce_time"]),
        global_position=int(h["ce_position"]),
        tx_id=int(h.get("ce_txid", "0")),
    )

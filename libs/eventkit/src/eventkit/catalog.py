"""The event catalogue: a JSON Schema per event type and an AsyncAPI document per topic.

The event stream is a product for analytics teams who will never read our Python. Each service's
published events are described here from the pydantic models themselves, so the documents cannot
drift from the code: ``python -m eventkit.catalog`` writes them, and a test fails when the
committed copies are stale.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .cloudevents import DEFAULT_SCHEMA_BASE, dataschema
from .domain import DomainEvent

__all__ = ["asyncapi_document", "event_schema"]

# The CloudEvents binary-mode headers every record carries (see ``eventkit.cloudevents``).
_HEADERS: dict[str, str] = {
    "ce_specversion": "CloudEvents spec version, always 1.0",
    "ce_id": "event id (UUID); consumers de-duplicate on it",
    "ce_source": "the publishing service, e.g. /clc/groups",
    "ce_type": "<service>.<EventType>, e.g. clc.groups.MemberAdded",
    "ce_subject": "stream (aggregate) id; also the record key",
    "ce_time": "when the event was recorded (RFC 3339)",
    "ce_dataschema": "the JSON Schema of the value, by event type and schema version",
    "ce_tenantid": "the tenant (school system) the event belongs to",
    "ce_streamtype": "aggregate type, e.g. learning_group",
    "ce_streamversion": "the event's version within its stream (1, 2, ...)",
    "ce_position": "global position in the service's event store",
    "ce_schemaversion": "the event type's schema version",
    "ce_eventtype": "the event type name, e.g. MemberAdded",
    "ce_correlationid": "correlation id of the request that caused it (optional)",
    "ce_causationid": "id of the command or event that caused it (optional)",
    "ce_actor": "person id of whoever issued the command (optional)",
    "ce_commandid": "client command id (optional)",
    "traceparent": "W3C trace context (optional)",
}


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """Replace local ``#/$defs/X`` references by their definitions.

    Embedded in an AsyncAPI document a schema's local references would be resolved against the
    document root and break; event payloads only reference small enums and value objects, so
    inlining them keeps each payload schema self-contained.
    """
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(item, defs) for item in node]
    return node


def event_schema(cls: type[DomainEvent], source: str) -> dict[str, Any]:
    raw = cls.model_json_schema(mode="serialization")
    schema: dict[str, Any] = _inline(raw, raw.get("$defs", {}))
    # the address ce_dataschema names (the gateway serves it with its own host as the $id)
    schema["$id"] = dataschema(source, cls.event_type, cls.schema_version, DEFAULT_SCHEMA_BASE)
    schema["title"] = cls.event_type
    schema["x-schema-version"] = cls.schema_version
    return schema


def asyncapi_document(
    *,
    service: str,
    topic: str,
    source: str,
    events: Iterable[type[DomainEvent]],
    description: str,
) -> dict[str, Any]:
    """An AsyncAPI 3.0 document for one service topic, one message per event type."""
    messages: dict[str, Any] = {}
    for cls in sorted(events, key=lambda c: c.event_type):
        messages[cls.event_type] = {
            "name": cls.event_type,
            "title": cls.event_type,
            "summary": (cls.__doc__ or "").strip().split("\n")[0],
            "contentType": "application/json",
            "headers": {
                "type": "object",
                "properties": {
                    h: {"type": "string", "description": d} for h, d in _HEADERS.items()
                },
                "required": [h for h in _HEADERS if "(optional)" not in _HEADERS[h]],
            },
            "payload": event_schema(cls, source),
            "bindings": {"kafka": {"key": {"type": "string", "description": "stream id"}}},
        }
    channel = topic.replace(".", "-")
    return {
        "asyncapi": "3.0.0",
        "info": {"title": f"clc {service} events", "version": "1.0.0", "description": description},
        "defaultContentType": "application/json",
        "channels": {
            channel: {
                "address": topic,
                "description": "Key = stream id, so one aggregate's events stay in order.",
                "messages": {name: {"$ref": f"#/components/messages/{name}"} for name in messages},
            }
        },
        "operations": {
            f"publish-{service}-events": {
                "action": "send",
                "channel": {"$ref": f"#/channels/{channel}"},
                "messages": [
                    {"$ref": f"#/channels/{channel}/messages/{name}"} for name in messages
                ],
            }
        },
        "components": {"messages": messages},
    }

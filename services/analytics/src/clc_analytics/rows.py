"""A Kafka record (a CloudEvent in binary mode) as the row landed for it.

The envelope's attributes are kept (id, type, source, schema, subject, time, tenant, stream,
position), with the person behind it (``ce_actor``) and a person's own stream id pseudonymised;
the client's command id and trace context are not landed. The payload goes through
``policy.landed_payload`` and is kept as JSON (``data``): event types differ in shape, and
DuckDB reads JSON fields directly (``data->>'group_id'``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from .policy import ANONYMOUS_TYPES, PERSON_STREAM_TYPES, landed_payload
from .pseudonyms import Pseudonyms

__all__ = ["COLUMNS", "Row", "UnreadableRecord", "row_of"]

#: column name -> DuckDB type, in file order (``topic`` and ``date`` are the partition directories)
COLUMNS: dict[str, str] = {
    "partition": "INTEGER",
    "offset": "BIGINT",
    "event_id": "VARCHAR",
    "event_type": "VARCHAR",
    "schema_version": "INTEGER",
    "source": "VARCHAR",
    "dataschema": "VARCHAR",
    "subject": "VARCHAR",
    "stream_type": "VARCHAR",
    "stream_version": "BIGINT",
    "position": "BIGINT",
    "tenant_id": "VARCHAR",
    "time": "TIMESTAMPTZ",
    "actor": "VARCHAR",
    "correlation_id": "VARCHAR",
    "causation_id": "VARCHAR",
    "persons": "VARCHAR[]",
    "data": "JSON",
}


class UnreadableRecord(ValueError):
    """A record that is not one of our CloudEvents (no id, type or tenant, or a body that is not
    a JSON object): counted and skipped, never landed."""


@dataclass(frozen=True)
class Row:
    topic: str
    date: date
    values: tuple[Any, ...]  # in COLUMNS order
    erased: str | None  # the pseudonym a PractitionerErased names


def _headers(raw: Sequence[tuple[str, bytes | None]]) -> dict[str, str]:
    return {k: v.decode() for k, v in raw if v is not None}


def row_of(
    topic: str,
    partition: int,
    offset: int,
    value: bytes | None,
    headers: Sequence[tuple[str, bytes | None]],
    pseudonyms: Pseudonyms,
) -> Row:
    h = _headers(headers)
    try:
        tenant, event_type, event_id = h["ce_tenantid"], h["ce_eventtype"], h["ce_id"]
        data = json.loads(value or b"null")
        when = datetime.fromisoformat(h["ce_time"]).astimezone(UTC)
    except (KeyError, ValueError) as error:
        raise UnreadableRecord(f"{topic}/{partition}@{offset}: {error}") from error
    if not isinstance(data, dict):
        raise UnreadableRecord(f"{topic}/{partition}@{offset}: the body is not a JSON object")
    anonymous = event_type in ANONYMOUS_TYPES

    def pseudonym(person_id: str) -> str:
        return pseudonyms.landed(tenant, person_id)

    payload, persons = landed_payload(event_type, data, pseudonym)
    subject = h.get("ce_subject")
    if subject and h.get("ce_streamtype") in PERSON_STREAM_TYPES:
        subject = pseudonym(subject)
    actor = h.get("ce_actor")
    actor = pseudonym(actor) if actor and not anonymous else None
    if actor:
        persons.append(actor)
    erased = None
    if event_type == "PractitionerErased" and isinstance(data.get("practitioner_id"), str):
        erased = pseudonyms.of(tenant, data["practitioner_id"])
    values = (
        partition,
        offset,
        event_id,
        event_type,
        int(h.get("ce_schemaversion", "1")),
        h.get("ce_source"),
        h.get("ce_dataschema"),
        subject,
        h.get("ce_streamtype"),
        _int(h.get("ce_streamversion")),
        _int(h.get("ce_position")),
        tenant,
        when,
        actor,
        h.get("ce_correlationid"),
        h.get("ce_causationid"),
        sorted(set(persons)),
        json.dumps(payload, sort_keys=True),
    )
    return Row(topic, when.date(), values, erased)


def _int(text: str | None) -> int | None:
    return int(text) if text and text.lstrip("-").isdigit() else None

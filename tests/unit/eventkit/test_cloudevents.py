from __future__ import annotations

import uuid
from datetime import UTC, datetime

from eventkit.cloudevents import from_kafka, to_kafka
from eventkit.envelope import EventMetadata, RecordedEvent


def a_recorded_event() -> RecordedEvent:
    return RecordedEvent(
        event_id=uuid.uuid4(),
        event_type="SchoolRegistered",
        schema_version=2,
        stream_id="school-1",
        stream_type="School",
        stream_version=3,
        tenant_id="t1",
        data={"name": "Hillside Primary"},
        metadata=EventMetadata(correlation_id="c", causation_id="k", actor="p", command_id="k"),
        recorded_at=datetime(2026, 11, 23, 9, 30, tzinfo=UTC),
        global_position=42,
        tx_id=777,
    )


def test_an_event_survives_the_round_trip_through_kafka_headers() -> None:
    event = a_recorded_event()
    key, value, headers = to_kafka(event, source="/clc/groups")
    assert key == b"t1/school-1"  # one aggregate, one key: (tenant, stream id)
    assert from_kafka(value, headers) == event


def test_binary_mode_carries_the_cloudevents_attributes_and_extensions() -> None:
    _, value, headers = to_kafka(a_recorded_event(), source="/clc/groups")
    h = {k: v.decode() for k, v in headers}
    assert h["ce_specversion"] == "1.0"
    assert h["ce_type"] == "clc.groups.SchoolRegistered"
    assert h["ce_subject"] == "school-1"
    assert h["ce_dataschema"].endswith("/SchoolRegistered/v2.json")
    assert (h["ce_tenantid"], h["ce_streamversion"], h["ce_position"]) == ("t1", "3", "42")
    assert value == b'{"name":"Hillside Primary"}'

"""The published event catalogue matches the event models."""

from __future__ import annotations

import re

from scripts.event_catalog import OUT, documents, render


def test_the_committed_asyncapi_documents_match_the_event_models() -> None:
    stale = [
        service
        for service, document in documents().items()
        if not (OUT / f"{service}.asyncapi.json").exists()
        or (OUT / f"{service}.asyncapi.json").read_text() != render(document)
    ]
    assert stale == [], f"run `make catalog` to refresh docs/events for {stale}"


def test_every_message_has_a_versioned_schema_and_the_cloudevents_headers() -> None:
    for document in documents().values():
        for name, message in document["components"]["messages"].items():
            # v1, or a later version once an event's schema changed (with an upcaster)
            assert re.search(rf"/{name}/v[1-9][0-9]*\.json$", message["payload"]["$id"])
            assert {"ce_id", "ce_type", "ce_tenantid", "ce_subject"} <= set(
                message["headers"]["required"]
            )


def test_payload_schemas_are_self_contained() -> None:
    for document in documents().values():
        text = str(document["components"]["messages"])
        assert "#/$defs/" not in text

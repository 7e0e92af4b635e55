"""The analytics sink's personal-data policy: what of an event is landed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from clc_analytics.policy import (
    CATEGORIES,
    PERSON_ID_FIELDS,
    PERSON_ID_LISTS,
    TIMES,
    landed_payload,
)
from clc_analytics.pseudonyms import ERASED, Pseudonyms
from clc_analytics.rows import row_of

from tests.support.analytics import record

ROOT = Path(__file__).resolve().parents[3]
PSEUDONYMS = Pseudonyms("test-key")


def land(service: str, event_type: str, data: dict[str, Any], **kw: Any) -> tuple[Any, ...]:
    _key, value, headers = record(service, event_type, data, **kw)
    return row_of(f"clc.{service}.events", 0, 7, value, headers, PSEUDONYMS).values


def test_a_registration_lands_without_name_email_or_roster_id() -> None:
    data = {
        "practitioner_id": "pat",
        "given_name": "Patricia",
        "family_name": "Lee-Unique",
        "email": "pat@oak.example",
        "role": "teacher",
        "school_id": "oak",
        "organisation_id": None,
        "source_id": "mis-123",
        "tenant_id": "t1",
    }
    row = land("groups", "PractitionerRegistered", data, stream="pat", stream_type="practitioner")
    text = repr(row)
    for secret in ("Patricia", "Lee-Unique", "pat@oak.example", "mis-123", "'pat'"):
        assert secret not in text
    pat = PSEUDONYMS.of("t1", "pat")
    landed = json.loads(row[-1])
    assert landed == {
        "practitioner_id": pat,
        "role": "teacher",
        "school_id": "oak",
        "organisation_id": None,
        "tenant_id": "t1",
    }
    assert row[7] == pat  # the practitioner's stream id is their id: pseudonymised too
    assert row[-2] == [pat]


def test_free_text_is_dropped_and_every_person_is_pseudonymised() -> None:
    data = {
        "enquiry_id": "e1",
        "cycle_id": "c1",
        "entry_id": "x1",
        "author_id": "pat",
        "text": "I learned that Sam in 4B ...",
        "knowledge_field": "public",
        "sources": ["Hattie 2009"],
        "written_at": "2026-11-20T09:00:00+00:00",
    }
    row = land("enquiry", "IdeaProposed", data, actor="pat")
    pat = PSEUDONYMS.of("t1", "pat")
    assert json.loads(row[-1]) == {
        "enquiry_id": "e1",
        "cycle_id": "c1",
        "entry_id": "x1",
        "author_id": pat,
        "knowledge_field": "public",
        "written_at": "2026-11-20T09:00:00+00:00",
    }
    assert row[13] == pat  # ce_actor
    assert "cmd-" not in repr(row)  # the client's command id is not landed


def test_lists_of_people_and_nested_objects() -> None:
    payload, persons = landed_payload(
        "SessionHeld",
        {"attendee_ids": ["a", "b"], "measure": {"note": "Sam", "count": 3, "kind": "count"}},
        lambda p: "P" + p,
    )
    assert payload == {"attendee_ids": ["Pa", "Pb"], "measure": {"count": 3, "kind": "count"}}
    assert persons == ["Pa", "Pb"]


def test_encrypted_personal_fields_and_their_key_id_are_not_landed() -> None:
    """Crypto-shredded events carry ciphertext and the person's data-key id: neither lands."""
    payload, _ = landed_payload(
        "PractitionerRegistered",
        {"practitioner_id": "pat", "key_id": "k-pat", "personal": {"ciphertext": "b64..."}},
        lambda p: "P" + p,
    )
    assert payload == {"practitioner_id": "Ppat", "personal": {}}


def test_climate_audit_roll_and_ballots_land_with_no_person() -> None:
    row = land(
        "knowledge",
        "ClimateAuditParticipationRecorded",
        {"audit_id": "a", "person_id": "pat"},
        actor="pat",
    )
    assert json.loads(row[-1]) == {"audit_id": "a"}
    assert row[13] is None and row[-2] == []


def test_an_erased_person_lands_as_erased() -> None:
    pat = PSEUDONYMS.of("t1", "pat")
    erased = Pseudonyms("test-key", lambda: {PSEUDONYMS.erasure_digest(pat)})
    assert erased.landed("t1", "pat") == ERASED
    assert erased.landed("t1", "sam") == PSEUDONYMS.of("t1", "sam")
    assert PSEUDONYMS.of("t2", "pat") != pat  # one person id in two tenants: two people


def _kept_strings(schema: dict[str, Any], at: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    for name, node in schema.get("properties", {}).items():
        branches = node.get("anyOf", [node])
        for branch in branches:
            if branch.get("type") == "object":
                found += _kept_strings(branch, f"{at}{name}.")
            elif branch.get("type") == "array" and branch.get("items", {}).get("type") == "object":
                found += _kept_strings(branch["items"], f"{at}{name}[].")
            elif branch.get("type") in ("string", "array") and (
                name in CATEGORIES or name in TIMES
            ):
                found.append((f"{at}{name}", branch))
    return found


def test_every_category_or_time_kept_is_an_enum_or_a_time_in_the_event_catalog() -> None:
    """The allow-list cannot let free text through: wherever an event type has a field of a kept
    name, its schema says it is an enum (or a list of them) or a date/time."""
    for doc in sorted((ROOT / "docs" / "events").glob("*.asyncapi.json")):
        messages = json.loads(doc.read_text())["components"]["messages"]
        for event_type, message in messages.items():
            for field, branch in _kept_strings(message["payload"]):
                node = branch.get("items", branch) if branch.get("type") == "array" else branch
                ok = "enum" in node or node.get("format") in ("date", "date-time")
                assert ok, f"{doc.name} {event_type}.{field} would land free text: {branch}"


def test_the_person_fields_exist_in_the_catalog() -> None:
    """A renamed person field would be dropped (safe) but no longer counted: keep them in step."""
    names: set[str] = set()
    for doc in (ROOT / "docs" / "events").glob("*.asyncapi.json"):
        for message in json.loads(doc.read_text())["components"]["messages"].values():
            names |= set(message["payload"].get("properties", {}))
    missing = (PERSON_ID_FIELDS | PERSON_ID_LISTS) - names - {"validated_by"}
    assert not missing

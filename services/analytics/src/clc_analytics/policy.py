"""What of an event may be landed for analytics: the personal-data policy, as pure functions.

An allow-list, not a deny-list: a payload field is landed only when it is an id, a number, a
boolean, a category (an enum: level, depth, knowledge field, protocol, role, …) or a time. Every
other string — names, emails, reflections, ideas, notes, statements, titles, roster source ids,
and whatever free text a future event adds, encrypted or not — is dropped, so a new field is
private until someone decides otherwise (``tests/unit/analytics`` checks this list against the
event catalog: every kept string field is an id, an enum or a time in its schema).

Person ids (``author_id``, ``practitioner_id``, ``attendee_ids``, …) are replaced by a keyed
pseudonym (``Pseudonyms``); the two climate-audit events, whose streams are kept apart so that a
ballot cannot be tied to a person, land with no person at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

__all__ = [
    "ANONYMOUS_TYPES",
    "CATEGORIES",
    "PERSON_ID_FIELDS",
    "PERSON_ID_LISTS",
    "PERSON_STREAM_TYPES",
    "TIMES",
    "landed_payload",
]

#: fields holding one person's id
PERSON_ID_FIELDS = frozenset(
    {
        "practitioner_id",
        "author_id",
        "founder_id",
        "owner_id",
        "presenter_id",
        "claimant_id",
        "person_id",
        "recorded_by",
        "consented_by",
        "validated_by",
    }
)
#: fields holding a list of person ids
PERSON_ID_LISTS = frozenset({"participant_ids", "attendee_ids", "contributor_ids", "curator_ids"})
#: streams whose id is a person's id (the practitioner, their personal reflective log)
PERSON_STREAM_TYPES = frozenset({"practitioner", "reflective_log"})
#: events landed with no person in them (a climate audit's roll and its ballots stay unlinkable)
ANONYMOUS_TYPES = frozenset({"ClimateAuditParticipationRecorded", "ClimateAuditAnswered"})
#: enum-valued fields (single values or lists of them)
CATEGORIES = frozenset(
    {
        "kind",
        "role",
        "previous_role",
        "protocol",
        "protocols",
        "approach",
        "level",
        "levels",
        "depth",
        "knowledge_field",
        "from_phase",
        "to_phase",
        "visibility",
        "context",
        "leadership_model",
        "about",
    }
)
#: dates and instants
TIMES = frozenset({"starts_at", "occurred_at", "due_date", "visit_date", "used_on", "written_at"})
#: ids that name a person outside our system (a roster's sourcedId): never landed
_EXTERNAL_IDS = frozenset({"source_id"})
#: a crypto-shredding data key's id is one per person: a person identifier, never landed
_KEY_SUFFIXES = ("key_id", "key_ids", "_key")

Pseudonym = Callable[[str], str]


def landed_payload(
    event_type: str, data: Mapping[str, Any], pseudonym: Pseudonym
) -> tuple[dict[str, Any], list[str]]:
    """The payload as landed, and every pseudonym in it (for erasure and counting people)."""
    persons: list[str] = []
    anonymous = event_type in ANONYMOUS_TYPES

    def person(value: Any) -> str | None:
        if not isinstance(value, str) or anonymous:
            return None
        p = pseudonym(value)
        persons.append(p)
        return p

    def walk(node: Mapping[str, Any]) -> dict[str, Any]:
        kept: dict[str, Any] = {}
        for key, value in node.items():
            if key in PERSON_ID_FIELDS:
                if (p := person(value)) is not None:
                    kept[key] = p
            elif key in PERSON_ID_LISTS:
                if isinstance(value, list) and not anonymous:
                    kept[key] = [p for v in value if (p := person(v)) is not None]
            elif (landed := _landed(key, value, walk)) is not _DROP:
                kept[key] = landed
        return kept

    return walk(data), persons


_DROP = object()


def _landed(key: str, value: Any, walk: Callable[[Mapping[str, Any]], dict[str, Any]]) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Mapping):
        return walk(value)
    if key in _EXTERNAL_IDS or key.endswith(_KEY_SUFFIXES):
        return _DROP
    plain = key in CATEGORIES or key in TIMES or key.endswith(("_id", "_ids"))
    if isinstance(value, str):
        return value if plain else _DROP
    if isinstance(value, list):
        if all(isinstance(v, Mapping) for v in value):
            return [walk(v) for v in value]
        if plain and all(isinstance(v, str | int | float | bool) for v in value):
            return list(value)
    return _DROP

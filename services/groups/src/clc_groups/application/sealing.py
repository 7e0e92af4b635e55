"""The groups' personal data, sealed on its way into the event store and opened on its way out.

Why a codec (``servicekit.crypto.codec``) rather than the domain or an upcaster: sealing needs a
key from the key table, so it is I/O, and ``decide``/``evolve`` and upcasters are pure functions
of data. The domain keeps deciding on plain names (``PractitionerRegistered.given_name`` is a
name, as it always was); the codec sits between the command handlers and the store, so every
event that reaches the store — and so the relay, Kafka and every consumer — holds the personal
fields only sealed with the practitioner's data key, and every read from the store gets them
back opened. ``PractitionerRegistered`` went to schema version 2 to tell consumers that its
personal fields may be sealed (``sealed:v1:…``); v1 events, written before, hold plain text and
read unchanged until ``clc migrate encrypt-personal`` seals them.

Erasure: once a ``PractitionerErased`` is appended the practitioner's key is destroyed at once;
the roster projection destroys it too, in the transaction that applies the event, so a crash
between the append and the destroy cannot leave the key alive (``readmodels.roster``). From then
on the registration reads with the neutral label, and nothing can recover the name from the
store, the topic or a copy of either.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from servicekit.crypto import PersonalData

from clc_groups.domain.practitioner import ERASED_NAME

__all__ = ["PERSONAL_DATA", "subject_of"]


def subject_of(data: Mapping[str, Any]) -> str:
    """The key subject of a practitioner (also what other services ask the key endpoint for)."""
    return f"practitioner:{data['practitioner_id']}"


PERSONAL_DATA = PersonalData(
    fields={"PractitionerRegistered": (subject_of, ("given_name", "family_name", "email"))},
    unreadable={"given_name": ERASED_NAME, "family_name": "", "email": None},
    erasing={"PractitionerErased": subject_of},
)

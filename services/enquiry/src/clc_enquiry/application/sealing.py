"""The enquiry's personal data, sealed on its way into the event store and so onto the topic
(``servicekit.crypto.codec``; why a codec rather than the domain: ``clc_groups.application.
sealing``):

* the text of a personal reflective log entry, with its **author's** key — the practitioner's
  key the groups service keeps and hands out through its key endpoint. Erasing the practitioner
  in groups destroys that one key, and with it every entry they wrote, here and in every copy of
  the store or the topic;
* the title, reference and description of impact evidence that contains pupil data, with a key
  of **its own** kept in this service's key table: ``retention`` destroys it when the tenant's
  retention period for pupil data has passed.

Work contributed to a group (reflections, ideas, co-constructed artefacts) is not personal data
and is not sealed: it stays, attributed to the neutral label after an erasure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from servicekit.crypto import (
    KeyEncryptionKeys,
    KeyStore,
    PersonalData,
    PostgresKeyStore,
    RemoteKeyStore,
    RoutingKeyStore,
    Sealer,
)
from servicekit.crypto.keystore import SqlExecutor

__all__ = [
    "ERASED_ENTRY",
    "EXPIRED_EVIDENCE",
    "EnquiryKeys",
    "author_subject",
    "evidence_subject",
    "personal_data",
]

#: what an entry's text reads as once its author is erased (the read model drops the entry)
ERASED_ENTRY = ""
#: what expired pupil-data evidence is called once its key is destroyed
EXPIRED_EVIDENCE = "Evidence removed at the end of its retention period"

EVIDENCE = "evidence:"


def author_subject(data: Mapping[str, Any]) -> str:
    return f"practitioner:{data['author_id']}"


def evidence_subject(data: Mapping[str, Any]) -> str | None:
    """Evidence with pupil data has a key of its own; other evidence is not sealed."""
    if not data.get("contains_pupil_data"):
        return None
    return f"{EVIDENCE}{data['enquiry_id']}:{data['entry_id']}"


def personal_data(*, reflective_logs: bool) -> PersonalData:
    """``reflective_logs``: whether the groups' key endpoint is configured (development and
    tests may run without it; production may not, see the settings)."""
    fields: dict[str, Any] = {
        "EvidenceAttached": (evidence_subject, ("title", "reference", "description")),
    }
    if reflective_logs:
        fields["ReflectiveLogEntryWritten"] = (author_subject, ("text",))
    return PersonalData(
        fields=fields,
        unreadable={"text": ERASED_ENTRY, "title": EXPIRED_EVIDENCE, "reference": ""},
    )


@dataclass(frozen=True)
class EnquiryKeys:
    """Where the enquiry's keys come from: its own table (evidence) and groups (people)."""

    keks: KeyEncryptionKeys
    remote: RemoteKeyStore | None

    @property
    def personal(self) -> PersonalData:
        return personal_data(reflective_logs=self.remote is not None)

    def sealer(self, db: SqlExecutor) -> Sealer:
        routes: dict[str, KeyStore] = {EVIDENCE: PostgresKeyStore(db, self.keks)}
        if self.remote is not None:
            routes["practitioner:"] = self.remote
        return Sealer(RoutingKeyStore(routes))

"""Domain events -> xAPI 1.0.3 statements. Pure: no I/O, same input, same statements.

What a statement may say about a person is decided here, once:

- The actor is an ``account`` (``homePage`` = the installation's, ``name`` = a pseudonym): an
  HMAC-SHA256 of tenant and person id under a secret key (``pseudonym``). Never a name or an
  email, never the raw person id: person ids are often a school system's own identifiers
  (OneRoster ``sourcedId``s) and easy to guess, so a plain hash could be reversed by trying
  them; without the key nobody can link a pseudonym to a person, while the same person keeps
  the same pseudonym across services, replays and years (rotating the key starts new ones).
- Only ids, enums and IRIs go in: never free text from the event (reflections, ideas, claims,
  notes, titles), which can name people.
- A statement's ``id`` is a UUID 5 of the event id and the statement's place among the event's
  statements (events are immutable, attendees sorted), so translating the same event again gives
  the same statement and a learning record store keeps it once. Neither the pseudonym key nor a
  person id goes into it: rotating the key changes no id, and an id reveals nobody.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .vocabulary import Vocabulary

__all__ = ["FeedPolicy", "SourceEvent", "Statement", "pseudonym", "translate", "translated_types"]

Statement = dict[str, Any]


@dataclass(frozen=True)
class SourceEvent:
    """What the translator needs of an event envelope (the adapter builds it from a record)."""

    event_id: uuid.UUID
    event_type: str
    schema_version: int
    tenant_id: str
    recorded_at: datetime
    data: Mapping[str, Any]


@dataclass(frozen=True)
class FeedPolicy:
    """One installation's choices: IRIs, the actors' home page, the pseudonym key, opt-outs."""

    vocabulary: Vocabulary
    home_page: str
    pseudonym_key: bytes
    opted_out: frozenset[str] = frozenset()

    @functools.cached_property
    def namespace(self) -> uuid.UUID:
        """The UUID 5 namespace of statement ids: one per installation (its base IRI)."""
        return uuid.uuid5(uuid.NAMESPACE_URL, self.vocabulary.base)


def pseudonym(key: bytes, tenant_id: str, person_id: str) -> str:
    """A stable, unlinkable-without-the-key name for a person of a tenant (hex, 128 bits)."""
    message = f"{tenant_id}\x1f{person_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def translate(event: SourceEvent, policy: FeedPolicy) -> list[Statement]:
    """The statements an event makes (none for an event type the feed does not carry, a schema
    version it does not know, or a tenant that opted out)."""
    if event.tenant_id in policy.opted_out:
        return []
    build = _BUILDERS.get((event.event_type, event.schema_version))
    if build is None:
        return []
    return build(_Builder(event, policy))


def translated_types() -> frozenset[str]:
    return frozenset(t for t, _ in _BUILDERS)


class _Builder:
    def __init__(self, event: SourceEvent, policy: FeedPolicy) -> None:
        self.event, self.policy, self.data = event, policy, event.data
        self.vocab = policy.vocabulary

    def activity(self, kind: str, key: str) -> dict[str, object]:
        return self.vocab.activity(kind, self.event.tenant_id, str(self.data[key]))

    def optional(self, kind: str, key: str) -> list[dict[str, object]]:
        value = self.data.get(key)
        return (
            [] if value in (None, "") else [self.vocab.activity(kind, self.event.tenant_id, value)]
        )

    def actor_name(self, person_id: str) -> str:
        return pseudonym(self.policy.pseudonym_key, self.event.tenant_id, person_id)

    def statement(
        self,
        person_id: str,
        verb: str,
        obj: dict[str, object],
        *,
        index: int = 0,
        grouping: list[dict[str, object]],
        parent: list[dict[str, object]] | None = None,
        other: list[dict[str, object]] | None = None,
        registration_of: tuple[str, str] | None = None,
        extensions: Mapping[str, object] | None = None,
    ) -> Statement:
        name = self.actor_name(person_id)
        activities = {"grouping": grouping, "parent": parent or [], "other": other or []}
        ext: dict[str, object] = {self.vocab.extension("tenant"): self.event.tenant_id}
        ext.update({self.vocab.extension(k): v for k, v in (extensions or {}).items()})
        context: dict[str, Any] = {
            "platform": "clc",
            "contextActivities": {k: v for k, v in activities.items() if v},
            "extensions": ext,
        }
        if registration_of is not None:
            # an attempt at one enquiry or group: one registration per (tenant, kind, id)
            kind, local = registration_of
            key = f"{self.event.tenant_id}/{kind}/{local}"
            context["registration"] = str(uuid.uuid5(self.policy.namespace, key))
        return {
            "id": str(uuid.uuid5(self.policy.namespace, f"{self.event.event_id}/{index}")),
            "actor": {
                "objectType": "Agent",
                "account": {"homePage": self.policy.home_page, "name": name},
            },
            "verb": self.vocab.verb(verb),
            "object": obj,
            "context": context,
            "timestamp": _timestamp(self.event.recorded_at),
        }


def _timestamp(at: datetime) -> str:
    # xAPI wants an ISO 8601 timestamp with a zone; the store's times are aware (UTC)
    return at.isoformat().replace("+00:00", "Z")


def _session_held(b: _Builder) -> list[Statement]:
    session = b.activity("session", "session_id")
    group = b.activity("group", "group_id")
    return [
        b.statement(
            person,
            "attended",
            session,
            index=i,
            grouping=[group],
            other=b.optional("artefact", "artefact_id"),
            registration_of=("group", str(b.data["group_id"])),
            extensions={"protocol": b.data["protocol"]},
        )
        for i, person in enumerate(sorted(set(b.data.get("attendee_ids") or ())))
    ]


def _enquiry_entry(kind: str, verb: str) -> Callable[[_Builder], list[Statement]]:
    def build(b: _Builder) -> list[Statement]:
        enquiry = b.activity("enquiry", "enquiry_id")
        entry = b.activity(kind, "entry_id")
        extensions: dict[str, object] = {"cycle": str(b.data["cycle_id"])}
        if "knowledge_field" in b.data:
            extensions["knowledge-field"] = b.data["knowledge_field"]
        return [
            b.statement(
                str(b.data["author_id"]),
                verb,
                entry,
                grouping=[enquiry],
                registration_of=("enquiry", str(b.data["enquiry_id"])),
                extensions=extensions,
            )
        ]

    return build


def _claim_validated(b: _Builder) -> list[Statement]:
    return [
        b.statement(
            str(b.data["author_id"]),
            "validated",
            b.activity("claim", "claim_id"),
            grouping=[b.activity("group", "group_id"), *b.optional("network", "network_id")],
            registration_of=("group", str(b.data["group_id"])),
            extensions={
                "claimant": b.actor_name(str(b.data["claimant_id"])),
                "level": b.data["level"],
                "depth": b.data["depth"],
            },
        )
    ]


def _artefact(verb: str) -> Callable[[_Builder], list[Statement]]:
    def build(b: _Builder) -> list[Statement]:
        grouping = [*b.optional("group", "group_id"), *b.optional("network", "network_id")]
        extensions: dict[str, object] = {}
        if "visibility" in b.data:
            extensions["visibility"] = b.data["visibility"]
        enquiry = b.optional("enquiry", "enquiry_id")
        context_of = ("enquiry", str(b.data["enquiry_id"])) if enquiry else None
        if context_of is None and b.data.get("group_id"):
            context_of = ("group", str(b.data["group_id"]))
        return [
            b.statement(
                str(b.data["author_id"]),
                verb,
                b.activity("artefact", "artefact_id"),
                grouping=grouping + enquiry,
                parent=b.optional("session", "session_id"),
                other=_origin(b),
                registration_of=context_of,
                extensions=extensions,
            )
        ]

    return build


def _origin(b: _Builder) -> list[dict[str, object]]:
    """The artefact an adaptation was made from: ``(tenant, id)``, perhaps another tenant's
    (from the commons); its IRI names that tenant, as the artefact's own IRI there does."""
    ref = b.data.get("derived_from")
    if not isinstance(ref, Mapping):
        return []
    return [b.vocab.activity("artefact", str(ref["tenant_id"]), str(ref["artefact_id"]))]


_BUILDERS: dict[tuple[str, int], Callable[[_Builder], list[Statement]]] = {
    ("SessionHeld", 1): _session_held,
    ("ReflectionRecorded", 1): _enquiry_entry("reflection", "reflected"),
    ("IdeaProposed", 1): _enquiry_entry("idea", "proposed"),
    ("LearningClaimValidated", 1): _claim_validated,
    ("ArtefactPublished", 1): _artefact("shared"),
    ("ArtefactAdapted", 1): _artefact("adapted"),
    ("ArtefactUseRecorded", 1): _artefact("used"),
}

"""Every verb and activity type the feed uses, with where its IRI comes from.

Registered IRIs (ADL's vocabulary, http://adlnet.gov/expapi/...) are reused where their
meaning fits; the rest are minted under the installation's base IRI (``XAPI_BASE_IRI``), so a
learning record store sees one stable vocabulary per installation. A minted IRI never changes
once shipped: an LRS keys reports on it. The README ("xAPI feed") lists the same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

__all__ = ["ACTIVITY_TYPES", "ADL", "VERBS", "Term", "Vocabulary"]

ADL = "http://adlnet.gov/expapi"


@dataclass(frozen=True)
class Term:
    """A verb or activity type: ``iri`` is absolute (registered) or a path under the base."""

    key: str
    iri: str
    display: str
    meaning: str

    def resolve(self, base: str) -> str:
        return self.iri if "://" in self.iri else f"{base}/{self.iri}"


VERBS = {
    t.key: t
    for t in (
        Term("attended", f"{ADL}/verbs/attended", "attended", "was present at a held session"),
        Term(
            "reflected",
            "verbs/reflected",
            "reflected",
            "recorded a reflection in an enquiry cycle (ReflectionRecorded)",
        ),
        Term(
            "proposed",
            "verbs/proposed",
            "proposed",
            "proposed an idea in an enquiry cycle (IdeaProposed)",
        ),
        Term(
            "validated",
            "verbs/validated",
            "validated",
            "validated a learning claim of a peer (LearningClaimValidated)",
        ),
        Term(
            "shared",
            f"{ADL}/verbs/shared",
            "shared",
            "published an artefact to its audience (ArtefactPublished)",
        ),
        Term(
            "adapted",
            "verbs/adapted",
            "adapted",
            "made a new artefact from a published one (ArtefactAdapted)",
        ),
        Term(
            "used",
            "verbs/used",
            "used",
            "recorded a use of an artefact in practice (ArtefactUseRecorded)",
        ),
    )
}

ACTIVITY_TYPES = {
    t.key: t
    for t in (
        Term("session", f"{ADL}/activities/meeting", "meeting", "a learning group's session"),
        Term("group", "activity-types/learning-group", "learning group", "a learning group"),
        Term("network", "activity-types/network", "network", "a network of schools"),
        Term("enquiry", "activity-types/enquiry", "enquiry", "a collaborative enquiry"),
        Term("reflection", "activity-types/reflection", "reflection", "a reflection entry"),
        Term("idea", "activity-types/idea", "idea", "an idea entry of an enquiry"),
        Term("claim", "activity-types/learning-claim", "learning claim", "a learning claim"),
        Term("artefact", "activity-types/artefact", "artefact", "a shared artefact"),
    )
}

#: collections of activities under ``<base>/tenants/<tenant>/``: activity type -> path segment
_COLLECTION = {
    "session": "sessions",
    "group": "groups",
    "network": "networks",
    "enquiry": "enquiries",
    "reflection": "entries",
    "idea": "entries",
    "claim": "claims",
    "artefact": "artefacts",
}


@dataclass(frozen=True)
class Vocabulary:
    """The IRIs of one installation: verbs, activity types and activity ids under ``base``."""

    base: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "base", self.base.rstrip("/"))

    def verb(self, key: str) -> dict[str, object]:
        term = VERBS[key]
        return {"id": term.resolve(self.base), "display": {"en": term.display}}

    def activity(self, kind: str, tenant_id: str, local_id: str) -> dict[str, object]:
        """An activity of ``kind``: ids are unique per tenant, so the tenant is in the IRI."""
        iri = f"{self.base}/tenants/{_seg(tenant_id)}/{_COLLECTION[kind]}/{_seg(local_id)}"
        definition = {"type": ACTIVITY_TYPES[kind].resolve(self.base)}
        return {"objectType": "Activity", "id": iri, "definition": definition}

    def extension(self, name: str) -> str:
        return f"{self.base}/extensions/{name}"


def _seg(value: str) -> str:
    # ids are free text (OneRoster sourcedIds, UUIDs): a path segment must not smuggle "/" or "?"
    return quote(value, safe="")

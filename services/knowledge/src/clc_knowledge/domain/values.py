"""The knowledge service's vocabulary as values: enums from DOMAIN.md and constrained input types.

Enum values are the stable wire names used in events, GraphQL and read models; member names are the
same words in capitals. ``KnowledgeField`` and ``LevelOfLearning`` carry exactly the values the
enquiry service publishes (its ``FindingsShared`` names levels; its ideas name fields), because
this service reads them from its events.

The annotated string types carry the input limits every command shares (eventkit's input bounds:
ids, titles and references hold no control character, longer texts only tabs and line breaks).
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Annotated

from eventkit.domain import CalendarDate, Instant, multi_line, naming_the_field, single_line
from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

__all__ = [
    "ArtefactKind",
    "ArtefactRef",
    "ArtefactStatus",
    "Body",
    "CalendarDate",
    "Citation",
    "EntryId",
    "Identifier",
    "Instant",
    "KnowledgeField",
    "LevelOfLearning",
    "Link",
    "LongText",
    "MediaType",
    "Provenance",
    "ProvenanceKind",
    "Reference",
    "Sha256",
    "Title",
    "UseContext",
    "Visibility",
]


class ArtefactKind(StrEnum):
    """What kind of shared knowledge an artefact is (DOMAIN.md, "Artefact")."""

    START_UP_GUIDELINE = "start_up_guideline"
    GROUND_RULES_TEMPLATE = "ground_rules_template"
    REFLECTIVE_EXERCISE = "reflective_exercise"
    DISCUSSION_PAPER = "discussion_paper"
    CLIMATE_AUDIT_TOOL = "climate_audit_tool"  # a climate-for-learning audit tool
    CASE_STUDY = "case_study"
    PROTOCOL = "protocol"
    RESEARCH_SUMMARY = "research_summary"
    ENQUIRY_FINDINGS = "enquiry_findings"  # drafted from an enquiry's FindingsShared


class KnowledgeField(StrEnum):
    """The three fields of knowledge (same wire values as the enquiry service's)."""

    PRACTITIONER = "practitioner"  # craft knowledge people bring
    PUBLIC = "public"  # research, theory, validated practice: cites a source
    CO_CONSTRUCTED = "co_constructed"  # created together: provenance and two or more contributors


class LevelOfLearning(StrEnum):
    """Where learning happens, from the classroom out to networks of networks (as enquiry)."""

    PUPIL = "pupil"
    ADULT = "adult"
    LEADERSHIP = "leadership"
    SCHOOL_WIDE = "school_wide"
    SCHOOL_TO_SCHOOL = "school_to_school"
    NETWORK_TO_NETWORK = "network_to_network"


class Visibility(StrEnum):
    """Who may read an artefact, from narrowest to widest (see ``domain.visibility``).

    The first four are audiences inside the artefact's tenant; ``COMMONS`` is every tenant of the
    installation, reached only by the explicit act of publishing to the commons (never by a
    ``visibility`` given when drafting or publishing).
    """

    GROUP = "group"
    SCHOOL = "school"
    NETWORK = "network"
    TENANT = "tenant"
    COMMONS = "commons"


class ArtefactStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    RETIRED = "retired"


class ProvenanceKind(StrEnum):
    ENQUIRY = "enquiry"
    GROUP = "group"


class UseContext(StrEnum):
    """Where a recorded use of an artefact happened."""

    SESSION = "session"  # a learning group's session (groups `SessionHeld`)
    ENQUIRY = "enquiry"
    GROUP = "group"  # e.g. a toolkit adopted by a group
    OTHER = "other"


def _canonical_uuid(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        raise ValueError("must be a UUID") from None


_ONE_LINE = naming_the_field(single_line)
_LINES = naming_the_field(multi_line)

# Ids of this service's aggregates (artefacts, attachments, uses): client-generated UUIDs,
# stored in canonical lower-case form.
EntryId = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_canonical_uuid)]
# Ids owned by other services (people, groups, networks, schools, enquiries, sessions, tenants).
Identifier = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), _ONE_LINE
]
Title = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200), _ONE_LINE
]
LongText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000), _LINES
]
# An artefact's Markdown body: a paper or a case study can be long.
Body = Annotated[str, StringConstraints(min_length=1, max_length=200_000), _LINES]
# A citation, link or storage key.
Reference = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2_000), _ONE_LINE
]
MediaType = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=3, max_length=200), _ONE_LINE
]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class _Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Link(_Value):
    """A link from an artefact to something outside it."""

    url: Reference
    label: Title | None = None


class Citation(_Value):
    """A source the artefact draws on: as written (``text``), with where to find it if known."""

    text: Reference
    url: Reference | None = None


class Provenance(_Value):
    """Where co-constructed knowledge came from: an enquiry or a learning group."""

    kind: ProvenanceKind
    id: Identifier


class ArtefactRef(_Value):
    """An artefact anywhere in the installation: ``(tenant, id)`` (ids are unique per tenant)."""

    tenant_id: Identifier
    artefact_id: EntryId

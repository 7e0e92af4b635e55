"""The domain's vocabulary as GraphQL enums.

The domain's ``StrEnum``s are registered with strawberry as they are, not copied, so the schema
cannot drift from the rules. GraphQL names are the members' names, UPPER_SNAKE_CASE; events and
read models store the values. ``KnowledgeField`` and ``LevelOfLearning`` have the same names and
values as in the enquiry subgraph, so the supergraph shares them.
"""

from __future__ import annotations

import strawberry

from clc_knowledge.domain.values import (
    ArtefactKind,
    ArtefactStatus,
    KnowledgeField,
    LevelOfLearning,
    ProvenanceKind,
    UseContext,
    Visibility,
)

__all__ = [
    "ArtefactKind",
    "ArtefactStatus",
    "KnowledgeField",
    "LevelOfLearning",
    "ProvenanceKind",
    "UseContext",
    "Visibility",
]

for _enum, _name, _description in (
    (ArtefactKind, None, "What kind of shared knowledge an artefact is."),
    (ArtefactStatus, None, "An artefact is drafted, published, and perhaps retired."),
    (KnowledgeField, None, "The field of knowledge an idea comes from."),
    (LevelOfLearning, None, "Where learning happens, from the classroom out to networks."),
    (ProvenanceKind, None, "What co-constructed knowledge came out of."),
    (UseContext, "ArtefactUseContext", "Where a recorded use of an artefact happened."),
    (Visibility, "ArtefactVisibility", "Who may read an artefact, from narrowest to widest."),
):
    strawberry.enum(_enum, name=_name, description=_description)

"""The knowledge subgraph schema (Apollo Federation v2), composed from lists.

Its own entities are ``Artefact`` (and, from their modules, ``Toolkit`` and ``ClimateAudit``);
``LearningGroup``, ``Network``, ``Practitioner`` and ``Enquiry`` are other services' entities,
declared here with the same key and only the fields this service adds.

Adding a part of the API is one line per list: its query class to ``QUERIES``, its mutation class
to ``MUTATIONS``, its entity types to ``TYPES``. The root types are merged from the lists.
"""

from __future__ import annotations

from servicekit.federation import FederationSchema
from strawberry.tools import merge_types

from .artefacts import Artefact
from .attachments import AttachmentMutations
from .audits import ClimateAudit, ClimateAuditMutations, ClimateAuditQueries
from .commons import CommonsArtefact
from .library import LibraryQueries
from .mutations import ArtefactMutations
from .privacy import PersonalDataAudit, PersonalDataExport
from .queries import ArtefactQueries
from .refs import Enquiry, LearningGroup, Network, Practitioner
from .toolkits import Toolkit, ToolkitMutations, ToolkitQueries

__all__ = ["MUTATIONS", "QUERIES", "TYPES", "build_schema"]

QUERIES: list[type] = [ArtefactQueries, ToolkitQueries, ClimateAuditQueries, LibraryQueries]
MUTATIONS: list[type] = [
    ArtefactMutations,
    ToolkitMutations,
    ClimateAuditMutations,
    AttachmentMutations,
]
TYPES: list[type] = [
    Artefact,
    CommonsArtefact,
    Enquiry,
    LearningGroup,
    Network,
    Practitioner,
    Toolkit,
    ClimateAudit,
    PersonalDataExport,
    PersonalDataAudit,
]


def build_schema() -> FederationSchema:
    return FederationSchema(
        query=merge_types("Query", tuple(QUERIES)),
        mutation=merge_types("Mutation", tuple(MUTATIONS)),
        types=TYPES,
        federation_version="2.5",
    )

"""The knowledge service's part of the privacy entities (``servicekit.privacy.graphql``): its
rows about a person for ``PersonalDataExport.knowledge``, its audit log for
``PersonalDataAudit.knowledge``.
"""

from __future__ import annotations

from typing import Any

import strawberry
from servicekit.privacy import audit_table, privacy_entities
from servicekit.privacy_label import ERASED_LABEL

from clc_knowledge.membership import PREFIX
from clc_knowledge.readmodels import ALL_TABLES

from .refs import Practitioner

__all__ = ["PersonalDataAudit", "PersonalDataExport"]

NOTES = (
    "The knowledge service holds no name or email: people appear by id, and the groups part of"
    " this document says who the id is.",
    "Artefacts are listed where the person drafted, contributed to, revised, used, adapted or"
    f" endorsed them; after an erasure they stay, attributed to '{ERASED_LABEL}', because"
    " they are co-constructed work.",
    "Climate audit answers are not part of this document and cannot be: they are kept under a"
    " random ballot id with no person and no time beside them, then only as counts per"
    " statement, so no answer can be linked to the person who gave it.",
)


async def _practitioner(info: Any, person_id: str) -> Practitioner:
    return Practitioner(id=strawberry.ID(person_id))


PersonalDataExport, PersonalDataAudit = privacy_entities(
    service="knowledge",
    prefix=PREFIX,
    tables=(*ALL_TABLES, audit_table(PREFIX)),
    practitioner=Practitioner,
    resolve_practitioner=_practitioner,
    notes=NOTES,
)

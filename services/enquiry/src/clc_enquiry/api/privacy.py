"""The enquiry service's part of the privacy entities (``servicekit.privacy.graphql``): its rows
about a person for ``PersonalDataExport.enquiry``, its audit log for ``PersonalDataAudit.enquiry``.
"""

from __future__ import annotations

from typing import Any

import strawberry
from servicekit.privacy import audit_table, privacy_entities
from servicekit.privacy_label import ERASED_LABEL

from clc_enquiry.membership.schema import PREFIX
from clc_enquiry.readmodels import ALL_TABLES

from .refs import Practitioner

__all__ = ["PersonalDataAudit", "PersonalDataExport"]

NOTES = (
    "The enquiry service holds no name or email: people appear by id, and the groups part of"
    " this document says who the id is.",
    "Contributions (journal entries, actions, claims, peer review findings, turns) are listed"
    " where the person recorded, owns, presented or validated them; after an erasure they stay,"
    f" attributed to '{ERASED_LABEL}', because they are the group's co-constructed work.",
    "Reflective log entries listed are the person's own (author); entries other people shared"
    " with the person's groups are theirs and not included.",
)


async def _practitioner(info: Any, person_id: str) -> Practitioner:
    return Practitioner(id=strawberry.ID(person_id))


PersonalDataExport, PersonalDataAudit = privacy_entities(
    service="enquiry",
    prefix=PREFIX,
    tables=(*ALL_TABLES, audit_table(PREFIX)),
    practitioner=Practitioner,
    resolve_practitioner=_practitioner,
    notes=NOTES,
)

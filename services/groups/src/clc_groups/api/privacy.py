"""The groups service's part of the privacy entities (``servicekit.privacy.graphql``), the root
fields that answer them (groups owns people), and ``audit``: one entry in the groups audit log
when an admin reads or changes someone's personal data.

The groups part of an export is the richest: its read models hold the person's decrypted name
and email, their memberships, roles, attendance and agreements.
"""

from __future__ import annotations

from typing import Any

from servicekit.privacy import (
    AuditAction,
    audit_table,
    privacy_entities,
    privacy_queries,
    record_audit,
)

from clc_groups.domain.practitioner import ERASED_NAME
from clc_groups.readmodels import READ_MODEL_TABLES

from .context import Ctx
from .types import Practitioner, load_entity

__all__ = ["PREFIX", "PersonalDataAudit", "PersonalDataExport", "PrivacyQueries", "audit"]

PREFIX = "gr_"

NOTES = (
    "The groups service is the one place a practitioner's name and email are held; the other"
    " services hold the practitioner's id only.",
    "After an erasure the name and email are gone for good (the key that could decrypt them"
    f" is destroyed); the person is shown as '{ERASED_NAME}', and their memberships and"
    " group history stay, as the groups' history.",
)


async def _practitioner(info: Any, person_id: str) -> Any:
    return await load_entity(info, "practitioner", person_id)


PersonalDataExport, PersonalDataAudit = privacy_entities(
    service="groups",
    prefix=PREFIX,
    tables=(*READ_MODEL_TABLES, audit_table(PREFIX)),
    practitioner=Practitioner,
    resolve_practitioner=_practitioner,
    notes=NOTES,
)
PrivacyQueries = privacy_queries("groups", PersonalDataExport, PersonalDataAudit)


async def audit(info: Ctx, subject_id: str, action: AuditAction) -> None:
    """Record that the caller did ``action`` with ``subject_id``'s data."""
    viewer = info.context.principal
    async with info.context.read() as conn:
        await record_audit(
            conn,
            PREFIX,
            viewer.tenant_id,
            actor_id=viewer.person_id,
            subject_id=subject_id,
            action=action,
        )


def by_an_admin_about_another(info: Ctx, subject_id: str) -> bool:
    viewer = info.context.principal
    return viewer.person_id != subject_id and info.context.commands.visibility.sees_everything(
        viewer
    )

"""Data protection plumbing every service shares: the admin audit log of personal data
(``audit``), the access export of what a service holds about a person (``export``) and the
GraphQL entities through which the gateway merges both across the services (``graphql``).

Personal data (names, email) lives in the groups service alone; the other services hold person
ids. So an export asks every service for the rows that name the person's id, and the audit log
holds ids, never names.
"""

from __future__ import annotations

from .audit import (
    AuditAction,
    AuditEntry,
    audit_entries,
    audit_migration_sql,
    audit_table,
    record_audit,
    record_audit_in,
)
from .export import may_access, personal_data_part, rows_about
from .graphql import PersonalDataAction, privacy_entities, privacy_queries

__all__ = [
    "AuditAction",
    "AuditEntry",
    "PersonalDataAction",
    "audit_entries",
    "audit_migration_sql",
    "audit_table",
    "may_access",
    "personal_data_part",
    "privacy_entities",
    "privacy_queries",
    "record_audit",
    "record_audit_in",
    "rows_about",
]

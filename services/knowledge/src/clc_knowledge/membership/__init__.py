"""The knowledge service's local membership read model: servicekit's (``servicekit.membership``)
with the prefix ``kn_``, projected from ``clc.groups.events``; and ``PostgresStandings``, which
answers the domain's questions about the actor (``Standing``, ``Reader``) from it."""

from __future__ import annotations

from eventkit.migrations import Migration
from servicekit.membership import (
    MembershipProjection,
    co_leaders_sql,
    drop_names_sql,
    membership_tables,
    tables_sql,
)

from .standings import PostgresStandings, reader_of, standing_of

__all__ = [
    "MEMBERSHIP_MIGRATIONS",
    "MEMBERSHIP_TABLES",
    "NO_NAMES_MIGRATION",
    "PREFIX",
    "PostgresStandings",
    "membership_projection",
    "reader_of",
    "standing_of",
]

PREFIX = "kn_"
MEMBERSHIP_TABLES = membership_tables(PREFIX)
MEMBERSHIP_MIGRATIONS = [
    Migration("knowledge_0002_membership", tables_sql(PREFIX) + co_leaders_sql(PREFIX)),
]
#: personal data lives in the groups service alone (issue 13): the copied names go
NO_NAMES_MIGRATION = Migration("knowledge_0301_no_names", drop_names_sql(PREFIX))


def membership_projection() -> MembershipProjection:
    return MembershipProjection(PREFIX, "knowledge-membership")

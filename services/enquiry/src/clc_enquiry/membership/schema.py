"""The enquiry service's local membership tables: servicekit's membership model with the ``enq_``
prefix (``servicekit.membership.schema``), in the migrations enquiry databases have applied.

RLS is *forced* on them, so even the table owner is filtered; the service connects as an app role
that neither owns the tables nor is a superuser (see ``servicekit.roles``). The service keeps no
name or email: ``NO_NAMES_MIGRATION`` dropped the names ``enq_practitioners`` once copied.
"""

from __future__ import annotations

from eventkit.migrations import Migration
from servicekit.membership import co_leaders_sql, drop_names_sql, membership_tables, tables_sql
from servicekit.rls import rls_guard

__all__ = [
    "MEMBERSHIP_MIGRATIONS",
    "MEMBERSHIP_TABLES",
    "NETWORK_CO_LEADERS_MIGRATION",
    "NO_NAMES_MIGRATION",
    "PREFIX",
    "rls_guard",
]

PREFIX = "enq_"

MEMBERSHIP_TABLES = membership_tables(PREFIX)

MEMBERSHIP_MIGRATIONS = [Migration("enquiry_0001_membership", tables_sql(PREFIX))]

#: after the read models' migration (``enquiry_0002``), which databases have already applied
NETWORK_CO_LEADERS_MIGRATION = Migration("enquiry_0003_network_co_leaders", co_leaders_sql(PREFIX))

#: personal data lives in the groups service alone (issue 13): the copied names go
NO_NAMES_MIGRATION = Migration("enquiry_0020_no_names", drop_names_sql(PREFIX))

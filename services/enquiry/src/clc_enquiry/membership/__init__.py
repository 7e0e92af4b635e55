"""The local membership read model: who belongs to which learning group, and in what role.

Servicekit's shared membership model (``servicekit.membership``: tables, projection from
``clc.groups.events``, lookups) with the enquiry service's table prefix ``enq_``; it answers the
enquiry domain's authorization questions without a synchronous call to the groups service.
"""

from __future__ import annotations

from servicekit.membership import GROUPS_STREAM_TYPES
from servicekit.membership import MembershipProjection as _SharedProjection

from .lookup import (
    LEADER_ROLES,
    MembershipLookup,
    PostgresMembership,
    membership_of,
    school_of,
)
from .partnerships import (
    PARTNERSHIP_HANDLERS,
    PARTNERSHIP_TABLES,
    PARTNERSHIPS_MIGRATION,
    mirrors_sql,
)
from .programmes import (
    COHORT_GROUPS_MIGRATION,
    PROGRAMME_HANDLERS,
    PROGRAMME_STREAM_TYPES,
    PROGRAMME_TABLES,
    PROGRAMMES_MIGRATION,
)
from .schema import (
    MEMBERSHIP_MIGRATIONS,
    MEMBERSHIP_TABLES,
    NETWORK_CO_LEADERS_MIGRATION,
    NO_NAMES_MIGRATION,
    PREFIX,
    rls_guard,
)

__all__ = [
    "COHORT_GROUPS_MIGRATION",
    "GROUPS_STREAM_TYPES",
    "LEADER_ROLES",
    "MEMBERSHIP_MIGRATIONS",
    "MEMBERSHIP_TABLES",
    "NETWORK_CO_LEADERS_MIGRATION",
    "NO_NAMES_MIGRATION",
    "PARTNERSHIPS_MIGRATION",
    "PARTNERSHIP_TABLES",
    "PROGRAMMES_MIGRATION",
    "PROGRAMME_TABLES",
    "MembershipLookup",
    "MembershipProjection",
    "PostgresMembership",
    "membership_of",
    "mirrors_sql",
    "rls_guard",
    "school_of",
]


class MembershipProjection(_SharedProjection):
    """The shared projection into the ``enq_`` tables."""

    def __init__(self) -> None:
        # programmes, cohorts, network plans (``programmes``) and partnerships (``partnerships``,
        # on the ``network`` streams) are kept by enquiry alone
        extra = {**PROGRAMME_HANDLERS, **PARTNERSHIP_HANDLERS}
        super().__init__(PREFIX, "enquiry-membership", extra, PROGRAMME_STREAM_TYPES)

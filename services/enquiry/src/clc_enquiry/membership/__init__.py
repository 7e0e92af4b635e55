"""The local membership read model: who belongs to which learning group, and in what role.

Projected from the groups service's published events (``clc.groups.events``); it answers the
enquiry domain's authorization questions without a synchronous call to the groups service.
"""

from __future__ import annotations

from .lookup import (
    LEADER_ROLES,
    MembershipLookup,
    PostgresMembership,
    display_names,
    membership_of,
    school_of,
)
from .programmes import PROGRAMME_TABLES, PROGRAMMES_MIGRATION
from .projection import GROUPS_STREAM_TYPES, NEUTRAL_NAME, MembershipProjection
from .schema import (
    MEMBERSHIP_MIGRATIONS,
    MEMBERSHIP_TABLES,
    NETWORK_CO_LEADERS_MIGRATION,
    rls_guard,
)

__all__ = [
    "GROUPS_STREAM_TYPES",
    "LEADER_ROLES",
    "MEMBERSHIP_MIGRATIONS",
    "MEMBERSHIP_TABLES",
    "NETWORK_CO_LEADERS_MIGRATION",
    "NEUTRAL_NAME",
    "PROGRAMMES_MIGRATION",
    "PROGRAMME_TABLES",
    "MembershipLookup",
    "MembershipProjection",
    "PostgresMembership",
    "display_names",
    "membership_of",
    "rls_guard",
    "school_of",
]

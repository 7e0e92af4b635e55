"""The local membership read model, shared plumbing for every service that needs to know who
belongs where: tables named with the service's prefix (``schema``), the projection from the groups
service's events (``projection``) and the questions asked of it (``lookup``).

A service keeps its own copy (its own tables, its own database) and decides what the answers mean
for its rules; enquiry uses the prefix ``enq_``, knowledge ``kn_``.
"""

from __future__ import annotations

from .lookup import (
    LEADER_ROLES,
    GroupRoster,
    co_led_networks,
    group_roster,
    groups_of,
    networks_of_school,
    school_of,
)
from .projection import GROUPS_STREAM_TYPES, MembershipProjection
from .schema import co_leaders_sql, drop_names_sql, membership_tables, tables_sql

__all__ = [
    "GROUPS_STREAM_TYPES",
    "LEADER_ROLES",
    "GroupRoster",
    "MembershipProjection",
    "co_leaders_sql",
    "co_led_networks",
    "drop_names_sql",
    "group_roster",
    "groups_of",
    "membership_tables",
    "networks_of_school",
    "school_of",
    "tables_sql",
]

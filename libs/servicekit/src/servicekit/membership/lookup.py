"""Reading a service's local membership model: who belongs to which group, in what role, where
they work and which networks they reach.

Every function takes a connection inside the caller's ``tenant_transaction`` and the tables'
``prefix``; the tenant is also named in every query, so a connection set to another tenant finds
nothing twice over. What a service's domain makes of the answers (``GroupMembership`` in enquiry,
``Standing``/``Reader`` in knowledge) is the service's own.
"""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

__all__ = [
    "LEADER_ROLES",
    "GroupRoster",
    "co_led_networks",
    "group_roster",
    "groups_of",
    "networks_of_school",
    "school_of",
]

# Roles that lead a learning group.
LEADER_ROLES = frozenset({"co_leader", "facilitator", "co_tutor"})


@dataclass(frozen=True)
class GroupRoster:
    """A group's current members and leaders (co-leaders and facilitators)."""

    group_id: str
    network_id: str | None
    member_ids: frozenset[str]
    leader_ids: frozenset[str]
    closed: bool


async def group_roster(
    conn: asyncpg.Connection, prefix: str, tenant_id: str, group_id: str
) -> GroupRoster | None:
    """``None`` if the model does not know the group."""
    group = await conn.fetchrow(
        f"select network_id, status from {prefix}groups where tenant_id = $1 and group_id = $2",
        tenant_id,
        group_id,
    )
    if group is None:
        return None
    rows = await conn.fetch(
        f"select practitioner_id, role from {prefix}group_members"
        " where tenant_id = $1 and group_id = $2 and not has_left",
        tenant_id,
        group_id,
    )
    return GroupRoster(
        group_id=group_id,
        network_id=group["network_id"],
        member_ids=frozenset(r["practitioner_id"] for r in rows),
        leader_ids=frozenset(r["practitioner_id"] for r in rows if r["role"] in LEADER_ROLES),
        closed=group["status"] == "closed",
    )


async def school_of(
    conn: asyncpg.Connection, prefix: str, tenant_id: str, practitioner_id: str
) -> str | None:
    """From the practitioner's registration, else from a group membership (which names it too)."""
    school: str | None = await conn.fetchval(
        "select coalesce("
        f" (select school_id from {prefix}practitioners"
        "  where tenant_id = $1 and practitioner_id = $2),"
        f" (select school_id from {prefix}group_members"
        "  where tenant_id = $1 and practitioner_id = $2"
        "  and school_id is not null order by has_left, group_id limit 1))",
        tenant_id,
        practitioner_id,
    )
    return school


async def groups_of(
    conn: asyncpg.Connection, prefix: str, tenant_id: str, practitioner_id: str
) -> dict[str, str]:
    """The groups the person belongs to now: group id → role."""
    rows = await conn.fetch(
        f"select group_id, role from {prefix}group_members"
        " where tenant_id = $1 and practitioner_id = $2 and not has_left",
        tenant_id,
        practitioner_id,
    )
    return {r["group_id"]: r["role"] for r in rows}


async def networks_of_school(
    conn: asyncpg.Connection, prefix: str, tenant_id: str, school_id: str
) -> frozenset[str]:
    """The networks the school is an active member of."""
    rows = await conn.fetch(
        f"select network_id from {prefix}network_schools"
        " where tenant_id = $1 and school_id = $2 and active",
        tenant_id,
        school_id,
    )
    return frozenset(r["network_id"] for r in rows)


async def co_led_networks(
    conn: asyncpg.Connection, prefix: str, tenant_id: str, practitioner_id: str
) -> frozenset[str]:
    """The networks the person co-leads now."""
    rows = await conn.fetch(
        f"select network_id from {prefix}network_co_leaders"
        " where tenant_id = $1 and practitioner_id = $2 and active",
        tenant_id,
        practitioner_id,
    )
    return frozenset(r["network_id"] for r in rows)

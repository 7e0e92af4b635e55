"""Reading the local membership model: the facts the enquiry domain's commands need.

``membership_of`` and ``school_of`` take a connection inside the caller's ``tenant_transaction``;
the tenant is also named in every query, so a connection set to another tenant finds nothing twice
over. ``MembershipLookup`` is what the application layer depends on; ``PostgresMembership`` is its
real implementation, an in-memory fake serves unit tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import asyncpg
from eventkit.pg import tenant_transaction

from clc_enquiry.domain import GroupMembership

__all__ = [
    "LEADER_ROLES",
    "MembershipLookup",
    "PostgresMembership",
    "display_names",
    "membership_of",
    "school_of",
]

# Roles that lead a learning group: they launch, advance and conclude enquiries.
LEADER_ROLES = frozenset({"co_leader", "facilitator"})


class MembershipLookup(Protocol):
    async def membership_of(self, tenant_id: str, group_id: str) -> GroupMembership | None:
        """The group's current members and leaders; ``None`` if the group is unknown."""
        ...

    async def school_of(self, tenant_id: str, practitioner_id: str) -> str | None:
        """The school the practitioner works at; ``None`` if unknown."""
        ...


async def membership_of(
    conn: asyncpg.Connection, tenant_id: str, group_id: str
) -> GroupMembership | None:
    group = await conn.fetchrow(
        "select network_id, status from enq_groups where tenant_id = $1 and group_id = $2",
        tenant_id,
        group_id,
    )
    if group is None:
        return None
    rows = await conn.fetch(
        "select practitioner_id, role from enq_group_members"
        " where tenant_id = $1 and group_id = $2 and not has_left",
        tenant_id,
        group_id,
    )
    return GroupMembership(
        group_id=group_id,
        network_id=group["network_id"],
        member_ids=frozenset(r["practitioner_id"] for r in rows),
        leader_ids=frozenset(r["practitioner_id"] for r in rows if r["role"] in LEADER_ROLES),
        group_closed=group["status"] == "closed",
    )


async def school_of(conn: asyncpg.Connection, tenant_id: str, practitioner_id: str) -> str | None:
    """From the practitioner's registration, else from a group membership (which names it too)."""
    school: str | None = await conn.fetchval(
        "select coalesce("
        " (select school_id from enq_practitioners where tenant_id = $1 and practitioner_id = $2),"
        " (select school_id from enq_group_members where tenant_id = $1 and practitioner_id = $2"
        "  and school_id is not null order by has_left, group_id limit 1))",
        tenant_id,
        practitioner_id,
    )
    return school


async def display_names(
    conn: asyncpg.Connection, tenant_id: str, practitioner_ids: Iterable[str]
) -> dict[str, str]:
    """Names by id, from the one table that keeps them (an erased person's is the neutral label)."""
    rows = await conn.fetch(
        "select practitioner_id, display_name from enq_practitioners"
        " where tenant_id = $1 and practitioner_id = any($2::text[])",
        tenant_id,
        list(practitioner_ids),
    )
    return {r["practitioner_id"]: r["display_name"] for r in rows}


class PostgresMembership:
    """``MembershipLookup`` over the local read model, one short transaction per question."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def membership_of(self, tenant_id: str, group_id: str) -> GroupMembership | None:
        async with tenant_transaction(self._pool, tenant_id) as conn:
            return await membership_of(conn, tenant_id, group_id)

    async def school_of(self, tenant_id: str, practitioner_id: str) -> str | None:
        async with tenant_transaction(self._pool, tenant_id) as conn:
            return await school_of(conn, tenant_id, practitioner_id)

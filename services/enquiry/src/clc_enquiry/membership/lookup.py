"""Reading the local membership model: the facts the enquiry domain's commands need.

The questions are servicekit's (``servicekit.membership.lookup``), over the ``enq_`` tables;
here their answers become the enquiry domain's ``GroupMembership``. ``MembershipLookup`` is what
the application layer depends on; ``PostgresMembership`` is its real implementation, an
in-memory fake serves unit tests.
"""

from __future__ import annotations

from typing import Protocol

import asyncpg
from eventkit.pg import tenant_transaction
from servicekit import membership as shared
from servicekit.membership import LEADER_ROLES

from clc_enquiry.domain import GroupMembership

from . import partnerships, programmes
from .schema import PREFIX

__all__ = [
    "LEADER_ROLES",
    "MembershipLookup",
    "PostgresMembership",
    "membership_of",
    "school_of",
]


class MembershipLookup(Protocol):
    async def membership_of(self, tenant_id: str, group_id: str) -> GroupMembership | None:
        """The group's current members and leaders; ``None`` if the group is unknown."""
        ...

    async def school_of(self, tenant_id: str, practitioner_id: str) -> str | None:
        """The school the practitioner works at; ``None`` if unknown."""
        ...

    async def co_leads_network(self, tenant_id: str, network_id: str, person_id: str) -> bool:
        """Is the person an active co-leader of the network?"""
        ...

    async def is_partnered(self, tenant_id: str, network_id: str) -> bool:
        """Has the network a partnership both sides consented to?"""
        ...

    async def cohort_group_of(self, tenant_id: str, cohort_id: str) -> tuple[bool, str | None]:
        """Is the programme cohort known, and which learning group does it meet in?"""
        ...


async def membership_of(
    conn: asyncpg.Connection, tenant_id: str, group_id: str
) -> GroupMembership | None:
    roster = await shared.group_roster(conn, PREFIX, tenant_id, group_id)
    if roster is None:
        return None
    return GroupMembership(
        group_id=group_id,
        network_id=roster.network_id,
        member_ids=roster.member_ids,
        leader_ids=roster.leader_ids,
        group_closed=roster.closed,
    )


async def school_of(conn: asyncpg.Connection, tenant_id: str, practitioner_id: str) -> str | None:
    return await shared.school_of(conn, PREFIX, tenant_id, practitioner_id)


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

    async def co_leads_network(self, tenant_id: str, network_id: str, person_id: str) -> bool:
        async with tenant_transaction(self._pool, tenant_id) as conn:
            return await partnerships.co_leads_network(conn, tenant_id, network_id, person_id)

    async def is_partnered(self, tenant_id: str, network_id: str) -> bool:
        async with tenant_transaction(self._pool, tenant_id) as conn:
            return await partnerships.is_partnered(conn, tenant_id, network_id)

    async def cohort_group_of(self, tenant_id: str, cohort_id: str) -> tuple[bool, str | None]:
        async with tenant_transaction(self._pool, tenant_id) as conn:
            return await programmes.cohort_group_of(conn, tenant_id, cohort_id)

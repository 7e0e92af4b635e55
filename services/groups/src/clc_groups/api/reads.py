"""The SQL of every query: rows of the read models, filtered by RLS to the caller's tenant.

Each function takes a connection opened by ``ServiceContext.read`` (the tenant is already set), so
no query here names a tenant: row-level security is the one place tenancy is enforced on reads.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import asyncpg

__all__ = [
    "by_id",
    "co_leaders",
    "ground_rules",
    "group_members",
    "my_groups",
    "my_next_sessions",
    "network_groups",
    "network_schools",
    "page",
    "school_practitioners",
    "session_attendees",
    "sessions",
]

Row = Any

_GROUP = (
    "select g.*, (g.ground_rules_version > 0"
    " and g.agreed_ground_rules_version = g.ground_rules_version) as ground_rules_agreed"
    " from gr_learning_groups g"
)

# table -> (select, key column): the entities that can be fetched by id or listed.
_ENTITIES = {
    "school": ("select * from gr_schools", "school_id"),
    "practitioner": ("select * from gr_practitioners", "practitioner_id"),
    "network": ("select * from gr_networks", "network_id"),
    "learning_group": (_GROUP, "group_id"),
}


async def by_id(conn: asyncpg.Connection, entity: str, ids: list[str]) -> list[Row]:
    select, key = _ENTITIES[entity]
    return list(await conn.fetch(f"{select} where {key} = any($1::text[])", ids))


async def page(conn: asyncpg.Connection, entity: str, first: int, after: str | None) -> list[Row]:
    """Up to ``first + 1`` rows after the key ``after``, in key order (one extra tells whether
    there is a next page)."""
    select, key = _ENTITIES[entity]
    return list(
        await conn.fetch(
            f"select * from ({select}) e where ($1::text is null or {key} > $1)"
            f" order by {key} limit $2",
            after,
            first + 1,
        )
    )


async def school_practitioners(conn: asyncpg.Connection, school_id: str) -> list[Row]:
    return list(
        await conn.fetch(
            "select * from gr_practitioners where school_id = $1 order by practitioner_id",
            school_id,
        )
    )


async def network_schools(conn: asyncpg.Connection, network_id: str) -> list[Row]:
    return list(
        await conn.fetch(
            "select s.* from gr_network_schools n join gr_schools s using (tenant_id, school_id)"
            " where n.network_id = $1 order by s.school_id",
            network_id,
        )
    )


async def co_leaders(conn: asyncpg.Connection, network_id: str) -> list[Row]:
    return list(
        await conn.fetch(
            "select p.* from gr_network_co_leaders c"
            " join gr_practitioners p using (tenant_id, practitioner_id)"
            " where c.network_id = $1 order by p.practitioner_id",
            network_id,
        )
    )


async def network_groups(conn: asyncpg.Connection, network_id: str) -> list[Row]:
    return list(await conn.fetch(f"{_GROUP} where network_id = $1 order by group_id", network_id))


async def group_members(conn: asyncpg.Connection, group_id: str) -> list[Row]:
    return list(
        await conn.fetch(
            "select * from gr_group_members where group_id = $1 order by practitioner_id",
            group_id,
        )
    )


async def ground_rules(conn: asyncpg.Connection, group_id: str) -> list[Row]:
    return list(
        await conn.fetch(
            "select * from gr_ground_rules where group_id = $1 order by version", group_id
        )
    )


async def sessions(conn: asyncpg.Connection, group_id: str) -> list[Row]:
    return list(
        await conn.fetch(
            "select * from gr_sessions where group_id = $1 order by starts_at, session_id",
            group_id,
        )
    )


async def session_attendees(conn: asyncpg.Connection, group_id: str, session_id: str) -> list[Row]:
    return list(
        await conn.fetch(
            "select p.* from gr_session_attendance a"
            " join gr_practitioners p using (tenant_id, practitioner_id)"
            " where a.group_id = $1 and a.session_id = $2 order by p.practitioner_id",
            group_id,
            session_id,
        )
    )


async def my_groups(conn: asyncpg.Connection, person_id: str) -> list[Row]:
    return list(
        await conn.fetch(
            f"{_GROUP} join gr_group_members m using (tenant_id, group_id)"
            " where m.practitioner_id = $1 and g.status <> 'closed' order by g.group_id",
            person_id,
        )
    )


async def my_next_sessions(
    conn: asyncpg.Connection, person_id: str, now: datetime, limit: int
) -> list[Row]:
    return list(
        await conn.fetch(
            "select s.* from gr_sessions s join gr_group_members m using (tenant_id, group_id)"
            " where m.practitioner_id = $1 and s.status = 'scheduled' and s.starts_at >= $2"
            " order by s.starts_at, s.session_id limit $3",
            person_id,
            now,
            limit,
        )
    )

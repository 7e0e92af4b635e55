"""The SQL of every query: rows of the read models, filtered by RLS to the caller's tenant.

Each function takes a connection opened by ``ServiceContext.read`` (the tenant is already set), so
no query here names a tenant: row-level security is the one place tenancy is enforced on reads.

Nested lists are read for many parents at once (``= any($1)``), each row carrying its parent's
key, so a DataLoader (see ``loaders``) answers N parents with one statement. Every statement
goes through ``_fetch``, which counts it per reader in ``STATEMENTS`` — a cheap figure that
tests use to prove the batching.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import asyncpg

__all__ = [
    "STATEMENTS",
    "activities",
    "by_id",
    "co_leaders",
    "cohorts",
    "ground_rules",
    "ground_rules_agreements",
    "group_members",
    "group_peer_reviews",
    "my_groups",
    "my_next_sessions",
    "network_groups",
    "network_partners",
    "network_plan",
    "network_schools",
    "organisation_practitioners",
    "page",
    "participation",
    "partnerships",
    "programme_participants",
    "school_practitioners",
    "session_attendees",
    "sessions",
]

Row = Any

#: statements issued so far, per reader (``by_id:school``, ``sessions``, …)
STATEMENTS: Counter[str] = Counter()

# Before a first agreement ``agreed_ground_rules_version`` is NULL, and ``NULL = n`` is NULL, not
# false: compare with ``is not distinct from`` so the answer is always true or false.
_GROUP = (
    "select g.*, (g.ground_rules_version > 0 and g.agreed_ground_rules_version"
    " is not distinct from g.ground_rules_version) as ground_rules_agreed"
    " from gr_learning_groups g"
)

# table -> (select, key column): the entities that can be fetched by id or listed.
_ENTITIES = {
    "school": ("select * from gr_schools", "school_id"),
    "organisation": ("select * from gr_organisations", "organisation_id"),
    "practitioner": ("select * from gr_practitioners", "practitioner_id"),
    "network": ("select * from gr_networks", "network_id"),
    "learning_group": (_GROUP, "group_id"),
    "programme": ("select * from gr_programmes", "programme_id"),
}


async def _fetch(conn: asyncpg.Connection, reader: str, sql: str, *args: Any) -> list[Row]:
    STATEMENTS[reader] += 1
    return list(await conn.fetch(sql, *args))


async def by_id(conn: asyncpg.Connection, entity: str, ids: Sequence[str]) -> list[Row]:
    select, key = _ENTITIES[entity]
    return await _fetch(
        conn, f"by_id:{entity}", f"{select} where {key} = any($1::text[])", list(ids)
    )


async def page(conn: asyncpg.Connection, entity: str, first: int, after: str | None) -> list[Row]:
    """Up to ``first + 1`` rows after the key ``after``, in key order (one extra tells whether
    there is a next page)."""
    select, key = _ENTITIES[entity]
    return await _fetch(
        conn,
        f"page:{entity}",
        f"select * from ({select}) e where ($1::text is null or {key} > $1)"
        f" order by {key} limit $2",
        after,
        first + 1,
    )


async def school_practitioners(conn: asyncpg.Connection, school_ids: Sequence[str]) -> list[Row]:
    """Practitioners of each school (``school_id``), in id order."""
    return await _fetch(
        conn,
        "school_practitioners",
        "select * from gr_practitioners where school_id = any($1::text[])"
        " order by school_id, practitioner_id",
        list(school_ids),
    )


async def organisation_practitioners(
    conn: asyncpg.Connection, organisation_ids: Sequence[str]
) -> list[Row]:
    """Practitioners of each organisation (``organisation_id``), in id order."""
    return await _fetch(
        conn,
        "organisation_practitioners",
        "select * from gr_practitioners where organisation_id = any($1::text[])"
        " order by organisation_id, practitioner_id",
        list(organisation_ids),
    )


async def network_partners(conn: asyncpg.Connection, network_ids: Sequence[str]) -> list[Row]:
    """Partners of each network (``network_id``), in id order, each with the organisation they
    are a partner for (``partner_organisation_id``)."""
    return await _fetch(
        conn,
        "network_partners",
        "select n.network_id, n.organisation_id as partner_organisation_id, p.*"
        " from gr_network_partners n"
        " join gr_practitioners p using (tenant_id, practitioner_id)"
        " where n.network_id = any($1::text[]) order by n.network_id, p.practitioner_id",
        list(network_ids),
    )


async def network_schools(conn: asyncpg.Connection, network_ids: Sequence[str]) -> list[Row]:
    """Member schools of each network (``network_id``), in id order."""
    return await _fetch(
        conn,
        "network_schools",
        "select n.network_id, s.* from gr_network_schools n"
        " join gr_schools s using (tenant_id, school_id)"
        " where n.network_id = any($1::text[]) order by n.network_id, s.school_id",
        list(network_ids),
    )


async def co_leaders(conn: asyncpg.Connection, network_ids: Sequence[str]) -> list[Row]:
    """Co-leaders of each network (``network_id``), in id order, each with the school they lead
    for (``leader_school_id``)."""
    return await _fetch(
        conn,
        "co_leaders",
        "select c.network_id, c.school_id as leader_school_id, p.*"
        " from gr_network_co_leaders c"
        " join gr_practitioners p using (tenant_id, practitioner_id)"
        " where c.network_id = any($1::text[]) order by c.network_id, p.practitioner_id",
        list(network_ids),
    )


async def network_groups(conn: asyncpg.Connection, network_ids: Sequence[str]) -> list[Row]:
    """Learning groups of each network (``network_id``), in id order."""
    return await _fetch(
        conn,
        "network_groups",
        f"{_GROUP} where g.network_id = any($1::text[]) order by g.network_id, g.group_id",
        list(network_ids),
    )


async def group_members(conn: asyncpg.Connection, group_ids: Sequence[str]) -> list[Row]:
    return await _fetch(
        conn,
        "group_members",
        "select * from gr_group_members where group_id = any($1::text[])"
        " order by group_id, practitioner_id",
        list(group_ids),
    )


async def ground_rules(conn: asyncpg.Connection, group_ids: Sequence[str]) -> list[Row]:
    return await _fetch(
        conn,
        "ground_rules",
        "select * from gr_ground_rules where group_id = any($1::text[]) order by group_id, version",
        list(group_ids),
    )


async def ground_rules_agreements(conn: asyncpg.Connection, group_ids: Sequence[str]) -> list[Row]:
    """Who agreed which version of each group's ground rules (``agreed_group_id``,
    ``agreed_version``), with the practitioner's row, in version then id order."""
    return await _fetch(
        conn,
        "ground_rules_agreements",
        "select a.group_id as agreed_group_id, a.version as agreed_version, p.*"
        " from gr_ground_rules_agreements a"
        " join gr_practitioners p using (tenant_id, practitioner_id)"
        " where a.group_id = any($1::text[]) order by a.group_id, a.version, p.practitioner_id",
        list(group_ids),
    )


async def activities(conn: asyncpg.Connection, group_ids: Sequence[str]) -> list[Row]:
    """Activities of each group, by when they happened, then id."""
    return await _fetch(
        conn,
        "activities",
        "select * from gr_activities where group_id = any($1::text[])"
        " order by group_id, occurred_at, activity_id",
        list(group_ids),
    )


async def group_peer_reviews(conn: asyncpg.Connection, group_ids: Sequence[str]) -> list[Row]:
    return await _fetch(
        conn,
        "group_peer_reviews",
        "select * from gr_group_peer_reviews where group_id = any($1::text[])"
        " order by group_id, peer_review_id",
        list(group_ids),
    )


async def cohorts(conn: asyncpg.Connection, programme_ids: Sequence[str]) -> list[Row]:
    return await _fetch(
        conn,
        "cohorts",
        "select * from gr_cohorts where programme_id = any($1::text[])"
        " order by programme_id, cohort_id",
        list(programme_ids),
    )


async def programme_participants(
    conn: asyncpg.Connection, programme_ids: Sequence[str]
) -> list[Row]:
    return await _fetch(
        conn,
        "programme_participants",
        "select * from gr_cohort_participants where programme_id = any($1::text[])"
        " order by programme_id, cohort_id, practitioner_id",
        list(programme_ids),
    )


async def network_plan(conn: asyncpg.Connection, network_ids: Sequence[str]) -> list[Row]:
    """Each network's plan, level by level (pupil first, network-to-network last)."""
    return await _fetch(
        conn,
        "network_plan",
        "select * from gr_network_plan where network_id = any($1::text[])"
        " order by network_id, level_order",
        list(network_ids),
    )


async def partnerships(conn: asyncpg.Connection, network_ids: Sequence[str]) -> list[Row]:
    """The partnerships each of the caller's networks has consented to, with the partner's copy
    (``partner_name``, ``partner_purpose``) when the partner has consented too (``active``).
    The partner's row is readable only because it names the caller's tenant (see the table's
    policy); ``o.tenant_id`` is pinned to the caller's tenant so only its own consents lead."""
    return await _fetch(
        conn,
        "partnerships",
        "select o.network_id, o.partner_tenant_id, o.partner_network_id,"
        " p.network_name as partner_name, p.moral_purpose as partner_purpose,"
        " (p.tenant_id is not null) as active"
        " from gr_partner_views o left join gr_partner_views p"
        " on p.tenant_id = o.partner_tenant_id and p.network_id = o.partner_network_id"
        " and p.partner_tenant_id = o.tenant_id and p.partner_network_id = o.network_id"
        " where o.tenant_id = current_setting('app.tenant_id', true)"
        " and o.network_id = any($1::text[])"
        " order by o.network_id, o.partner_tenant_id, o.partner_network_id",
        list(network_ids),
    )


async def sessions(conn: asyncpg.Connection, group_ids: Sequence[str]) -> list[Row]:
    return await _fetch(
        conn,
        "sessions",
        "select * from gr_sessions where group_id = any($1::text[])"
        " order by group_id, starts_at, session_id",
        list(group_ids),
    )


async def session_attendees(conn: asyncpg.Connection, keys: Sequence[tuple[str, str]]) -> list[Row]:
    """Attendees of each ``(group_id, session_id)``, in id order; rows carry both keys as
    ``attended_group_id`` and ``attended_session_id``."""
    return await _fetch(
        conn,
        "session_attendees",
        "select a.group_id as attended_group_id, a.session_id as attended_session_id, p.*"
        " from gr_session_attendance a"
        " join gr_practitioners p using (tenant_id, practitioner_id)"
        " where (a.group_id, a.session_id) in"
        " (select * from unnest($1::text[], $2::text[]))"
        " order by a.group_id, a.session_id, p.practitioner_id",
        [g for g, _ in keys],
        [s for _, s in keys],
    )


async def participation(conn: asyncpg.Connection, group_ids: Sequence[str]) -> list[Row]:
    return await _fetch(
        conn,
        "participation",
        "select * from gr_group_participation where group_id = any($1::text[])",
        list(group_ids),
    )


async def my_groups(
    conn: asyncpg.Connection, person_id: str, first: int, after: str | None
) -> list[Row]:
    """Up to ``first + 1`` of the person's groups that are not closed, after the group id
    ``after``, in id order."""
    return await _fetch(
        conn,
        "my_groups",
        f"{_GROUP} join gr_group_members m using (tenant_id, group_id)"
        " where m.practitioner_id = $1 and g.status <> 'closed'"
        " and ($2::text is null or g.group_id > $2) order by g.group_id limit $3",
        person_id,
        after,
        first + 1,
    )


async def my_next_sessions(
    conn: asyncpg.Connection, person_id: str, now: datetime, limit: int
) -> list[Row]:
    return await _fetch(
        conn,
        "my_next_sessions",
        "select s.* from gr_sessions s join gr_group_members m using (tenant_id, group_id)"
        " where m.practitioner_id = $1 and s.status = 'scheduled' and s.starts_at >= $2"
        " order by s.starts_at, s.session_id limit $3",
        person_id,
        now,
        limit,
    )

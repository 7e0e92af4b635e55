"""Who may read what a learning group writes in its enquiries (relational trust).

A group's ground rules say that what is shared about pupils and colleagues stays in the room, so
an enquiry's **journal** (and with it every **reflection** and other entry of its **cycles**) and
its **open actions** are read only by the people in that room:

* the group's **members** who have not left — co-leaders and facilitators are members too (their
  role is on the membership row);
* the **co-leaders of the group's network** (they support every group of the network);
* for an open action, also its **owner** (it is their own work, even after they left the group).

Nobody else in the tenant reads them — not a colleague at another school, not a token with an
unknown person, and not a **tenant admin**: administering the school system (rosters, groups) is no
reason to read a group's reflections, so the admin role grants no reading here (an admin who is a
member reads as a member). A refused read is empty, exactly like a group with no entries, so it
tells nothing about what exists.

The facts come from the local membership model (``clc.groups.events``). ``READER`` is the SQL
condition, over a table aliased with ``tenant_id`` and ``group_id`` columns, with the reader's
person id as a parameter; queries embed it so a page is filtered before it is cut.
"""

from __future__ import annotations

import asyncpg

__all__ = ["READER", "reader_condition", "reads_group"]


def reader_condition(alias: str, person_param: str) -> str:
    """SQL true when ``person_param`` may read the work of ``alias``'s group."""
    return (
        f"(exists (select 1 from enq_group_members m where m.tenant_id = {alias}.tenant_id"
        f" and m.group_id = {alias}.group_id and m.practitioner_id = {person_param}"
        " and not m.has_left)"
        f" or exists (select 1 from enq_groups g join enq_network_co_leaders c"
        " on c.tenant_id = g.tenant_id and c.network_id = g.network_id"
        f" where g.tenant_id = {alias}.tenant_id and g.group_id = {alias}.group_id"
        f" and c.practitioner_id = {person_param} and c.active))"
    )


READER = reader_condition("x", "$3")


async def reads_group(
    conn: asyncpg.Connection, tenant_id: str, group_id: str, person_id: str
) -> bool:
    """May ``person_id`` read ``group_id``'s enquiry work?"""
    found: bool = await conn.fetchval(
        f"select {READER} from (select $1::text as tenant_id, $2::text as group_id) x",
        tenant_id,
        group_id,
        person_id,
    )
    return found

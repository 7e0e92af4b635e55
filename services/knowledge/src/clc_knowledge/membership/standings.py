"""The actor's ``Standing`` (relative to an artefact's group and network) and the caller as a
``Reader``, from the local membership model (``kn_`` tables).

A person reaches a network through their school's active membership of it, or by co-leading it.
A person the model does not know (yet) has no school, group or network: the domain then lets only
a tenant admin through.
"""

from __future__ import annotations

import asyncpg
from eventkit.pg import tenant_transaction
from eventkit.principal import Principal
from servicekit import membership as shared
from servicekit.membership import LEADER_ROLES

from clc_knowledge.domain import Reader, Standing, is_tenant_admin

__all__ = ["PostgresStandings", "reader_of", "standing_of"]

P = "kn_"


async def reader_of(conn: asyncpg.Connection, principal: Principal) -> Reader:
    tenant, person = principal.tenant_id, principal.person_id
    school = await shared.school_of(conn, P, tenant, person)
    groups = await shared.groups_of(conn, P, tenant, person)
    networks = await shared.co_led_networks(conn, P, tenant, person)
    if school is not None:
        networks |= await shared.networks_of_school(conn, P, tenant, school)
    return Reader(
        tenant_id=tenant,
        person_id=person,
        admin=is_tenant_admin(principal.actor()),
        school_id=school,
        group_ids=frozenset(groups),
        network_ids=networks,
    )


async def standing_of(
    conn: asyncpg.Connection, principal: Principal, group_id: str | None, network_id: str | None
) -> Standing:
    tenant, person = principal.tenant_id, principal.person_id
    school = await shared.school_of(conn, P, tenant, person)
    role = (await shared.groups_of(conn, P, tenant, person)).get(group_id or "")
    co_led = await shared.co_led_networks(conn, P, tenant, person)
    reached = await shared.networks_of_school(conn, P, tenant, school) if school else frozenset()
    return Standing(
        school_id=school,
        group_member=role is not None,
        group_leader=role in LEADER_ROLES,
        network_member=network_id is not None and network_id in reached,
        network_co_leader=network_id is not None and network_id in co_led,
    )


class PostgresStandings:
    """``Standings`` over the local read model, one short transaction per question."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def standing(
        self, principal: Principal, group_id: str | None, network_id: str | None
    ) -> Standing:
        async with tenant_transaction(self._pool, principal.tenant_id) as conn:
            return await standing_of(conn, principal, group_id, network_id)

    async def reader(self, principal: Principal) -> Reader:
        async with tenant_transaction(self._pool, principal.tenant_id) as conn:
            return await reader_of(conn, principal)

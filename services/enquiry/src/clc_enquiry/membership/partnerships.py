"""Partnerships between networks of different tenants, projected from the groups service's
events (``PartnershipConsented``, ``PartnershipEnded``; fields as published in ``data``:
``network_id``, ``partner_tenant_id``, ``partner_network_id``).

Each consent is an event of the consenting side's tenant, so ``enq_partnership_consents`` holds one
row per side, written by the projection in that side's tenant. A partnership is active while both
rows exist: ending deletes the ending side's row (``PartnershipEnded`` is its own side's event),
and the partnership is gone for both.

Crossing tenants (ARCHITECTURE.md) without relaxing RLS anywhere else: this table is made for
sharing. Its policy lets a row be read by its own tenant and by the partner tenant it names (keyed
by partner tenant), and written only by its own; nothing else of the other tenant is read. The
work a network shares with partners is copied into the ``enq_partner_*`` tables
(``readmodels.partner_views``), whose policy asks this table for an active partnership.
"""

from __future__ import annotations

from typing import Any

import asyncpg
from eventkit.migrations import Migration
from eventkit.projection import ProjectionConnection

__all__ = [
    "PARTNERSHIPS_MIGRATION",
    "PARTNERSHIP_HANDLERS",
    "PARTNERSHIP_TABLES",
    "co_leads_network",
    "is_partnered",
    "mirrors_sql",
]

Data = dict[str, Any]

PARTNERSHIP_TABLES = ("enq_partnership_consents",)

PARTNERSHIPS_MIGRATION_SQL = """
create table enq_partnership_consents (
    tenant_id text not null, network_id text not null,
    partner_tenant_id text not null, partner_network_id text not null,
    primary key (tenant_id, network_id, partner_tenant_id, partner_network_id));
create index enq_partnership_consents_partner
    on enq_partnership_consents (partner_tenant_id, partner_network_id);
alter table enq_partnership_consents enable row level security;
alter table enq_partnership_consents force row level security;
create policy enq_partnership_consents_tenant on enq_partnership_consents
    using (tenant_id = current_setting('app.tenant_id', true)
           or partner_tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
"""


def mirrors_sql(mine: str, theirs: str) -> str:
    """Join condition: ``theirs`` is the partner's consent mirroring ``mine``."""
    return (
        f"{theirs}.tenant_id = {mine}.partner_tenant_id"
        f" and {theirs}.network_id = {mine}.partner_network_id"
        f" and {theirs}.partner_tenant_id = {mine}.tenant_id"
        f" and {theirs}.partner_network_id = {mine}.network_id"
    )


async def _consented(conn: ProjectionConnection, tenant: str, d: Data) -> None:
    await conn.execute(
        "insert into enq_partnership_consents"
        " (tenant_id, network_id, partner_tenant_id, partner_network_id)"
        " values ($1, $2, $3, $4) on conflict do nothing",
        tenant,
        d["network_id"],
        d["partner_tenant_id"],
        d["partner_network_id"],
    )


async def _ended(conn: ProjectionConnection, tenant: str, d: Data) -> None:
    await conn.execute(
        "delete from enq_partnership_consents where tenant_id = $1 and network_id = $2"
        " and partner_tenant_id = $3 and partner_network_id = $4",
        tenant,
        d["network_id"],
        d["partner_tenant_id"],
        d["partner_network_id"],
    )


PARTNERSHIP_HANDLERS = {"PartnershipConsented": _consented, "PartnershipEnded": _ended}


async def is_partnered(conn: asyncpg.Connection, tenant_id: str, network_id: str) -> bool:
    """Has the network a partnership both sides consented to? (In a tenant transaction.)"""
    found: bool = await conn.fetchval(
        "select exists (select 1 from enq_partnership_consents mine"
        f" join enq_partnership_consents theirs on {mirrors_sql('mine', 'theirs')}"
        " where mine.tenant_id = $1 and mine.network_id = $2)",
        tenant_id,
        network_id,
    )
    return found


async def co_leads_network(
    conn: asyncpg.Connection, tenant_id: str, network_id: str, person_id: str
) -> bool:
    found: bool = await conn.fetchval(
        "select exists (select 1 from enq_network_co_leaders where tenant_id = $1"
        " and network_id = $2 and practitioner_id = $3 and active)",
        tenant_id,
        network_id,
        person_id,
    )
    return found


PARTNERSHIPS_MIGRATION = Migration("enquiry_0009_partnerships", PARTNERSHIPS_MIGRATION_SQL)

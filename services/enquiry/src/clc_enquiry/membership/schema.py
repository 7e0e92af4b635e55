"""The local membership read model's tables, guarded by row-level security on ``app.tenant_id``.

These rows are projected from the groups service's events (``clc.groups.events``): the enquiry
service never calls the groups service and never reads its database. RLS is *forced*, so even the
table owner is filtered; the service connects as an app role that neither owns the tables nor is a
superuser (see ``servicekit.roles``). With no tenant set, ``current_setting(..., true)``
is NULL and matches no row: a forgotten ``tenant_transaction`` reads nothing rather than all.

``enq_practitioners`` is the only place the enquiry service keeps a person's name: every other read
model stores ids and joins here, so erasure (``PractitionerErased``) changes one row.
"""

from __future__ import annotations

from eventkit.migrations import Migration

__all__ = [
    "MEMBERSHIP_MIGRATIONS",
    "MEMBERSHIP_TABLES",
    "NETWORK_CO_LEADERS_MIGRATION",
    "rls_guard",
]

MEMBERSHIP_TABLES = (
    "enq_groups",
    "enq_group_members",
    "enq_practitioners",
    "enq_schools",
    "enq_network_schools",
    "enq_network_co_leaders",
)

_TABLES = """
create table enq_groups (
    tenant_id text not null, group_id text not null,
    name text, kind text, network_id text,
    status text not null,                       -- formed | launched | closed
    primary key (tenant_id, group_id));
create index enq_groups_network on enq_groups (tenant_id, network_id);
create table enq_group_members (
    tenant_id text not null, group_id text not null, practitioner_id text not null,
    role text not null,                         -- co_leader | facilitator | member
    school_id text,
    has_left boolean not null default false,
    primary key (tenant_id, group_id, practitioner_id));
create index enq_group_members_person on enq_group_members (tenant_id, practitioner_id);
create table enq_practitioners (
    tenant_id text not null, practitioner_id text not null,
    school_id text,
    display_name text not null,
    erased boolean not null default false,
    primary key (tenant_id, practitioner_id));
create table enq_schools (
    tenant_id text not null, school_id text not null, name text not null,
    primary key (tenant_id, school_id));
create table enq_network_schools (
    tenant_id text not null, network_id text not null, school_id text not null,
    active boolean not null default true,
    primary key (tenant_id, network_id, school_id));
"""


def rls_guard(table: str) -> str:
    return f"""
alter table {table} enable row level security;
alter table {table} force row level security;
create policy {table}_tenant on {table}
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
"""


# A network's co-leaders read the enquiry work of every group in the network (see
# ``readmodels.visibility``); appointed and stood down in the groups service.
_CO_LEADERS = """
create table enq_network_co_leaders (
    tenant_id text not null, network_id text not null, practitioner_id text not null,
    active boolean not null default true,
    primary key (tenant_id, network_id, practitioner_id));
create index enq_network_co_leaders_person on enq_network_co_leaders (tenant_id, practitioner_id);
"""

MEMBERSHIP_MIGRATIONS = [
    Migration(
        "enquiry_0001_membership",
        # the tables of the first migration only: its text is checksummed once applied
        _TABLES + "".join(rls_guard(t) for t in MEMBERSHIP_TABLES[:5]),
    ),
]

#: after the read models' migration (``enquiry_0002``), which databases have already applied
NETWORK_CO_LEADERS_MIGRATION = Migration(
    "enquiry_0003_network_co_leaders", _CO_LEADERS + rls_guard("enq_network_co_leaders")
)

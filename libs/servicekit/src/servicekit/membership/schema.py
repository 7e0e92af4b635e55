"""The local membership read model's tables, for any service, named with the service's prefix.

Every service that needs to know who belongs where (enquiry, knowledge) keeps its own copy of these
rows, projected from the groups service's events (``clc.groups.events``): no service calls the
groups service or reads its database. The tables sit under forced row-level security
(``servicekit.rls``), like every read model.

No table here holds a name or an email: ``<p>practitioners`` keeps a person's id, school and
whether they were erased. Its first version had a ``display_name`` column, dropped by
``drop_names_sql`` (personal data lives in the groups service alone; APIs resolve ``Practitioner``
references there through the gateway).

The SQL is the text enquiry's first migrations were written with (for ``prefix="enq_"`` it is the
same, byte for byte: applied migrations are checksummed).
"""

from __future__ import annotations

from servicekit.rls import rls_guard

__all__ = ["co_leaders_sql", "drop_names_sql", "membership_tables", "tables_sql"]

_NAMES = (
    "groups",
    "group_members",
    "practitioners",
    "schools",
    "network_schools",
    "network_co_leaders",
)


def membership_tables(prefix: str) -> tuple[str, ...]:
    """The model's tables, as named in a service using ``prefix``."""
    return tuple(f"{prefix}{n}" for n in _NAMES)


_TABLES = """
create table {p}groups (
    tenant_id text not null, group_id text not null,
    name text, kind text, network_id text,
    status text not null,                       -- formed | launched | closed
    primary key (tenant_id, group_id));
create index {p}groups_network on {p}groups (tenant_id, network_id);
create table {p}group_members (
    tenant_id text not null, group_id text not null, practitioner_id text not null,
    role text not null,                         -- co_leader | facilitator | member
    school_id text,
    has_left boolean not null default false,
    primary key (tenant_id, group_id, practitioner_id));
create index {p}group_members_person on {p}group_members (tenant_id, practitioner_id);
create table {p}practitioners (
    tenant_id text not null, practitioner_id text not null,
    school_id text,
    display_name text not null,
    erased boolean not null default false,
    primary key (tenant_id, practitioner_id));
create table {p}schools (
    tenant_id text not null, school_id text not null, name text not null,
    primary key (tenant_id, school_id));
create table {p}network_schools (
    tenant_id text not null, network_id text not null, school_id text not null,
    active boolean not null default true,
    primary key (tenant_id, network_id, school_id));
"""

# A network's co-leaders (appointed and stood down in the groups service).
_CO_LEADERS = """
create table {p}network_co_leaders (
    tenant_id text not null, network_id text not null, practitioner_id text not null,
    active boolean not null default true,
    primary key (tenant_id, network_id, practitioner_id));
create index {p}network_co_leaders_person on {p}network_co_leaders (tenant_id, practitioner_id);
"""


def tables_sql(prefix: str) -> str:
    """Every table but the co-leaders', with their guards (enquiry's first migration)."""
    return _TABLES.format(p=prefix) + "".join(rls_guard(t) for t in membership_tables(prefix)[:5])


def co_leaders_sql(prefix: str) -> str:
    """The co-leaders' table and its guard (a later migration in enquiry)."""
    return _CO_LEADERS.format(p=prefix) + rls_guard(f"{prefix}network_co_leaders")


def drop_names_sql(prefix: str) -> str:
    """Drops the names the first version copied from the groups service (a later migration)."""
    return f"alter table {prefix}practitioners drop column if exists display_name;\n"

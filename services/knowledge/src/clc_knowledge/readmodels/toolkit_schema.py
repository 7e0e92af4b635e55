"""The toolkit read model's tables, each guarded by row-level security on ``app.tenant_id``.

``kn_toolkits`` holds one row per toolkit with its artefacts in order (``artefact_ids``) and the
columns the visibility rule reads (``readmodels.visibility.visible_sql``: ``contributor_ids`` are
its curators, ``status`` is ``draft`` or ``published``, ``in_commons`` is always false);
``kn_toolkit_adoptions`` one row per group that adopted one.
"""

from __future__ import annotations

from eventkit.migrations import Migration
from servicekit.rls import rls_guard

__all__ = ["TOOLKIT_MIGRATIONS", "TOOLKIT_TABLES"]

TOOLKIT_TABLES = ("kn_toolkits", "kn_toolkit_adoptions")

_TABLES = """
create table kn_toolkits (
    tenant_id text not null, toolkit_id text not null,
    title text not null, purpose text not null,
    status text not null,                  -- draft | published
    visibility text not null,              -- group | school | network | tenant
    in_commons boolean not null default false,
    group_id text, school_id text, network_id text,
    contributor_ids text[] not null,       -- its curators
    artefact_ids text[] not null default '{}',
    adoptions int not null default 0,
    created_by text not null, created_at timestamptz not null,
    published_at timestamptz, updated_at timestamptz not null,
    primary key (tenant_id, toolkit_id));
create index kn_toolkits_group on kn_toolkits (tenant_id, group_id);
create index kn_toolkits_network on kn_toolkits (tenant_id, network_id);
create table kn_toolkit_adoptions (
    tenant_id text not null, toolkit_id text not null, group_id text not null,
    adopted_by text not null, adopted_at timestamptz not null, note text,
    primary key (tenant_id, toolkit_id, group_id));
create index kn_toolkit_adoptions_group on kn_toolkit_adoptions (tenant_id, group_id);
"""

TOOLKIT_MIGRATIONS = [
    Migration("knowledge_0101_toolkits", _TABLES + "".join(rls_guard(t) for t in TOOLKIT_TABLES)),
]

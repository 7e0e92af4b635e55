"""The artefact read models' tables, each guarded by row-level security on ``app.tenant_id``.

``kn_artefacts`` holds one row per artefact (its current version and everything the visibility
rule needs, see ``domain.visibility``); ``kn_artefact_versions`` keeps every version, never
overwritten. People appear by id only (``contributor_ids``, ``revised_by``...): names live in the
groups service alone, which the gateway asks for a ``Practitioner``'s name (the neutral label
after erasure), so erasing a person rewrites nothing here.

Other read models (library search, toolkits, audits, the commons, lineage) add their own
migrations in their own modules, listed in ``readmodels/__init__.py``.
"""

from __future__ import annotations

from eventkit.migrations import Migration
from servicekit.rls import rls_guard

__all__ = ["ARTEFACT_MIGRATIONS", "ARTEFACT_TABLES"]

ARTEFACT_TABLES = ("kn_artefacts", "kn_artefact_versions")

_TABLES = """
create table kn_artefacts (
    tenant_id text not null, artefact_id text not null,
    kind text not null, knowledge_field text not null, levels text[] not null,
    title text not null, summary text, body text not null,
    links jsonb not null default '[]', citations jsonb not null default '[]',
    version int not null,
    status text not null,                  -- draft | published | retired
    visibility text not null,              -- group | school | network | tenant
    in_commons boolean not null default false,
    group_id text, school_id text, network_id text,
    contributor_ids text[] not null,
    provenance_kind text, provenance_id text,  -- enquiry | group
    derived_from_tenant text, derived_from_id text, derived_from_version int,
    derived_from_title text, across_tenants boolean not null default false,
    endorsements int not null default 0, peer_endorsements int not null default 0,
    best_practice boolean not null default false,
    uses int not null default 0,
    drafted_by text not null, drafted_at timestamptz not null,
    published_at timestamptz, retired_at timestamptz, updated_at timestamptz not null,
    stream_version int not null,
    primary key (tenant_id, artefact_id));
create index kn_artefacts_group on kn_artefacts (tenant_id, group_id);
create index kn_artefacts_network on kn_artefacts (tenant_id, network_id);
create index kn_artefacts_provenance on kn_artefacts (tenant_id, provenance_kind, provenance_id);
create index kn_artefacts_derived on kn_artefacts (tenant_id, derived_from_tenant, derived_from_id);
create index kn_artefacts_contributors on kn_artefacts using gin (contributor_ids);
create table kn_artefact_versions (
    tenant_id text not null, artefact_id text not null, version int not null,
    title text not null, summary text, body text not null, levels text[] not null,
    links jsonb not null default '[]', citations jsonb not null default '[]',
    contributor_ids text[] not null,
    revised_by text not null, change_note text, recorded_at timestamptz not null,
    primary key (tenant_id, artefact_id, version));
"""

ARTEFACT_MIGRATIONS = [
    Migration(
        "knowledge_0001_artefacts",
        _TABLES + "".join(rls_guard(t) for t in ARTEFACT_TABLES),
    ),
]

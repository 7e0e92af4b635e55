"""The climate audit read model's tables, each guarded by row-level security on ``app.tenant_id``.

Aggregates only, by design: ``kn_climate_audits`` (one row per run: its tool, scope, status and
how many have answered), ``kn_climate_audit_scores`` (per run, statement and score 1-5: how many
gave it). No row names a respondent. ``kn_climate_ballot_box`` holds answers waiting to be sealed
onto the audit's stream (``application.climate_audits``): a random ballot id and the scores, no
person and no time; rows leave it when sealed.
"""

from __future__ import annotations

from eventkit.migrations import Migration
from servicekit.rls import rls_guard

__all__ = ["AUDIT_MIGRATIONS", "AUDIT_TABLES"]

AUDIT_TABLES = ("kn_climate_audits", "kn_climate_audit_scores", "kn_climate_ballot_box")

_TABLES = """
create table kn_climate_audits (
    tenant_id text not null, audit_id text not null,
    tool_artefact_id text not null, instrument_id text not null,
    group_id text, school_id text,
    status text not null,                  -- open | closed
    opened_by text not null, opened_at timestamptz not null, closed_at timestamptz,
    participants int not null default 0,   -- on the roll
    respondents int not null default 0,    -- answers sealed (counted in the scores)
    primary key (tenant_id, audit_id));
create index kn_climate_audits_group on kn_climate_audits (tenant_id, group_id, opened_at);
create index kn_climate_audits_school on kn_climate_audits (tenant_id, school_id, opened_at);
create table kn_climate_audit_scores (
    tenant_id text not null, audit_id text not null,
    item_id text not null, score int not null, answers int not null,
    primary key (tenant_id, audit_id, item_id, score));
create table kn_climate_ballot_box (
    tenant_id text not null, audit_id text not null, ballot_id text not null,
    scores jsonb not null,
    primary key (tenant_id, audit_id, ballot_id));
"""

AUDIT_MIGRATIONS = [
    Migration(
        "knowledge_0201_climate_audits", _TABLES + "".join(rls_guard(t) for t in AUDIT_TABLES)
    ),
]

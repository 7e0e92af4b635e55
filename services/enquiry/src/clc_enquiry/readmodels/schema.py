"""The enquiry read models' tables, each guarded by row-level security on ``app.tenant_id``.

Like the membership model's tables (``clc_enquiry.membership.schema``), RLS is enabled and forced
and the service works as an app role that neither owns the tables nor is a superuser.

People appear here by id only (``author_id``, ``owner_id``, ...): their names live in the groups
service alone, which the gateway asks for a ``Practitioner``'s name, so after erasure every read
model shows the neutral label at once and nothing here needs rewriting. Whether an action is
overdue depends on today's date, so it is decided when reading (``due_date < current_date``), never
stored: a projection must give the same rows whenever it is replayed.
"""

from __future__ import annotations

from eventkit.migrations import Migration

from clc_enquiry.membership.schema import rls_guard

from .impact import IMPACT_MIGRATION_SQL, IMPACT_TABLES
from .reflective_logs import LOG_TABLES, LOGS_MIGRATION_SQL
from .turns import TURN_TABLES, TURNS_MIGRATION_SQL
from .two_loops import UPTAKE_MIGRATION_SQL, UPTAKE_TABLES

__all__ = ["PRACTICE_MIGRATIONS", "READ_MODEL_MIGRATIONS", "READ_MODEL_TABLES"]

_FIRST_TABLES = (
    "enq_enquiries",
    "enq_cycles",
    "enq_journal",
    "enq_actions",
    "enq_knowledge_balance",
    "enq_claims",
    "enq_learning_matrix",
    "enq_peer_reviews",
    "enq_peer_review_findings",
    "enq_school_peer_reviews",
)
READ_MODEL_TABLES = (*_FIRST_TABLES, *TURN_TABLES, *LOG_TABLES, *IMPACT_TABLES, *UPTAKE_TABLES)

_TABLES = """
create table enq_enquiries (
    tenant_id text not null, enquiry_id text not null,
    group_id text not null, network_id text,
    title text not null, question text not null, approach text not null,
    levels text[] not null, status text not null,
    proposed_by text not null,
    current_cycle_id text, current_cycle_number int, phase text,
    cycles_completed int not null default 0,
    findings_shared int not null default 0,
    proposed_at timestamptz not null, updated_at timestamptz not null,
    stream_version int not null,
    primary key (tenant_id, enquiry_id));
create index enq_enquiries_group on enq_enquiries (tenant_id, group_id, status);
create index enq_enquiries_network on enq_enquiries (tenant_id, network_id, status);
create table enq_cycles (
    tenant_id text not null, enquiry_id text not null, cycle_id text not null,
    number int not null, focus text, phase text not null, status text not null,
    started_by text not null, started_at timestamptz not null, completed_at timestamptz,
    primary key (tenant_id, enquiry_id, cycle_id));
create table enq_journal (
    tenant_id text not null, enquiry_id text not null,
    seq int not null,                      -- the event's version in the enquiry stream
    kind text not null,                    -- experience | reflection | idea | action | evidence
                                           -- | findings | proposed | launched | cycle_started ...
    cycle_id text, entry_id text, phase text,
    author_id text not null,
    body text,                             -- the entry's main text
    details jsonb not null default '{}',   -- what else the entry says (field, sources, owner...)
    written_at timestamptz,                -- the client's clock (offline work)
    recorded_at timestamptz not null,
    primary key (tenant_id, enquiry_id, seq));
create table enq_actions (
    tenant_id text not null, enquiry_id text not null, action_id text not null,
    group_id text not null, cycle_id text not null,
    owner_id text not null, description text not null, due_date date,
    planned_by text not null, planned_at timestamptz not null,
    completed boolean not null default false,
    completed_by text, completed_at timestamptz, outcome text,
    primary key (tenant_id, enquiry_id, action_id));
create index enq_actions_owner on enq_actions (tenant_id, owner_id, completed, due_date);
create table enq_knowledge_balance (
    tenant_id text not null,
    scope text not null,                   -- enquiry | group
    scope_id text not null,
    knowledge_field text not null,         -- practitioner | public | co_constructed
    ideas int not null,
    primary key (tenant_id, scope, scope_id, knowledge_field));
create table enq_claims (
    tenant_id text not null, claim_id text not null,
    group_id text not null, network_id text, enquiry_id text,
    claimant_id text not null, level text not null, depth text not null,
    statement text not null, evidence_refs text[] not null,
    status text not null, validated_by text, challenges int not null default 0,
    claimed_at timestamptz not null, validated_at timestamptz,
    primary key (tenant_id, claim_id));
create index enq_claims_group on enq_claims (tenant_id, group_id);
create table enq_learning_matrix (
    tenant_id text not null,
    scope text not null,                   -- group | network
    scope_id text not null,
    level text not null, depth text not null,
    validated int not null,
    primary key (tenant_id, scope, scope_id, level, depth));
create table enq_peer_reviews (
    tenant_id text not null, peer_review_id text not null,
    title text not null, host_school_id text not null, reviewing_school_ids text[] not null,
    network_id text, status text not null, focus text, visit_date date, response text,
    requested_by text not null, requested_at timestamptz not null,
    findings int not null default 0,
    primary key (tenant_id, peer_review_id));
create table enq_peer_review_findings (
    tenant_id text not null, peer_review_id text not null, entry_id text not null,
    school_id text, author_id text not null, findings text not null,
    recorded_at timestamptz not null,
    primary key (tenant_id, peer_review_id, entry_id));
create table enq_school_peer_reviews (
    tenant_id text not null, school_id text not null,
    requested int not null default 0,      -- reviews it hosted (asked for)
    given int not null default 0,          -- reviews it recorded findings in, as a reviewer
    responded int not null default 0,      -- reviews it responded to, as the host
    primary key (tenant_id, school_id));
"""

READ_MODEL_MIGRATIONS = [
    Migration(
        "enquiry_0002_read_models",
        _TABLES + "".join(rls_guard(t) for t in _FIRST_TABLES),
    ),
]

#: the read models of issue 11's practices, applied after the network co-leaders (0003)
PRACTICE_MIGRATIONS = [
    Migration(
        "enquiry_0004_turns", TURNS_MIGRATION_SQL + "".join(rls_guard(t) for t in TURN_TABLES)
    ),
    Migration(
        "enquiry_0005_reflective_logs",
        LOGS_MIGRATION_SQL + "".join(rls_guard(t) for t in LOG_TABLES),
    ),
    Migration(
        "enquiry_0006_impact",
        IMPACT_MIGRATION_SQL + "".join(rls_guard(t) for t in IMPACT_TABLES),
    ),
    Migration(
        "enquiry_0008_two_loops",
        UPTAKE_MIGRATION_SQL + "".join(rls_guard(t) for t in UPTAKE_TABLES),
    ),
]

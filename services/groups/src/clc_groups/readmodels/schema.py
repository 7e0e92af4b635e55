"""The read-model tables, each guarded by row-level security on ``app.tenant_id``.

RLS is *forced* so that even the table owner is filtered; the service itself connects as an app
role that neither owns the tables nor is a superuser (see ``roles``), because superusers bypass
RLS silently whatever the policy says. ``current_setting(..., true)`` yields NULL when no tenant is
set, and NULL matches no row: a forgotten ``tenant_transaction`` reads nothing rather than all.
"""

from __future__ import annotations

from eventkit.migrations import Migration
from servicekit.privacy import audit_migration_sql

__all__ = ["READ_MODEL_MIGRATIONS", "READ_MODEL_TABLES"]

READ_MODEL_TABLES = (
    "gr_schools",
    "gr_practitioners",
    "gr_networks",
    "gr_network_schools",
    "gr_network_co_leaders",
    "gr_learning_groups",
    "gr_group_members",
    "gr_ground_rules",
    "gr_sessions",
    "gr_session_attendance",
    "gr_group_participation",
    "gr_organisations",
    "gr_network_partners",
    "gr_ground_rules_agreements",
    "gr_activities",
    "gr_group_peer_reviews",
    "gr_programmes",
    "gr_cohorts",
    "gr_cohort_participants",
    "gr_network_plan",
    "gr_partner_views",
)

_TABLES = """
create table gr_schools (
    tenant_id text not null, school_id text not null,
    name text not null, identifier text, source_id text,
    primary key (tenant_id, school_id));
create table gr_practitioners (
    tenant_id text not null, practitioner_id text not null, school_id text not null,
    given_name text, family_name text, display_name text not null, email text,
    role text not null, status text not null, source_id text,
    primary key (tenant_id, practitioner_id));
create index gr_practitioners_school on gr_practitioners (tenant_id, school_id);
create table gr_networks (
    tenant_id text not null, network_id text not null, name text not null,
    founder_id text not null, moral_purpose text, status text not null,
    primary key (tenant_id, network_id));
create table gr_network_schools (
    tenant_id text not null, network_id text not null, school_id text not null,
    primary key (tenant_id, network_id, school_id));
create table gr_network_co_leaders (
    tenant_id text not null, network_id text not null, practitioner_id text not null,
    school_id text not null,
    primary key (tenant_id, network_id, practitioner_id));
create table gr_learning_groups (
    tenant_id text not null, group_id text not null, name text not null, kind text not null,
    network_id text, founder_id text not null, status text not null,
    ground_rules_version int not null default 0, agreed_ground_rules_version int,
    primary key (tenant_id, group_id));
create index gr_learning_groups_network on gr_learning_groups (tenant_id, network_id);
create table gr_group_members (
    tenant_id text not null, group_id text not null, practitioner_id text not null,
    role text not null, school_id text not null,
    primary key (tenant_id, group_id, practitioner_id));
create index gr_group_members_person on gr_group_members (tenant_id, practitioner_id);
create table gr_ground_rules (
    tenant_id text not null, group_id text not null, version int not null, text text not null,
    agreed boolean not null default false,
    primary key (tenant_id, group_id, version));
create table gr_sessions (
    tenant_id text not null, group_id text not null, session_id text not null,
    starts_at timestamptz not null, protocol text not null, artefact_id text,
    status text not null, cancel_reason text,
    primary key (tenant_id, group_id, session_id));
create index gr_sessions_start on gr_sessions (tenant_id, starts_at);
create table gr_session_attendance (
    tenant_id text not null, group_id text not null, session_id text not null,
    practitioner_id text not null,
    primary key (tenant_id, group_id, session_id, practitioner_id));
"""


def _guard(table: str) -> str:
    return f"""
alter table {table} enable row level security;
alter table {table} force row level security;
create policy {table}_tenant on {table}
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
"""


# Participation of a group in aggregate (see ``participation``): counters only, no person.
_PARTICIPATION = """
create table gr_group_participation (
    tenant_id text not null, group_id text not null,
    members int not null default 0,
    sessions_scheduled int not null default 0,
    sessions_held int not null default 0,
    sessions_cancelled int not null default 0,
    attendances int not null default 0,
    expected_attendances int not null default 0,
    primary key (tenant_id, group_id));
"""

# Shared leadership as the domain answers it (``shares_leadership``), stored by the networks
# projection when co-leaders change. Rows of a database that had networks before this migration
# read false until one ``clc-groups rebuild`` (forced RLS hides every row from a migration).
_SHARED_LEADERSHIP = """
alter table gr_networks add column has_shared_leadership boolean not null default false;
"""

# People beyond schools: organisations, practitioners and members placed at one, and the
# partners who stand beside a network's co-leaders.
_ORGANISATIONS = """
create table gr_organisations (
    tenant_id text not null, organisation_id text not null,
    name text not null, kind text not null, source_id text,
    primary key (tenant_id, organisation_id));
alter table gr_practitioners alter column school_id drop not null;
alter table gr_practitioners add column organisation_id text;
create index gr_practitioners_organisation on gr_practitioners (tenant_id, organisation_id);
alter table gr_group_members alter column school_id drop not null;
alter table gr_group_members add column organisation_id text;
create table gr_network_partners (
    tenant_id text not null, network_id text not null, practitioner_id text not null,
    organisation_id text not null,
    primary key (tenant_id, network_id, practitioner_id));
"""

# Consent: who agreed which version; the version in force; withdrawn proposals; the quorum.
_CONSENT = """
alter table gr_learning_groups add column ground_rules_quorum int;
alter table gr_ground_rules add column withdrawn boolean not null default false;
create table gr_ground_rules_agreements (
    tenant_id text not null, group_id text not null, version int not null,
    practitioner_id text not null,
    primary key (tenant_id, group_id, version, practitioner_id));
"""

# A network's charter: its shared-leadership model, its enquiry practice, whose turn to lead.
_CHARTERS = """
alter table gr_networks add column leadership_model text not null default 'co_leaders';
alter table gr_networks add column enquiry_practice text;
alter table gr_networks add column current_lead_id text;
"""

# Richer records of learning: a held session's record, activities, a team's peer reviews.
_RECORDS = """
alter table gr_sessions add column protocols text[] not null default '{}';
alter table gr_sessions add column learning_points text[] not null default '{}';
alter table gr_sessions add column how_we_worked text;
alter table gr_sessions add column recorded_by text;
create table gr_activities (
    tenant_id text not null, group_id text not null, activity_id text not null,
    kind text not null, occurred_at timestamptz not null,
    participant_ids text[] not null, school_ids text[] not null, note text,
    recorded_by text not null,
    primary key (tenant_id, group_id, activity_id));
create table gr_group_peer_reviews (
    tenant_id text not null, group_id text not null, peer_review_id text not null,
    primary key (tenant_id, group_id, peer_review_id));
alter table gr_group_participation add column activities int not null default 0;
"""

# Programmes run in cohorts; each participant with the home group they lead.
_PROGRAMMES = """
create table gr_programmes (
    tenant_id text not null, programme_id text not null, name text not null,
    description text, founder_id text not null,
    primary key (tenant_id, programme_id));
create table gr_cohorts (
    tenant_id text not null, programme_id text not null, cohort_id text not null,
    name text not null, region text, cohort_group_id text,
    primary key (tenant_id, programme_id, cohort_id));
create table gr_cohort_participants (
    tenant_id text not null, programme_id text not null, cohort_id text not null,
    practitioner_id text not null, home_group_id text not null,
    primary key (tenant_id, programme_id, practitioner_id));
"""

# A network's plan across the six levels of learning.
_PLAN = """
create table gr_network_plan (
    tenant_id text not null, network_id text not null, level text not null,
    level_order int not null, focus text not null, hopes text, expected_benefits text,
    baseline text, success_measures text,
    primary key (tenant_id, network_id, level));
"""

# Crossing tenants (ARCHITECTURE.md): what a network shares with a partner network of another
# tenant is copied here by the consenting side's projection; a row is readable by its own tenant
# and by the partner tenant it names (keyed by partner tenant), and written only by its own.
# RLS is not relaxed anywhere else: this table is made for sharing, and holds nothing more than
# the network's name and moral purpose and the consent.
_PARTNER_VIEWS = """
create table gr_partner_views (
    tenant_id text not null, network_id text not null,
    partner_tenant_id text not null, partner_network_id text not null,
    network_name text not null, moral_purpose text, consented_by text not null,
    primary key (tenant_id, network_id, partner_tenant_id, partner_network_id));
alter table gr_partner_views enable row level security;
alter table gr_partner_views force row level security;
create policy gr_partner_views_tenant on gr_partner_views
    using (tenant_id = current_setting('app.tenant_id', true)
           or partner_tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
"""

READ_MODEL_MIGRATIONS = [
    Migration(
        "groups_0001_read_models",
        # The tables of the first migration, as they were: its text is checksummed.
        _TABLES + "".join(_guard(t) for t in READ_MODEL_TABLES[:10]),
    ),
    Migration(
        "groups_0002_participation",
        _PARTICIPATION + _guard("gr_group_participation"),
    ),
    Migration("groups_0003_shared_leadership", _SHARED_LEADERSHIP),
    Migration(
        "groups_0004_organisations",
        _ORGANISATIONS + _guard("gr_organisations") + _guard("gr_network_partners"),
    ),
    Migration("groups_0005_consent", _CONSENT + _guard("gr_ground_rules_agreements")),
    Migration("groups_0006_charters", _CHARTERS),
    Migration(
        "groups_0007_records",
        _RECORDS + _guard("gr_activities") + _guard("gr_group_peer_reviews"),
    ),
    Migration(
        "groups_0008_programmes",
        _PROGRAMMES
        + "".join(_guard(t) for t in ("gr_programmes", "gr_cohorts", "gr_cohort_participants")),
    ),
    Migration("groups_0009_network_plan", _PLAN + _guard("gr_network_plan")),
    Migration("groups_0010_partner_views", _PARTNER_VIEWS),
    Migration("groups_0020_personal_data_audit", audit_migration_sql("gr_")),
]

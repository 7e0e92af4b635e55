"""The webhooks database's tables.

Under row-level security on ``app.tenant_id`` (a tenant reads and writes only its own):

- ``webhook_subscriptions`` — the read model of the subscription streams (rebuildable);
- ``webhook_secrets`` — signing secrets, AES-GCM encrypted (``application.secrets``); written by
  the use cases, never rebuilt (the events name secret ids only);
- ``webhook_deliveries`` — one row per (subscription, event, replay): the event's id, type, time
  and Kafka coordinates, the attempt count, the last answer, and ``body`` — the CloudEvent as
  sent — only while the delivery is pending and active: it is cleared when the delivery succeeds,
  is dead-lettered or its subscription is paused, and when the tenant sees a
  ``PractitionerErased``; a delivery without a body is rebuilt from its Kafka record;
- ``webhook_replays`` — replays asked for, and how far each got.

Without it (ids and times only, what the worker claims across tenants):

- ``webhook_due`` — the durable schedule: what is due when (a delivery attempt or a replay
  scan); a claimed row is leased by moving its ``due_at`` forward, so a worker that dies
  mid-attempt leaves it due again after the lease;
- ``webhook_tenants`` — the tenants that have subscriptions (housekeeping walks them).
"""

from __future__ import annotations

from eventkit.migrations import Migration
from servicekit.rls import rls_guard

__all__ = ["ALL_TABLES", "HISTORY_TABLES", "MIGRATIONS", "RLS_TABLES"]

RLS_TABLES = ("webhook_subscriptions", "webhook_secrets", "webhook_deliveries", "webhook_replays")
ALL_TABLES = (*RLS_TABLES, "webhook_due", "webhook_tenants")
#: not rebuilt from events (``clc verify`` compares ``webhook_subscriptions`` only)
HISTORY_TABLES = tuple(t for t in ALL_TABLES if t != "webhook_subscriptions")

_TABLES = """
create table webhook_subscriptions (
    tenant_id text not null, subscription_id text not null,
    url text not null, event_types text[] not null, description text,
    paused boolean not null default false,
    secret_id text not null, previous_secret_id text, rotated_at timestamptz,
    created_by text not null, created_at timestamptz not null, updated_at timestamptz not null,
    primary key (tenant_id, subscription_id));
create table webhook_secrets (
    tenant_id text not null, secret_id text not null, subscription_id text not null,
    key_id text not null, nonce bytea not null, ciphertext bytea not null,
    created_at timestamptz not null default now(),
    primary key (tenant_id, secret_id));
create table webhook_deliveries (
    delivery_id bigint generated always as identity primary key,
    tenant_id text not null, subscription_id text not null,
    event_id uuid not null, event_type text not null, event_time timestamptz not null,
    topic text not null, kafka_partition int not null, kafka_offset bigint not null,
    replay_id text not null default '',
    body bytea,
    status text not null default 'PENDING',      -- PENDING | DELIVERED | DEAD
    attempts int not null default 0,
    next_attempt_at timestamptz, last_attempt_at timestamptz,
    last_status_code int, last_error text,
    created_at timestamptz not null default now(), finished_at timestamptz,
    unique (tenant_id, subscription_id, event_id, replay_id));
create index webhook_deliveries_listing
    on webhook_deliveries (tenant_id, subscription_id, delivery_id);
create index webhook_deliveries_finished on webhook_deliveries (tenant_id, finished_at);
create table webhook_replays (
    tenant_id text not null, replay_id text not null, subscription_id text not null,
    from_time timestamptz not null, requested_at timestamptz not null,
    completed_at timestamptz, scheduled int not null default 0,
    primary key (tenant_id, replay_id));
create table webhook_due (
    kind text not null,                            -- delivery | replay
    ref text not null,                             -- delivery_id | replay_id
    tenant_id text not null, subscription_id text not null,
    due_at timestamptz not null default now(),
    held boolean not null default false,           -- the subscription is paused
    primary key (kind, ref));
create index webhook_due_next on webhook_due (due_at) where not held;
create index webhook_due_subscription on webhook_due (tenant_id, subscription_id);
create table webhook_tenants (tenant_id text primary key);
"""

MIGRATIONS = [
    Migration("webhooks_0001_tables", _TABLES + "".join(rls_guard(t) for t in RLS_TABLES)),
]

"""The event store's tables, as migrations every service applies to its own database."""

from __future__ import annotations

from eventkit.migrations import Migration

__all__ = ["EVENT_STORE_MIGRATIONS", "NOTIFY_CHANNEL", "PLUMBING_MIGRATIONS"]

NOTIFY_CHANNEL = "eventkit_events"

EVENT_STORE_MIGRATIONS = [
    Migration(
        "eventkit_0001_events",
        f"""
        create table events (
            global_position bigint generated always as identity primary key,
            event_id uuid not null unique,
            stream_id text not null,
            stream_type text not null,
            stream_version int not null,
            event_type text not null,
            schema_version int not null default 1,
            tenant_id text not null,
            data jsonb not null,
            metadata jsonb not null default '{{}}',
            recorded_at timestamptz not null default now(),
            tx_id xid8 not null default pg_current_xact_id(),
            unique (stream_id, stream_version)
        );
        -- The gap-safe global read walks (tx_id, global_position).
        create index events_tx_order on events (tx_id, global_position);

        create table command_log (
            tenant_id text not null,
            command_id text not null,
            stream_id text not null,
            stream_version int not null,
            position bigint not null,
            event_ids uuid[] not null,
            recorded_at timestamptz not null default now(),
            primary key (tenant_id, command_id)
        );

        -- One notification per writing statement wakes the relay; NOTIFY is transactional, so it
        -- is delivered only if and when the events commit.
        create function eventkit_notify() returns trigger language plpgsql as $$
        begin
            perform pg_notify('{NOTIFY_CHANNEL}', '');
            return null;
        end $$;
        create trigger events_notify after insert on events
            for each statement execute function eventkit_notify();
        """,
    ),
    # Idempotency fingerprints (see ``eventkit.idempotency``). Entries logged before this
    # migration keep nulls and are accepted as repeats, as they were.
    Migration(
        "eventkit_0003_command_fingerprints",
        """
        alter table command_log
            add column actor text,
            add column command_type text,
            add column payload_hmac text;
        """,
    ),
    # Stream identity is (tenant, stream id). With ids unique across tenants, one tenant could
    # take the id another would derive (e.g. a roster import's uuid5 of tenant and sourcedId),
    # blocking it for ever and learning that the id exists elsewhere. The new unique index also
    # serves every per-tenant head and stream read. Existing rows satisfy it: they were unique
    # on the narrower key.
    Migration(
        "eventkit_0004_streams_per_tenant",
        """
        alter table events add constraint events_tenant_stream_version_key
            unique (tenant_id, stream_id, stream_version);
        alter table events drop constraint events_stream_id_stream_version_key;
        """,
    ),
]

# Relay checkpoints and projector bookkeeping. Every service database has them: the relay publishes
# the service's own events, the projector keeps its Kafka offsets beside the read models it feeds.
PLUMBING_MIGRATIONS = [
    Migration(
        "eventkit_0002_relay_and_projector",
        """
        create table relay_checkpoints (
            relay text primary key,
            tx_id xid8 not null,
            position bigint not null,
            updated_at timestamptz not null default now()
        );
        create table projector_offsets (
            projector text not null,
            topic text not null,
            partition int not null,
            next_offset bigint not null,
            primary key (projector, topic, partition)
        );
        create table projector_processed (
            projector text not null,
            event_id uuid not null,
            source text not null,
            global_position bigint not null,
            primary key (projector, event_id)
        );
        create index projector_processed_position
            on projector_processed (projector, source, global_position);
        """,
    ),
]

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
    # Row-level security on the store, and the functions that keep its hot paths at one round
    # trip. Tenant-scoped statements run with ``app.tenant_id`` set for their transaction, like
    # every read model. A single append or stream read has no transaction of its own, so it
    # calls a function that sets the tenant and then runs the statement: one round trip, and the
    # setting ends with the statement's implicit transaction.
    #
    # Reading across tenants is legitimate in exactly two places: the relay (publishing every
    # event) and a read-model rebuild. They use ``read_all``, which sets
    # ``eventkit.all_tenants = on`` for its own transaction. A setting, not a second role: both
    # run inside the service process over its one pool, and a NOLOGIN role to switch to would
    # have to be named in these policies, while role names come from settings and migrations are
    # fixed text. The setting only widens SELECT; every INSERT is checked against the tenant,
    # and the app role has no UPDATE or DELETE on the store at all (``servicekit.roles``). RLS
    # here guards against an unscoped query in application code, not against someone who can
    # already run arbitrary SQL as the app role (who could set ``app.tenant_id`` too).
    Migration(
        "eventkit_0005_store_row_security",
        """
        alter table events enable row level security;
        alter table events force row level security;
        create policy events_tenant_read on events for select
            using (tenant_id = current_setting('app.tenant_id', true)
                   or current_setting('eventkit.all_tenants', true) = 'on');
        create policy events_tenant_insert on events for insert
            with check (tenant_id = current_setting('app.tenant_id', true));

        alter table command_log enable row level security;
        alter table command_log force row level security;
        create policy command_log_tenant on command_log
            using (tenant_id = current_setting('app.tenant_id', true))
            with check (tenant_id = current_setting('app.tenant_id', true));

        -- Head check, insert and command log in one statement, under the tenant.
        create function eventkit_append_one(
            p_ids uuid[], p_stream text, p_stream_type text, p_expected int, p_tenant text,
            p_types text[], p_versions int[], p_data jsonb[], p_meta jsonb[],
            p_command text, p_actor text, p_command_type text, p_hmac text)
        returns table (current_version int, logged boolean, global_position bigint,
                       recorded_at timestamptz, tx_id bigint)
        language plpgsql as $$
        #variable_conflict use_column
        begin
            perform set_config('app.tenant_id', p_tenant, true);
            return query
            with state as (
                select coalesce((select e.stream_version from events e
                    where e.tenant_id = p_tenant and e.stream_id = p_stream
                    order by e.stream_version desc limit 1), 0) as v
            ), ins as (
                insert into events (event_id, stream_id, stream_type, stream_version,
                    event_type, schema_version, tenant_id, data, metadata)
                select e.id, p_stream, p_stream_type, state.v + e.ord::int, e.type, e.ver,
                    p_tenant, e.data, e.meta
                from state, unnest(p_ids, p_types, p_versions, p_data, p_meta)
                    with ordinality as e(id, type, ver, data, meta, ord)
                where p_expected is null or state.v = p_expected
                order by e.ord
                returning events.global_position, events.recorded_at,
                    events.tx_id::text::bigint as tx_id, events.stream_version
            ), log as (
                insert into command_log (tenant_id, command_id, stream_id, stream_version,
                    position, event_ids, actor, command_type, payload_hmac)
                select p_tenant, p_command, p_stream, max(ins.stream_version),
                    max(ins.global_position), p_ids, p_actor, p_command_type, p_hmac
                from ins
                where p_command is not null
                group by ()
                having count(*) > 0
                returning 1
            )
            select state.v, exists (select 1 from log), ins.global_position, ins.recorded_at,
                ins.tx_id
            from state left join ins on true
            order by ins.stream_version;
        end $$;

        -- One stream of one tenant, under that tenant.
        create function eventkit_read_stream(p_tenant text, p_stream text, p_from int)
        returns setof events
        language plpgsql as $$
        begin
            perform set_config('app.tenant_id', p_tenant, true);
            return query select * from events
                where tenant_id = p_tenant and stream_id = p_stream
                  and stream_version >= p_from
                order by stream_version;
        end $$;
        """,
    ),
    # NOTIFY makes every notifying transaction take one database-wide lock from its commit
    # record until the end of its commit, so with synchronous_commit on, writers' WAL flushes
    # could no longer be grouped: 16 writers measured 1,255-1,814 commits/s with the trigger
    # against 4,332-4,763 without (bench/RESULTS.md). The relay polls instead.
    Migration(
        "eventkit_0007_no_commit_notify",
        """
        drop trigger if exists events_notify on events;
        drop function if exists eventkit_notify();
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
    # Dead letters, kept for operators (see ``eventkit.dead_letters``). Not tenant-scoped: a
    # record that cannot be decoded has no tenant, and only the projector and the operator CLI
    # use the table.
    Migration(
        "eventkit_0006_dead_letters",
        """
        create table dead_letters (
            id bigint generated always as identity primary key,
            projector text not null,
            topic text not null,
            partition int not null,
            record_offset bigint not null,
            event_id uuid,
            tenant_id text,
            event_type text,
            reason text not null,
            error text not null,
            record_key bytea,
            record_value bytea,
            header_keys text[] not null,
            header_values bytea[] not null,
            dead_at timestamptz not null default now(),
            attempts int not null default 1,
            last_attempt_at timestamptz,
            handled boolean not null default false,
            handled_at timestamptz,
            unique (projector, topic, partition, record_offset)
        );
        create index dead_letters_unhandled on dead_letters (projector, reason) where not handled;
        """,
    ),
]

"""The app role a service works as, so that row-level security applies to it.

The role's password comes from settings, so it cannot live in a migration (whose text is
checksummed); it is ensured at every start instead, idempotently, by the owner connection.
Grants cover the service's read models (including TRUNCATE, which a rebuild's reset needs because a
DELETE under RLS with no tenant set would remove nothing) and what the store, relay and projector
touch.

The event store is append-only by grant: the role may read and insert ``events`` and
``command_log`` and nothing more. Earlier versions granted UPDATE on them, so every start revokes
what is not granted, and a database made by an older version is corrected too. So is the audit log
of personal data (``servicekit.privacy``, every ``<prefix>personal_data_audit`` table the database
has): read and insert only. It is not a read model (no rebuild empties it, ``clc verify`` does
not compare it), so it is found here rather than listed among them.
"""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

__all__ = ["PLUMBING_TABLES", "STORE_TABLES", "ensure_app_role"]

#: the event store and its command log: append-only, so read and insert only
STORE_TABLES = ("events", "command_log")

#: eventkit's bookkeeping: relay checkpoints, projector offsets and processed events, dead letters
PLUMBING_TABLES = (
    "relay_checkpoints",
    "projector_offsets",
    "projector_processed",
    "dead_letters",
)


async def ensure_app_role(
    conn: asyncpg.Connection, role: str, password: str, read_model_tables: Sequence[str]
) -> None:
    """Create (or update) ``role`` with ``password`` and grant it what the service needs."""
    ident = await conn.fetchval("select quote_ident($1)", role)
    literal = await conn.fetchval("select quote_literal($1)", password)
    options = f"login password {literal} nosuperuser nocreatedb nocreaterole nobypassrls"
    # Roles are cluster-wide: another service database (or a second instance starting at the
    # same moment) may have created it already, so "create" falls back to "alter".
    try:
        await conn.execute(f"create role {ident} {options}")
    except asyncpg.DuplicateObjectError:
        # An owner that is not superuser (compose, Kubernetes: LOGIN CREATEROLE only) may not
        # even *clear* SUPERUSER, CREATEDB... on a role: set the password, then re-state the
        # attributes only if the role holds one it must not (which only a superuser can fix).
        await conn.execute(f"alter role {ident} login password {literal}")
        privileged = await conn.fetchval(
            "select rolsuper or rolcreatedb or rolcreaterole or rolbypassrls"
            " from pg_roles where rolname = $1",
            role,
        )
        if privileged:
            await conn.execute(f"alter role {ident} {options}")
    database = await conn.fetchval("select quote_ident(current_database())")
    await conn.execute(f"grant connect on database {database} to {ident}")
    await conn.execute(f"grant usage on schema public to {ident}")
    if read_model_tables:
        read_models = ", ".join(read_model_tables)
        await conn.execute(
            f"grant select, insert, update, delete, truncate on {read_models} to {ident}"
        )
    store = ", ".join(STORE_TABLES)
    await conn.execute(f"revoke all on {store} from {ident}")
    await conn.execute(f"grant select, insert on {store} to {ident}")
    plumbing = ", ".join(PLUMBING_TABLES)
    await conn.execute(f"grant select, insert, update on {plumbing} to {ident}")
    await conn.execute(f"grant delete on projector_processed to {ident}")
    for audit in await conn.fetch(
        "select quote_ident(tablename) as t from pg_tables"
        " where schemaname = 'public' and tablename like '%personal\\_data\\_audit'"
    ):
        await conn.execute(f"revoke all on {audit['t']} from {ident}")
        await conn.execute(f"grant select, insert on {audit['t']} to {ident}")
    await conn.execute(f"grant usage, select, update on all sequences in schema public to {ident}")

"""The app role the service works as, so that row-level security applies to it.

The role's password comes from settings, so it cannot live in a migration (whose text is
checksummed); it is ensured at every start instead, idempotently, by the owner connection. Grants
cover the membership and enquiry read models (including TRUNCATE, which a rebuild's reset needs
because a DELETE under RLS with no tenant set would remove nothing) and what the store, relay and
projector touch.
"""

from __future__ import annotations

import asyncpg

from clc_enquiry.membership import MEMBERSHIP_TABLES

from .schema import READ_MODEL_TABLES

__all__ = ["ensure_app_role"]

_PLUMBING_TABLES = (
    "events",
    "command_log",
    "relay_checkpoints",
    "projector_offsets",
    "projector_processed",
)


async def ensure_app_role(conn: asyncpg.Connection, role: str, password: str) -> None:
    ident = await conn.fetchval("select quote_ident($1)", role)
    literal = await conn.fetchval("select quote_literal($1)", password)
    options = f"login password {literal} nosuperuser nocreatedb nocreaterole nobypassrls"
    # Roles are cluster-wide: another service database (or a second instance starting at the
    # same moment) may have created it already, so "create" falls back to "alter".
    try:
        await conn.execute(f"create role {ident} {options}")
    except asyncpg.DuplicateObjectError:
        await conn.execute(f"alter role {ident} {options}")
    database = await conn.fetchval("select quote_ident(current_database())")
    await conn.execute(f"grant connect on database {database} to {ident}")
    await conn.execute(f"grant usage on schema public to {ident}")
    read_models = ", ".join((*MEMBERSHIP_TABLES, *READ_MODEL_TABLES))
    await conn.execute(
        f"grant select, insert, update, delete, truncate on {read_models} to {ident}"
    )
    plumbing = ", ".join(_PLUMBING_TABLES)
    await conn.execute(f"grant select, insert, update on {plumbing} to {ident}")
    await conn.execute(f"grant delete on projector_processed, projector_offsets to {ident}")
    await conn.execute(f"grant usage, select, update on all sequences in schema public to {ident}")

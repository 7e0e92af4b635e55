"""The audit log of personal data: who (an id) read or changed what about whom (an id), when.

One append-only table per service, ``<prefix>personal_data_audit``, under the tenant's row-level
security like every read model. It is not a projection: no rebuild truncates it, and triggers
refuse UPDATE, DELETE and TRUNCATE for everyone, owner included (an operator who must prune it
after the retention period drops the trigger on purpose, see the README's "Data protection").
It holds ids and an action, never a name or an email, so an erasure leaves it as it is and it
still says that the erasure happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import asyncpg
from eventkit.pg import tenant_transaction

from servicekit.rls import rls_guard

__all__ = [
    "AuditAction",
    "AuditEntry",
    "audit_entries",
    "audit_migration_sql",
    "audit_table",
    "record_audit",
]


class AuditAction(StrEnum):
    """What was done with a person's data."""

    REGISTRATION = "registration"  # a practitioner registered by someone else
    PROFILE_READ = "profile_read"  # an admin read another person's profile
    EMAIL_READ = "email_read"  # an admin read another person's email address
    EXPORT = "export"  # a person's data exported (access request)
    ERASURE = "erasure"  # a person erased


def audit_table(prefix: str) -> str:
    return f"{prefix}personal_data_audit"


_SQL = """
create table {t} (
    tenant_id text not null,
    seq bigint generated always as identity,
    at timestamptz not null default now(),
    actor_id text not null,                     -- who did it (a person id)
    subject_id text not null,                   -- whose data (a person id)
    action text not null,                       -- servicekit.privacy.AuditAction
    primary key (tenant_id, seq));
create index {t}_subject on {t} (tenant_id, subject_id, seq);
create function {t}_append_only() returns trigger language plpgsql as $$
begin
    raise exception '{t} is append-only';
end $$;
create trigger {t}_no_change before update or delete on {t}
    for each row execute function {t}_append_only();
create trigger {t}_no_truncate before truncate on {t}
    for each statement execute function {t}_append_only();
"""


def audit_migration_sql(prefix: str) -> str:
    """The audit table, its append-only triggers and its tenant guard."""
    table = audit_table(prefix)
    return _SQL.format(t=table) + rls_guard(table)


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime
    actor_id: str
    subject_id: str
    action: AuditAction


async def record_audit(
    conn: asyncpg.Connection,
    prefix: str,
    tenant_id: str,
    *,
    actor_id: str,
    subject_id: str,
    action: AuditAction,
) -> None:
    """One entry, in the caller's transaction (which has the tenant set)."""
    await conn.execute(
        f"insert into {audit_table(prefix)} (tenant_id, actor_id, subject_id, action)"
        " values ($1, $2, $3, $4)",
        tenant_id,
        actor_id,
        subject_id,
        action.value,
    )


async def record_audit_in(
    pool: asyncpg.Pool,
    prefix: str,
    tenant_id: str,
    *,
    actor_id: str,
    subject_id: str,
    action: AuditAction,
) -> None:
    """One entry in a transaction of its own."""
    async with tenant_transaction(pool, tenant_id) as conn:
        await record_audit(
            conn, prefix, tenant_id, actor_id=actor_id, subject_id=subject_id, action=action
        )


async def audit_entries(
    conn: asyncpg.Connection,
    prefix: str,
    tenant_id: str,
    *,
    subject_id: str | None,
    after: int | None,
    first: int,
) -> list[AuditEntry]:
    """Newest first, up to ``first + 1`` (the extra one says a next page exists)."""
    rows = await conn.fetch(
        f"select seq, at, actor_id, subject_id, action from {audit_table(prefix)}"
        " where tenant_id = $1 and ($2::text is null or subject_id = $2)"
        " and ($3::bigint is null or seq < $3) order by seq desc limit $4",
        tenant_id,
        subject_id,
        after,
        first + 1,
    )
    return [
        AuditEntry(
            seq=r["seq"],
            at=r["at"],
            actor_id=r["actor_id"],
            subject_id=r["subject_id"],
            action=AuditAction(r["action"]),
        )
        for r in rows
    ]

"""Row-level security on a read-model table, written once for every service.

Every read-model row carries its ``tenant_id``; the guard enables and *forces* RLS (so even the
table owner is filtered) with one policy: rows of the tenant set in ``app.tenant_id`` by
``eventkit.pg.tenant_transaction``. With no tenant set, ``current_setting(..., true)`` is NULL and
matches no row: a forgotten ``tenant_transaction`` reads nothing rather than everything.
"""

from __future__ import annotations

__all__ = ["rls_guard"]


def rls_guard(table: str) -> str:
    """The SQL that puts ``table`` under the tenant policy."""
    return f"""
alter table {table} enable row level security;
alter table {table} force row level security;
create policy {table}_tenant on {table}
    using (tenant_id = current_setting('app.tenant_id', true))
    with check (tenant_id = current_setting('app.tenant_id', true));
"""

"""The SQL form of the partner rule (``readmodels.partner_views.partner_reader_sql``) under the
real row-level security policies (``enq_partnership_consents``, ``enq_partner_enquiries``), as
the service's app role in each reader's tenant, agrees with ``domain.partner_sees`` on every cell
of the decision table. Unmarked work is never copied into the sharing table, so it is never read."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from clc_enquiry.domain import active_partners
from clc_enquiry.readmodels import ALL_TABLES, MIGRATIONS
from clc_enquiry.readmodels.partner_views import partner_reader_sql
from clc_enquiry.settings import EnquirySettings
from eventkit.migrations import migrate
from eventkit.pg import connect, create_pool, tenant_transaction
from servicekit.roles import ensure_app_role

from tests.integration.enquiry.rig import APP_PASSWORD, APP_ROLE
from tests.unit.enquiry.partner_visibility_table import CONSENTS, READERS, TABLE

pytestmark = pytest.mark.integration


def tenant_may_see(tenant: str) -> set[str]:
    """The policy's boundary: the tenant's own copies and those of networks actively partnered
    with one of its networks (who in the tenant reads them is the rule's, above)."""
    return {
        name
        for name, (w, _) in TABLE.items()
        if w.marked
        and (
            w.tenant_id == tenant
            or any(t == tenant for t, _ in active_partners(w.tenant_id, w.network_id, CONSENTS))
        )
    }


async def test_the_sql_rule_and_the_policies_are_the_table(new_database) -> None:  # type: ignore[no-untyped-def]
    owner_dsn = await new_database(f"enq_partner_vis_{uuid.uuid4().hex[:8]}")
    conn = await connect(owner_dsn)
    try:
        await migrate(conn, MIGRATIONS)
        await ensure_app_role(conn, APP_ROLE, APP_PASSWORD, ALL_TABLES)
        for c in CONSENTS:
            await conn.execute(
                "insert into enq_partnership_consents values ($1, $2, $3, $4)",
                c.tenant_id,
                c.network_id,
                c.partner_tenant_id,
                c.partner_network_id,
            )
        for name, (work, _) in TABLE.items():
            if work.marked:  # what the projection copies: only marked work
                await conn.execute(
                    "insert into enq_partner_enquiries (tenant_id, enquiry_id, network_id,"
                    " title, question, approach, levels, status, shared_at)"
                    " values ($1, $2, $3, 't', 'q', 'lesson_study', '{pupil}', 'launched', $4)",
                    work.tenant_id,
                    name,
                    work.network_id,
                    datetime(2025, 3, 4, tzinfo=UTC),
                )
    finally:
        await conn.close()
    settings = EnquirySettings(
        database_url=owner_dsn, app_role=APP_ROLE, app_role_password=APP_PASSWORD
    )
    pool = await create_pool(settings.app_dsn(), max_size=2)
    try:
        for i, (reader_name, reader) in enumerate(READERS.items()):
            async with tenant_transaction(pool, reader.tenant_id) as app:
                rows = await app.fetch(
                    "select enquiry_id from enq_partner_enquiries x"
                    f" where {partner_reader_sql('x', '$1', '$2', '$3')}",
                    reader.tenant_id,
                    reader.admin,
                    sorted(reader.network_ids),
                )
                # the policy alone: own tenant's rows and active partners' rows, nothing more
                everything = await app.fetch("select enquiry_id from enq_partner_enquiries")
            seen = {r["enquiry_id"] for r in rows}
            expected = {name for name, (_, marks) in TABLE.items() if marks[i] == "Y"}
            assert seen == expected, reader_name
            assert {r["enquiry_id"] for r in everything} == tenant_may_see(reader.tenant_id)
    finally:
        await pool.close()

"""The SQL form of the visibility rule (``readmodels.visibility.visible_sql``) agrees with
``domain.visibility.sees`` on every cell of the decision table, on real PostgreSQL. Another
tenant's reader finds nothing in a tenant's own rows, whatever the rule says of the commons:
they read the commons copy instead (``kn_commons``)."""

from __future__ import annotations

import uuid

import pytest
from clc_knowledge.readmodels.visibility import reader_parameters, visible_sql
from eventkit.pg import connect

from tests.unit.knowledge.visibility_table import READERS, TABLE, TENANT

pytestmark = pytest.mark.integration


async def test_the_sql_rule_is_the_table(new_database) -> None:  # type: ignore[no-untyped-def]
    conn = await connect(await new_database(f"kn_vis_{uuid.uuid4().hex[:8]}"))
    try:
        await conn.execute(
            "create table rows (name text, tenant_id text, status text, visibility text,"
            " group_id text, school_id text, network_id text, contributor_ids text[],"
            " in_commons boolean)"
        )
        for name, (a, _) in TABLE.items():
            await conn.execute(
                "insert into rows values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                name,
                a.tenant_id,
                a.status.value,
                a.visibility.value,
                a.group_id,
                a.school_id,
                a.network_id,
                sorted(a.contributor_ids),
                a.in_commons,
            )
        for i, (reader_name, reader) in enumerate(READERS.items()):
            rows = await conn.fetch(
                f"select name from rows where {visible_sql(1)}", *reader_parameters(reader)
            )
            seen = {r["name"] for r in rows}
            if reader.tenant_id != TENANT:
                assert seen == set(), reader_name
                continue
            expected = {name for name, (_, marks) in TABLE.items() if marks[i] == "Y"}
            assert seen == expected, reader_name
    finally:
        await conn.close()

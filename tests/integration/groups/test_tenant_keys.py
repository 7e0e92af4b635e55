"""Read models are keyed per tenant: two tenants may hold the same ids and each reads its own.

Stream identity is ``(tenant, id)``, so nothing stops two tenants choosing the same id (a
OneRoster ``sourcedId`` derived id, a client's UUID). Every primary and unique key of every
read-model table therefore starts with ``tenant_id``, and every join matches on it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import asyncpg
import pytest
from clc_groups.domain import (
    GroundRulesProposed,
    GroupKind,
    LearningGroupFormed,
    MemberAdded,
    MemberRole,
    NetworkCoLeaderAppointed,
    NetworkEstablished,
    PractitionerRegistered,
    PractitionerRole,
    SchoolJoinedNetwork,
    SchoolRegistered,
    SessionHeld,
    SessionProtocol,
    SessionScheduled,
)
from clc_groups.readmodels import READ_MODEL_TABLES
from eventkit.pg import connect

from tests.integration.groups.readback import Reader, admin_of, project
from tests.integration.groups.rig import GroupsDatabase, a_groups_database, app_pool

pytestmark = pytest.mark.integration

WHEN = datetime(2031, 5, 6, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
async def db(new_database) -> GroupsDatabase:  # type: ignore[no-untyped-def]
    return await a_groups_database(new_database)


@pytest.fixture(scope="module")
async def pool(db: GroupsDatabase) -> AsyncIterator[asyncpg.Pool]:
    async with app_pool(db) as pool:
        yield pool


async def test_every_key_of_every_read_model_table_starts_with_the_tenant(
    db: GroupsDatabase,
) -> None:
    conn = await connect(db.owner_dsn)
    try:
        rows = await conn.fetch(
            "select c.relname as table, i.indexrelid::regclass::text as index,"
            " (select a.attname from pg_attribute a"
            "   where a.attrelid = i.indrelid and a.attnum = i.indkey[0]) as first_column"
            " from pg_index i join pg_class c on c.oid = i.indrelid"
            " where c.relname = any($1::text[])",
            list(READ_MODEL_TABLES),
        )
    finally:
        await conn.close()
    assert {r["table"] for r in rows} == set(READ_MODEL_TABLES)  # each has a key
    assert [r["index"] for r in rows if r["first_column"] != "tenant_id"] == []


def a_world(tenant: str) -> dict[str, list[object]]:
    """The same ids in every tenant; names carry the tenant so each can tell its own."""
    name = tenant.upper()
    return {
        "school": [SchoolRegistered(school_id="oak", tenant_id=tenant, name=f"Oak {name}")],
        "practitioner": [
            PractitionerRegistered(
                practitioner_id="pat",
                tenant_id=tenant,
                school_id="oak",
                given_name="Pat",
                family_name=name,
                email=f"pat@{tenant}.example",
                role=PractitionerRole.TEACHER,
            )
        ],
        "network": [
            NetworkEstablished(
                network_id="net", tenant_id=tenant, name=f"Net {name}", founder_id="pat"
            ),
            SchoolJoinedNetwork(network_id="net", school_id="oak"),
            NetworkCoLeaderAppointed(network_id="net", practitioner_id="pat", school_id="oak"),
        ],
        "learning_group": [
            LearningGroupFormed(
                group_id="grp",
                tenant_id=tenant,
                name=f"Group {name}",
                kind=GroupKind.STUDY_GROUP,
                network_id="net",
                founder_id="pat",
            ),
            MemberAdded(
                group_id="grp", practitioner_id="pat", role=MemberRole.CO_LEADER, school_id="oak"
            ),
            GroundRulesProposed(group_id="grp", version=1, text=f"Rules of {name}"),
            SessionScheduled(
                group_id="grp", session_id="s1", starts_at=WHEN, protocol=SessionProtocol.DIALOGUE
            ),
            SessionHeld(
                group_id="grp",
                session_id="s1",
                starts_at=WHEN,
                protocol=SessionProtocol.DIALOGUE,
                attendee_ids=("pat",),
            ),
        ],
    }


QUERY = """{
  school(id: "oak") { name practitioners { edges { node { familyName } } } }
  network(id: "net") {
    name schools { edges { node { name } } } coLeaders { familyName }
    learningGroups { edges { node { name } } } }
  learningGroup(id: "grp") {
    name groundRules { text } members { edges { node { practitioner { familyName } } } }
    sessions { edges { node { attendees { familyName } } } } network { name } }
}"""


def nodes(*values: object) -> dict[str, object]:
    return {"edges": [{"node": v} for v in values]}


async def test_two_tenants_with_the_same_ids_each_read_back_their_own(pool: asyncpg.Pool) -> None:
    for tenant in ("tenant-x", "tenant-y"):
        for stream_type, events in a_world(tenant).items():
            await project(pool, tenant, stream_type, events)  # type: ignore[arg-type]
    reader = Reader(pool)
    for tenant in ("tenant-x", "tenant-y"):
        name = tenant.upper()
        data, errors = await reader.run(admin_of(tenant), QUERY)
        assert errors == []
        assert data == {
            "school": {"name": f"Oak {name}", "practitioners": nodes({"familyName": name})},
            "network": {
                "name": f"Net {name}",
                "schools": nodes({"name": f"Oak {name}"}),
                "coLeaders": [{"familyName": name}],
                "learningGroups": nodes({"name": f"Group {name}"}),
            },
            "learningGroup": {
                "name": f"Group {name}",
                "groundRules": [{"text": f"Rules of {name}"}],
                "members": nodes({"practitioner": {"familyName": name}}),
                "sessions": nodes({"attendees": [{"familyName": name}]}),
                "network": {"name": f"Net {name}"},
            },
        }

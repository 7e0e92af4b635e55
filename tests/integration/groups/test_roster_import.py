"""OneRoster import into a real PostgreSQL event store: all or nothing, idempotent, admins only."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import asyncpg
import pytest
from clc_groups.api.schema import build_schema
from clc_groups.application import GroupsCommands
from clc_groups.domain import NotTenantAdmin, PractitionerDeactivated
from clc_groups.roster import RosterImporter, stream_id
from clc_groups.roster.cli import import_roster_main
from clc_groups.service import sealing_store
from clc_groups.settings import GroupsSettings
from eventkit.envelope import RecordedEvent
from eventkit.principal import Principal
from eventkit.store import PostgresEventStore

from tests.integration.groups.rig import GroupsDatabase, a_groups_database, app_pool
from tests.unit.groups_roster.samples import (
    ADMIN,
    DATA,
    MALFORMED,
    OTHER_ADMIN,
    SAMPLE,
    SAMPLE_SCHOOLS,
    SAMPLE_STAFF_REGISTERED,
    TEACHER,
    edited,
    sample,
    variant,
)

pytestmark = pytest.mark.integration


@pytest.fixture
async def database(new_database) -> GroupsDatabase:  # type: ignore[no-untyped-def]
    return await a_groups_database(new_database)


@pytest.fixture
async def pool(database: GroupsDatabase) -> AsyncIterator[asyncpg.Pool]:
    async with app_pool(database) as pool:
        yield pool


async def everything(pool: asyncpg.Pool) -> list[RecordedEvent]:
    return await PostgresEventStore(pool).read_all(limit=10_000)


async def test_the_sample_imports_schools_and_staff_in_one_transaction(pool) -> None:  # type: ignore[no-untyped-def]
    report = await RosterImporter(PostgresEventStore(pool)).import_files(ADMIN, sample())
    assert report.accepted, report.summary()
    events = await everything(pool)
    kinds = [e.event_type for e in events]
    assert kinds.count("SchoolRegistered") == SAMPLE_SCHOOLS
    assert kinds.count("PractitionerRegistered") == SAMPLE_STAFF_REGISTERED
    assert len(events) == report.events_written == SAMPLE_SCHOOLS + SAMPLE_STAFF_REGISTERED
    assert len({e.tx_id for e in events}) == 1
    assert report.consistency_token == max(e.global_position for e in events)
    assert {e.tenant_id for e in events} == {ADMIN.tenant_id}
    assert all(e.metadata.actor == ADMIN.person_id and e.metadata.command_id for e in events)
    assert report.skipped_non_staff == {"student": 3, "guardian": 1, "parent": 1}


async def test_pupils_and_guardians_are_absent_from_the_event_store(pool) -> None:  # type: ignore[no-untyped-def]
    await RosterImporter(PostgresEventStore(pool)).import_files(ADMIN, sample())
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("select set_config('app.tenant_id', $1, true)", ADMIN.tenant_id)
        stored = await conn.fetchval("select string_agg(data::text, ' ') from events")
    assert stored
    for trace in ("stu-10", "grd-20", "Oliver", "Amelia", "Freddie", "Sarah", "Imran", "UPN"):
        assert trace not in stored


async def test_a_re_import_appends_nothing(pool) -> None:  # type: ignore[no-untyped-def]
    importer = RosterImporter(PostgresEventStore(pool))
    await importer.import_files(ADMIN, sample())
    before = await everything(pool)
    again = await importer.import_files(ADMIN, sample())
    assert again.accepted and again.changes == 0 and again.events_written == 0
    assert (again.schools_unchanged, again.practitioners_unchanged) == (4, 13)
    assert await everything(pool) == before


@pytest.mark.parametrize("name", MALFORMED)
async def test_a_malformed_roster_is_rejected_with_row_reasons_and_nothing_written(
    pool: asyncpg.Pool, name: str
) -> None:
    report = await RosterImporter(PostgresEventStore(pool)).import_files(ADMIN, variant(name))
    assert not report.accepted
    assert report.rejected
    assert all(r.file in ("orgs.csv", "users.csv", "roles.csv") for r in report.rejected)
    assert all(r.line is not None and r.reason for r in report.rejected)
    assert await everything(pool) == []


async def test_the_reasons_of_each_malformed_variant(pool) -> None:  # type: ignore[no-untyped-def]
    importer = RosterImporter(PostgresEventStore(pool))
    found = {
        name: {(r.file, r.line, r.source_id, r.field) for r in report.rejected}
        for name in MALFORMED
        for report in [await importer.import_files(ADMIN, variant(name))]
    }
    assert found["missing_column"] == {("users.csv", 1, None, "familyName")}
    assert found["wrong_encoding"] == {("users.csv", 6, None, None)}
    assert found["bad_enum"] == {
        ("orgs.csv", 5, "org-kgh", "type"),
        ("users.csv", 13, "stf-012", "status"),
        ("roles.csv", 12, "rol-011", "role"),
    }
    assert ("users.csv", 7, "stf-005", "sourcedId") in found["duplicate_sourcedid"]
    assert ("roles.csv", 4, "rol-002", "sourcedId") in found["duplicate_sourcedid"]


async def test_tobedeleted_deactivates_a_previously_imported_practitioner(pool) -> None:  # type: ignore[no-untyped-def]
    store = PostgresEventStore(pool)
    importer = RosterImporter(store)
    active = edited("users.csv", "stf-010,tobedeleted", "stf-010,active")
    first = await importer.import_files(ADMIN, active)
    assert first.practitioners_registered == SAMPLE_STAFF_REGISTERED + 1
    second = await importer.import_files(ADMIN, sample())
    assert (second.practitioners_deactivated, second.events_written) == (1, 1)
    gareth = stream_id(ADMIN.tenant_id, "practitioner", "stf-010")
    stream = await store.read_stream(gareth, tenant_id=ADMIN.tenant_id)
    assert [e.event_type for e in stream] == ["PractitionerRegistered", "PractitionerDeactivated"]
    assert stream[1].data["reason"] == "OneRoster status tobedeleted"
    assert PractitionerDeactivated.model_validate(stream[1].data).practitioner_id == gareth
    third = await importer.import_files(ADMIN, sample())
    assert third.events_written == 0


async def test_a_non_admin_is_refused_and_nothing_is_written(pool) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotTenantAdmin):
        await RosterImporter(PostgresEventStore(pool)).import_files(TEACHER, sample())
    assert await everything(pool) == []


async def test_tenants_import_the_same_roster_into_separate_streams(pool) -> None:  # type: ignore[no-untyped-def]
    importer = RosterImporter(PostgresEventStore(pool))
    await importer.import_files(ADMIN, sample())
    other = await importer.import_files(OTHER_ADMIN, sample())
    assert other.schools_registered == SAMPLE_SCHOOLS
    events = await everything(pool)
    assert len({e.stream_id for e in events}) == 2 * (SAMPLE_SCHOOLS + SAMPLE_STAFF_REGISTERED)


# --- GraphQL: the standalone RosterMutation in a schema of its own ---------------------------


SETTINGS = GroupsSettings()


@dataclass
class _Services:
    pool: asyncpg.Pool

    @property
    def commands(self) -> GroupsCommands:
        # the service's commands write through the sealing store, as the importer must
        return GroupsCommands(sealing_store(PostgresEventStore(self.pool), self.pool, SETTINGS))


@dataclass
class _Context:
    services: _Services
    principal: Principal

    async def reached(self, token: int | None) -> bool:
        return True

    def wrote(self, position: int | None) -> None:
        pass


IMPORT = """
mutation Import($files: [RosterFileInput!]!) {
  importRoster(files: $files) {
    consistencyToken
    userErrors { code field }
    report {
      accepted schoolsRegistered practitionersRegistered practitionersUnchanged eventsWritten
      skippedNonStaff { role count }
      rejected { file line sourcedId field reason }
    }
  }
}
"""


async def import_by_graphql(pool: asyncpg.Pool, who: Principal, files: dict[str, Any]) -> Any:
    # The groups service's own schema: the roster mutation as merged into it.
    schema = build_schema()
    variables = {"files": [{"name": n, "content": c} for n, c in files.items()]}
    result = await schema.execute(
        IMPORT, variable_values=variables, context_value=_Context(_Services(pool), who)
    )
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data["importRoster"]


async def test_the_graphql_mutation_imports_and_reports(pool) -> None:  # type: ignore[no-untyped-def]
    payload = await import_by_graphql(pool, ADMIN, sample())
    report = payload["report"]
    assert payload["userErrors"] == []
    assert isinstance(payload["consistencyToken"], str) and payload["consistencyToken"]
    assert (report["accepted"], report["schoolsRegistered"]) == (True, SAMPLE_SCHOOLS)
    assert report["practitionersRegistered"] == SAMPLE_STAFF_REGISTERED
    assert {"role": "student", "count": 3} in report["skippedNonStaff"]
    rejected = await import_by_graphql(
        pool, ADMIN, edited("roles.csv", "primary,teacher,stf-002", "primary,tutor,stf-002")
    )
    assert rejected["report"]["accepted"] is False
    assert rejected["report"]["rejected"] == [
        {
            "file": "roles.csv",
            "line": 3,
            "sourcedId": "rol-002",
            "field": "role",
            "reason": rejected["report"]["rejected"][0]["reason"],
        }
    ]
    assert rejected["consistencyToken"] is None


async def test_the_graphql_mutation_refuses_a_non_admin(pool) -> None:  # type: ignore[no-untyped-def]
    payload = await import_by_graphql(pool, TEACHER, sample())
    assert payload["report"] is None
    assert payload["userErrors"] == [{"code": "NOT_TENANT_ADMIN", "field": None}]
    assert await everything(pool) == []


# --- CLI --------------------------------------------------------------------------------------


async def test_the_cli_imports_a_folder_and_exits_non_zero_on_rejection(
    database: GroupsDatabase, pool: asyncpg.Pool, capsys: pytest.CaptureFixture[str]
) -> None:
    def cli(folder: str) -> int:
        argv = [folder, "--tenant", "severn", "--database-url", database.app_dsn]
        return import_roster_main(argv)

    assert await asyncio.to_thread(cli, str(SAMPLE)) == 0
    out, err = capsys.readouterr()
    assert "accepted" in out and "4 registered" in out
    assert "writing  [" in err and "16/16" in err
    assert await asyncio.to_thread(cli, str(DATA / "bad_enum")) == 1
    out, _ = capsys.readouterr()
    assert "REJECTED (3 problems)" in out and "sourcedId=org-kgh [type]" in out
    assert len(await everything(pool)) == SAMPLE_SCHOOLS + SAMPLE_STAFF_REGISTERED


async def test_another_tenant_squatting_on_a_derived_school_id_does_not_block_the_import(
    pool,  # type: ignore[no-untyped-def]
) -> None:
    """The reported attack: B registers a school under the id A's import derives (uuid5 of
    tenant and sourcedId); A's import used to fail for ever with CONCURRENT_CHANGE."""
    from clc_groups.application import GroupsCommands

    store = PostgresEventStore(pool)
    victims_id = stream_id(ADMIN.tenant_id, "school", "org-ash")
    await GroupsCommands(store).schools.register(OTHER_ADMIN, school_id=victims_id, name="Mine")
    report = await RosterImporter(store).import_files(ADMIN, sample())
    assert report.accepted, report.summary()
    [mine] = await store.read_stream(victims_id, tenant_id=ADMIN.tenant_id)
    [theirs] = await store.read_stream(victims_id, tenant_id=OTHER_ADMIN.tenant_id)
    assert (mine.data["name"], theirs.data["name"]) == ("Ashgrove Primary School", "Mine")

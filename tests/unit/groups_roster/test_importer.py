"""The importer over the in-memory event store: all or nothing, idempotent, admins only."""

from __future__ import annotations

import io

import pytest
from clc_groups.domain import NotTenantAdmin
from clc_groups.roster import RosterImporter
from clc_groups.roster.cli import ProgressBar, import_folder
from eventkit.store.memory import InMemoryEventStore

from tests.unit.groups_roster.samples import (
    ADMIN,
    MALFORMED,
    SAMPLE,
    TEACHER,
    edited,
    sample,
    variant,
)


async def test_the_sample_imports_and_a_re_import_writes_nothing() -> None:
    store = InMemoryEventStore()
    importer = RosterImporter(store)
    report = await importer.import_files(ADMIN, sample())
    assert report.accepted
    assert report.events_written == 16
    assert report.consistency_token > 0
    again = await importer.import_files(ADMIN, sample())
    assert again.accepted and again.changes == 0 and again.events_written == 0
    assert len(await store.read_all()) == 16


async def test_no_pupil_or_guardian_reaches_the_store() -> None:
    store = InMemoryEventStore()
    await RosterImporter(store).import_files(ADMIN, sample())
    stored = str([e.data for e in await store.read_all()])
    for name in ("Oliver", "Bennett", "Amelia", "Freddie", "Imran", "stu-1", "grd-2"):
        assert name not in stored


@pytest.mark.parametrize("name", MALFORMED)
async def test_a_malformed_roster_writes_nothing(name: str) -> None:
    store = InMemoryEventStore()
    report = await RosterImporter(store).import_files(ADMIN, variant(name))
    assert not report.accepted
    assert report.rejected and all(r.file.endswith(".csv") for r in report.rejected)
    assert report.changes == 0
    assert await store.read_all() == []


async def test_one_bad_row_among_good_ones_rejects_everything() -> None:
    store = InMemoryEventStore()
    files = edited("users.csv", "n.begum@riverside.sch.uk", "n.begum@")
    report = await RosterImporter(store).import_files(ADMIN, files)
    assert [(r.source_id, r.field) for r in report.rejected] == [("stf-012", "email")]
    assert await store.read_all() == []


async def test_only_a_tenant_admin_may_import() -> None:
    store = InMemoryEventStore()
    with pytest.raises(NotTenantAdmin):
        await RosterImporter(store).import_files(TEACHER, sample())
    assert await store.read_all() == []


async def test_the_cli_path_draws_a_progress_bar() -> None:
    err = io.StringIO()
    report = await import_folder(SAMPLE, ADMIN, InMemoryEventStore(), progress=err)
    assert report.accepted
    drawn = err.getvalue()
    assert "reading  [" in drawn and "] 18/18" in drawn  # 4 schools, 1 trust, 13 staff
    assert "writing  [##############################] 16/16" in drawn
    assert drawn.endswith("\n")


def test_the_progress_bar_fills_in_proportion() -> None:
    err = io.StringIO()
    bar = ProgressBar(err, width=10)
    bar("reading", 5, 10)
    assert err.getvalue() == "\rreading  [#####-----] 5/10"


async def test_a_mutation_reusing_an_imports_derived_command_id_is_refused() -> None:
    """Imports record a fingerprint too, so their content-derived keys cannot be replayed by a
    client's mutation to get the import's result back."""
    from clc_groups.application import GroupsCommands
    from eventkit.errors import IdempotencyKeyReused

    store = InMemoryEventStore()
    await RosterImporter(store).import_files(ADMIN, sample())
    school = next(e for e in await store.read_all() if e.event_type == "SchoolRegistered")
    assert school.metadata.command_id
    with pytest.raises(IdempotencyKeyReused):
        await GroupsCommands(store).schools.register(
            ADMIN,
            school_id=school.stream_id,
            name="Mine",
            command_id=school.metadata.command_id,
        )
    # Re-importing the same roster asks the same thing again: nothing new, no error.
    again = await RosterImporter(store).import_files(ADMIN, sample())
    assert again.accepted and again.events_written == 0

"""Reading the files: strict UTF-8, the OneRoster 1.2 headers and the manifest."""

from __future__ import annotations

from clc_groups.roster import read_roster_files
from clc_groups.roster.report import RowIssue

from tests.unit.groups_roster.samples import edited, sample, variant, without_column


def reasons(issues: list[RowIssue]) -> list[tuple[str, int | None, str | None]]:
    return [(i.file, i.line, i.field) for i in issues]


def test_the_sample_reads_with_every_row_and_the_manifest() -> None:
    files, issues = read_roster_files(sample())
    assert issues == []
    assert files is not None
    assert len(files.orgs.rows) == 5
    assert len(files.users.rows) == 18
    assert len(files.roles.rows) == 20
    assert files.manifest["oneroster.version"] == "1.2"
    assert files.mode("users.csv") == "bulk"
    assert files.users.rows[0].line == 2
    assert files.users.rows[4].get("givenName") == "Siân"


def test_bytes_in_utf8_with_a_byte_order_mark_are_fine() -> None:
    data = {name: ("\ufeff" + text).encode("utf-8") for name, text in sample().items()}
    files, issues = read_roster_files(data)
    assert issues == [] and files is not None
    assert files.orgs.columns[0] == "sourcedId"


def test_a_file_in_another_encoding_is_rejected_naming_file_and_line() -> None:
    files, issues = read_roster_files(variant("wrong_encoding"))
    assert files is None
    assert reasons(issues) == [("users.csv", 6, None)]
    assert "UTF-8" in issues[0].reason


def test_a_missing_required_column_is_named() -> None:
    files, issues = read_roster_files(without_column("roles.csv", "orgSourcedId"))
    assert files is None
    assert reasons(issues) == [("roles.csv", 1, "orgSourcedId")]
    assert issues[0].reason == "required column orgSourcedId is missing"


def test_extra_and_reordered_columns_are_accepted() -> None:
    files = sample()
    lines = files["orgs.csv"].splitlines()
    files["orgs.csv"] = "\n".join(
        ",".join([*reversed(line.split(",")), "x-vendor"]) for line in lines
    )
    parsed, issues = read_roster_files(files)
    assert issues == [] and parsed is not None
    assert parsed.orgs.rows[1].get("name") == "Ashgrove Primary School"


def test_a_missing_file_is_rejected() -> None:
    files = sample()
    del files["roles.csv"]
    _, issues = read_roster_files(files)
    assert [(i.file, i.reason) for i in issues] == [("roles.csv", "file is missing")]


def test_other_files_of_the_export_are_never_read() -> None:
    files: dict[str, bytes | str] = {**sample(), "demographics.csv": b"\xff\xfe not csv"}
    _, issues = read_roster_files(files)
    assert issues == []


def test_the_manifest_must_be_oneroster_1_2_and_declare_the_imported_files() -> None:
    files = edited("manifest.csv", "oneroster.version,1.2", "oneroster.version,1.1")
    files = edited("manifest.csv", "file.roles,bulk", "file.roles,absent", files)
    files = edited("manifest.csv", "file.classes,absent", "file.classes,sometimes", files)
    _, issues = read_roster_files(files)
    assert all(i.line is not None for i in issues)
    assert sorted(i.field or "" for i in issues) == [
        "file.classes",
        "file.roles",
        "oneroster.version",
    ]


def test_a_row_with_too_many_values_is_rejected_with_its_line() -> None:
    files = edited("orgs.csv", "URN 141203,org-trust", "URN 141203,org-trust,extra")
    _, issues = read_roster_files(files)
    assert reasons(issues) == [("orgs.csv", 3, None)]
    assert issues[0].source_id == "org-ash"

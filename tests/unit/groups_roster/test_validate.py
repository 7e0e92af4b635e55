"""Row-level validation: every problem found in one pass, each with file, line, id and column."""

from __future__ import annotations

from clc_groups.domain import PractitionerRole
from clc_groups.roster import parse_roster, read_roster_files
from clc_groups.roster.model import Roster, Status
from clc_groups.roster.report import RowIssue

from tests.unit.groups_roster.samples import edited, sample, variant


def parse(files: dict[str, str] | dict[str, bytes]) -> tuple[Roster | None, list[RowIssue]]:
    read, issues = read_roster_files(files)
    assert read is not None, issues
    return parse_roster(read)


def where(issues: list[RowIssue]) -> list[tuple[str, int | None, str | None, str | None]]:
    return [(i.file, i.line, i.source_id, i.field) for i in issues]


def test_the_sample_keeps_schools_and_staff_and_only_counts_the_others() -> None:
    roster, issues = parse(sample())
    assert issues == [] and roster is not None
    assert [o.name for o in roster.schools] == [
        "Ashgrove Primary School",
        "Brookfield Church of England Academy",
        "Kingsmead High School",
        "Riverside Nursery and Infant School",
    ]
    assert len(roster.orgs) == 5
    assert len(roster.staff) == 13
    assert not any(m.source_id.startswith(("stu", "grd")) for m in roster.staff)
    assert all(r.is_staff for r in roster.roles)
    assert roster.skipped_non_staff == {"student": 3, "guardian": 1, "parent": 1}


def test_preferred_names_win_and_emails_are_lower_case() -> None:
    files = edited("users.csv", "t.pritchard@ashgrove", "T.Pritchard@Ashgrove")
    roster, _ = parse(files)
    assert roster is not None
    tom = next(m for m in roster.staff if m.source_id == "stf-002")
    assert (tom.given_name, tom.family_name, tom.email) == (
        "Tom",
        "Pritchard",
        "t.pritchard@ashgrove.sch.uk",
    )


def test_placement_prefers_the_primary_role_at_a_school() -> None:
    roster, _ = parse(sample())
    assert roster is not None
    by_id = {m.source_id: m for m in roster.staff}
    assert roster.placement(by_id["stf-001"]) == ("org-ash", PractitionerRole.HEAD_TEACHER)
    assert roster.placement(by_id["stf-003"]) == ("org-ash", PractitionerRole.TEACHER)
    # primary teacher, secondary administrator: the primary role names them
    assert roster.placement(by_id["stf-008"]) == ("org-kgh", PractitionerRole.TEACHER)
    # a trust officer whose only role at a school is a secondary one
    assert roster.placement(by_id["stf-013"]) == ("org-kgh", PractitionerRole.TEACHER)
    assert by_id["stf-010"].status is Status.TO_BE_DELETED


def test_the_bad_enum_variant_names_each_bad_value() -> None:
    roster, issues = parse(variant("bad_enum"))
    assert roster is None
    assert where(issues) == [
        ("orgs.csv", 5, "org-kgh", "type"),
        ("users.csv", 13, "stf-012", "status"),
        ("roles.csv", 12, "rol-011", "role"),
    ]
    assert issues[0].reason.startswith("'academy' is not one of: department, school")


def test_the_duplicate_variant_names_the_repeated_ids_and_their_first_line() -> None:
    roster, issues = parse(variant("duplicate_sourcedid"))
    assert roster is None
    assert ("users.csv", 7, "stf-005", "sourcedId") in where(issues)
    assert ("roles.csv", 4, "rol-002", "sourcedId") in where(issues)
    dup = next(i for i in issues if i.source_id == "stf-005")
    assert dup.reason == "duplicate sourcedId (first on line 6)"


def test_roles_must_name_known_users_and_orgs() -> None:
    files = edited("roles.csv", "teacher,stf-002,org-ash", "teacher,stf-999,org-xyz")
    _, issues = parse(files)
    assert where(issues) == [
        ("roles.csv", 3, "rol-002", "userSourcedId"),
        ("roles.csv", 3, "rol-002", "orgSourcedId"),
    ]
    assert issues[0].reason == "unknown user 'stf-999'"


def test_missing_values_bad_email_and_bad_dates_are_row_reasons() -> None:
    files = edited("users.csv", "Helen,Okafor", "Helen,")
    files = edited("users.csv", "p.sharma@ashgrove.sch.uk", "p.sharma at ashgrove", files)
    stamp = "2025-09-01T08:00:00Z"
    files = edited("orgs.csv", f"org-brk,active,{stamp}", "org-brk,active,01/09/2025", files)
    files = edited(
        "roles.csv", f"{stamp},primary,teacher,stf-005", f"{stamp},,teacher,stf-005", files
    )
    _, issues = parse(files)
    assert sorted(where(issues)) == [
        ("orgs.csv", 4, "org-brk", "dateLastModified"),
        ("roles.csv", 6, "rol-005", "roleType"),
        ("users.csv", 2, "stf-001", "familyName"),
        ("users.csv", 4, "stf-003", "email"),
    ]
    by_field = {i.field: i.reason for i in issues}
    assert by_field["familyName"] == "a value is required"
    assert "01/09/2025" in by_field["dateLastModified"]


def test_pupils_personal_data_is_never_checked_or_kept() -> None:
    # A pupil with no name and a nonsense e-mail address is not our business.
    files = edited("users.csv", "Oliver,Bennett,,UPN A123456789012,", ",,,UPN A123456789012,x@")
    roster, issues = parse(files)
    assert issues == [] and roster is not None


def test_blank_status_is_active_in_bulk_files_but_required_in_delta_files() -> None:
    files = edited("users.csv", "stf-002,active,", "stf-002,,")
    roster, issues = parse(files)
    assert issues == [] and roster is not None
    files = edited("manifest.csv", "file.users,bulk", "file.users,delta", files)
    _, issues = parse(files)
    assert where(issues) == [("users.csv", 3, "stf-002", "status")]


def test_an_unknown_parent_org_is_a_reason() -> None:
    files = edited("orgs.csv", "URN 145088,org-trust", "URN 145088,org-county")
    _, issues = parse(files)
    assert where(issues) == [("orgs.csv", 6, "org-riv", "parentSourcedId")]

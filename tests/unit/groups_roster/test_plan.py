"""Planning: which command each row means, decided by the domain, with stable ids."""

from __future__ import annotations

from clc_groups.domain import (
    ORGANISATION_DECIDER,
    PRACTITIONER_DECIDER,
    SCHOOL_DECIDER,
    OrganisationKind,
    OrganisationRegistered,
    PractitionerDeactivated,
    PractitionerErased,
    PractitionerRegistered,
    PractitionerRole,
    SchoolRegistered,
    SchoolUpdated,
)
from clc_groups.roster import parse_roster, read_roster_files
from clc_groups.roster.model import Roster
from clc_groups.roster.plan import Existing, Plan, plan_import, stream_id
from eventkit.principal import Principal

from tests.unit.groups_roster.samples import (
    ADMIN,
    OTHER_ADMIN,
    SAMPLE_SCHOOLS,
    SAMPLE_STAFF_REGISTERED,
    edited,
    sample,
)


def roster(files: dict[str, str] | None = None) -> Roster:
    read, issues = read_roster_files(files or sample())
    assert read is not None, issues
    parsed, issues = parse_roster(read)
    assert parsed is not None, issues
    return parsed


def after(*plans: Plan, extra: dict[str, list[object]] | None = None) -> Existing:
    """What the store would hold after the plans' steps (and ``extra`` events) were written."""
    streams: dict[str, tuple[str, list[object]]] = {}
    for plan in plans:
        for step in plan.steps:
            streams.setdefault(step.stream_id, (step.stream_type, []))[1].extend(step.events)
    for sid, events in (extra or {}).items():
        streams[sid][1].extend(events)
    schools = {
        sid: (SCHOOL_DECIDER.fold(events), len(events))  # type: ignore[arg-type]
        for sid, (kind, events) in streams.items()
        if kind == "school"
    }
    people = {
        sid: (PRACTITIONER_DECIDER.fold(events), len(events))  # type: ignore[arg-type]
        for sid, (kind, events) in streams.items()
        if kind == "practitioner"
    }
    organisations = {
        sid: (ORGANISATION_DECIDER.fold(events), len(events))  # type: ignore[arg-type]
        for sid, (kind, events) in streams.items()
        if kind == "organisation"
    }
    return Existing(schools, people, organisations)


def test_a_new_roster_registers_schools_then_staff() -> None:
    plan = plan_import(roster(), Existing(), ADMIN)
    report = plan.report
    assert report.rejected == []
    assert (report.schools_registered, report.practitioners_registered) == (
        SAMPLE_SCHOOLS,
        SAMPLE_STAFF_REGISTERED,
    )
    # The tobedeleted teacher was never here: nothing to deactivate, nothing registered.
    assert report.practitioners_unchanged == 1
    actions = [s.action for s in plan.steps]
    assert actions == ["register_school"] * 4 + ["register_practitioner"] * 12
    assert all(s.expected_version == 0 for s in plan.steps)
    events = [e for s in plan.steps for e in s.events]
    assert all(isinstance(e, SchoolRegistered | PractitionerRegistered) for e in events)
    assert not any(s.source_id.startswith(("stu", "grd")) for s in plan.steps)


def test_the_events_carry_the_roster_ids_and_roles() -> None:
    plan = plan_import(roster(), Existing(), ADMIN)
    helen = next(s for s in plan.steps if s.source_id == "stf-001").events[0]
    assert isinstance(helen, PractitionerRegistered)
    assert helen.role is PractitionerRole.HEAD_TEACHER
    assert helen.school_id == stream_id("severn", "school", "org-ash")
    assert helen.source_id == "stf-001"
    assert helen.tenant_id == "severn"
    ash = plan.steps[0].events[0]
    assert isinstance(ash, SchoolRegistered)
    assert (ash.name, ash.identifier, ash.source_id) == (
        "Ashgrove Primary School",
        "URN 141203",
        "org-ash",
    )


def test_ids_are_stable_per_tenant_and_source_id() -> None:
    first = plan_import(roster(), Existing(), ADMIN)
    again = plan_import(roster(), Existing(), ADMIN)
    elsewhere = plan_import(roster(), Existing(), OTHER_ADMIN)
    assert [(s.stream_id, s.command_id) for s in first.steps] == [
        (s.stream_id, s.command_id) for s in again.steps
    ]
    assert not {s.stream_id for s in first.steps} & {s.stream_id for s in elsewhere.steps}
    assert stream_id("severn", "school", "x") != stream_id("severn", "practitioner", "x")


def test_re_planning_what_is_already_there_changes_nothing() -> None:
    first = plan_import(roster(), Existing(), ADMIN)
    again = plan_import(roster(), after(first), ADMIN)
    assert again.steps == []
    assert (again.report.schools_unchanged, again.report.practitioners_unchanged) == (4, 13)


def test_a_renamed_school_is_updated_with_the_next_version() -> None:
    first = plan_import(roster(), Existing(), ADMIN)
    files = edited("orgs.csv", "Kingsmead High School", "Kingsmead Academy")
    again = plan_import(roster(files), after(first), ADMIN)
    [step] = again.steps
    assert step.action == "update_school"
    assert step.expected_version == 1
    assert isinstance(step.events[0], SchoolUpdated)
    assert step.events[0].name == "Kingsmead Academy"
    assert again.report.schools_updated == 1


def test_tobedeleted_deactivates_a_registered_practitioner_once() -> None:
    active = edited("users.csv", "stf-010,tobedeleted", "stf-010,active")
    first = plan_import(roster(active), Existing(), ADMIN)
    assert first.report.practitioners_registered == 13
    second = plan_import(roster(), after(first), ADMIN)
    [step] = second.steps
    assert step.action == "deactivate_practitioner"
    assert isinstance(step.events[0], PractitionerDeactivated)
    third = plan_import(roster(), after(first, second), ADMIN)
    assert third.steps == []


def test_an_erased_practitioner_is_not_registered_again() -> None:
    first = plan_import(roster(), Existing(), ADMIN)
    helen = stream_id("severn", "practitioner", "stf-001")
    erased = PractitionerErased(practitioner_id=helen)
    again = plan_import(roster(), after(first, extra={helen: [erased]}), ADMIN)
    assert again.steps == []


def test_staff_of_a_district_only_are_kept_as_practitioners_of_a_local_authority() -> None:
    files = edited("roles.csv", "teacher,stf-013,org-kgh", "teacher,stf-013,org-trust")
    plan = plan_import(roster(files), Existing(), ADMIN)
    assert plan.report.practitioners_registered == 12
    assert plan.report.organisations_registered == 1
    assert plan.report.warnings == []
    trust = stream_id("severn", "organisation", "org-trust")
    [registered] = [
        e for s in plan.steps for e in s.events if isinstance(e, OrganisationRegistered)
    ]
    assert (registered.organisation_id, registered.kind) == (
        trust,
        OrganisationKind.LOCAL_AUTHORITY,
    )
    emma = stream_id("severn", "practitioner", "stf-013")
    [person] = [e for s in plan.steps if s.stream_id == emma for e in s.events]
    assert isinstance(person, PractitionerRegistered)
    assert (person.school_id, person.organisation_id) == (None, trust)
    assert person.role is PractitionerRole.OFFICER


def test_a_roster_of_schools_alone_registers_no_organisation() -> None:
    plan = plan_import(roster(), Existing(), ADMIN)
    assert plan.report.organisations_registered == 0
    assert not any(isinstance(e, OrganisationRegistered) for s in plan.steps for e in s.events)


def test_staff_of_an_extension_org_type_are_kept_as_its_people() -> None:
    files = edited("roles.csv", "teacher,stf-013,org-kgh", "teacher,stf-013,org-trust")
    files = edited("orgs.csv", "Learning Trust,district", "Learning Trust,ext:university", files)
    plan = plan_import(roster(files), Existing(), ADMIN)
    [registered] = [
        e for s in plan.steps for e in s.events if isinstance(e, OrganisationRegistered)
    ]
    assert registered.kind is OrganisationKind.UNIVERSITY


def test_staff_with_no_role_at_a_school_or_an_organisation_is_a_warning_not_a_registration() -> (
    None
):
    files = edited("roles.csv", "teacher,stf-013,org-kgh", "teacher,stf-013,org-trust")
    files = edited("orgs.csv", "Learning Trust,district", "Learning Trust,department", files)
    plan = plan_import(roster(files), Existing(), ADMIN)
    assert plan.report.practitioners_registered == 11
    [warning] = plan.report.warnings
    assert (warning.file, warning.source_id) == ("users.csv", "stf-013")
    assert "school or an organisation" in warning.reason


def test_re_importing_an_organisation_changes_nothing() -> None:
    files = edited("roles.csv", "teacher,stf-013,org-kgh", "teacher,stf-013,org-trust")
    first = plan_import(roster(files), Existing(), ADMIN)
    again = plan_import(roster(files), after(first), ADMIN)
    assert again.steps == []
    assert again.report.organisations_unchanged == 1


def test_a_value_the_domain_refuses_rejects_the_row() -> None:
    files = edited("users.csv", "Nasreen,Begum", "Nasreen," + "B" * 201)
    plan = plan_import(roster(files), Existing(), ADMIN)
    [issue] = plan.report.rejected
    assert (issue.file, issue.source_id, issue.field) == ("users.csv", "stf-012", "familyName")


def test_the_domain_refuses_a_non_admin_on_every_row() -> None:
    teacher = Principal(tenant_id="severn", person_id="t", roles=frozenset())
    plan = plan_import(roster(), Existing(), teacher)
    assert plan.steps == []
    assert {i.reason for i in plan.report.rejected} == {
        "Only a tenant admin may register or change schools and practitioners"
    }


def test_command_ids_change_with_content() -> None:
    first = plan_import(roster(), Existing(), ADMIN)
    files = edited("orgs.csv", "Kingsmead High School", "Kingsmead Academy")
    other = plan_import(roster(files), Existing(), ADMIN)
    ids = {s.source_id: s.command_id for s in first.steps}
    changed = {s.source_id: s.command_id for s in other.steps}
    assert ids["org-kgh"] != changed["org-kgh"]
    assert ids["org-ash"] == changed["org-ash"]

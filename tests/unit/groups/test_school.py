"""School: registered and updated by tenant admins, idempotent on roster re-import."""

from __future__ import annotations

from clc_groups.domain import (
    SCHOOL_DECIDER,
    NotTenantAdmin,
    RegisterSchool,
    SchoolAlreadyRegistered,
    SchoolNotFound,
    SchoolRegistered,
    SchoolUpdated,
    UpdateSchool,
)

from tests.support.scenario import given
from tests.unit.groups.builders import (
    OTHER_TENANT,
    SCHOOL_A,
    TENANT,
    a_registered_school,
    an_actor,
    an_admin,
)


def test_a_tenant_admin_registers_a_school_in_their_tenant() -> None:
    state = (
        given(SCHOOL_DECIDER)
        .when(
            RegisterSchool(
                actor=an_admin(),
                school_id=SCHOOL_A,
                name="  Riverside Primary ",
                identifier="URN-100001",
                source_id="org-17",
            )
        )
        .then(
            SchoolRegistered(
                school_id=SCHOOL_A,
                tenant_id=TENANT,
                name="Riverside Primary",
                identifier="URN-100001",
                source_id="org-17",
            )
        )
    )
    assert state.exists
    assert state.name == "Riverside Primary"


def test_registering_a_school_twice_is_refused() -> None:
    given(SCHOOL_DECIDER, *a_registered_school()).when(
        RegisterSchool(actor=an_admin(), school_id=SCHOOL_A, name="Riverside Primary")
    ).then_refused(SchoolAlreadyRegistered, "SCHOOL_ALREADY_REGISTERED", field="school_id")


def test_only_a_tenant_admin_may_register_a_school() -> None:
    given(SCHOOL_DECIDER).when(
        RegisterSchool(actor=an_actor("carol", "network_lead"), school_id=SCHOOL_A, name="X")
    ).then_refused(NotTenantAdmin, "NOT_TENANT_ADMIN")


def test_updating_a_school_records_its_new_details() -> None:
    state = (
        given(SCHOOL_DECIDER, *a_registered_school())
        .when(
            UpdateSchool(
                actor=an_admin(), school_id=SCHOOL_A, name="Riverside Academy", identifier="U-1"
            )
        )
        .then(SchoolUpdated(school_id=SCHOOL_A, name="Riverside Academy", identifier="U-1"))
    )
    assert (state.name, state.identifier) == ("Riverside Academy", "U-1")


def test_updating_a_school_with_unchanged_details_records_nothing() -> None:
    given(SCHOOL_DECIDER, *a_registered_school(name="Riverside Primary")).when(
        UpdateSchool(actor=an_admin(), school_id=SCHOOL_A, name="Riverside Primary")
    ).then_nothing_happens()


def test_only_a_tenant_admin_may_update_a_school() -> None:
    given(SCHOOL_DECIDER, *a_registered_school()).when(
        UpdateSchool(actor=an_actor("carol"), school_id=SCHOOL_A, name="Riverside Academy")
    ).then_refused(NotTenantAdmin, "NOT_TENANT_ADMIN")


def test_updating_an_unknown_school_is_refused_as_not_found() -> None:
    given(SCHOOL_DECIDER).when(
        UpdateSchool(actor=an_admin(), school_id=SCHOOL_A, name="Riverside Academy")
    ).then_refused(SchoolNotFound, "SCHOOL_NOT_FOUND", field="school_id")


def test_a_school_of_another_tenant_is_not_found() -> None:
    given(SCHOOL_DECIDER, *a_registered_school()).when(
        UpdateSchool(actor=an_admin(OTHER_TENANT), school_id=SCHOOL_A, name="Taken over")
    ).then_refused(SchoolNotFound, "SCHOOL_NOT_FOUND", field="school_id")

"""Practitioner: registered, deactivated and erased by tenant admins; erasure leaves no personal
data in the state."""

from __future__ import annotations

from clc_groups.domain import (
    ERASED_NAME,
    PRACTITIONER_DECIDER,
    DeactivatePractitioner,
    ErasePractitioner,
    NotTenantAdmin,
    PractitionerAlreadyErased,
    PractitionerAlreadyRegistered,
    PractitionerDeactivated,
    PractitionerErased,
    PractitionerNotActive,
    PractitionerNotFound,
    PractitionerRegistered,
    PractitionerRole,
    PractitionerStatus,
    RegisterPractitioner,
    SchoolNotRegistered,
)

from tests.support.scenario import given
from tests.unit.groups.builders import (
    CAROL,
    OTHER_TENANT,
    SCHOOL_A,
    TENANT,
    a_registered_practitioner,
    an_actor,
    an_admin,
)


def registering(
    *, school_registered: bool = True, by_admin: bool = True, email: str | None = None
) -> RegisterPractitioner:
    return RegisterPractitioner(
        actor=an_admin() if by_admin else an_actor(CAROL),
        practitioner_id=CAROL,
        school_id=SCHOOL_A,
        given_name="Carol",
        family_name="Jones",
        email=email,
        role=PractitionerRole.HEAD_TEACHER,
        source_id="user-42",
        school_registered=school_registered,
    )


def test_a_tenant_admin_registers_a_practitioner_at_a_registered_school() -> None:
    state = (
        given(PRACTITIONER_DECIDER)
        .when(registering(email="Carol.Jones@Riverside.example"))
        .then(
            PractitionerRegistered(
                practitioner_id=CAROL,
                tenant_id=TENANT,
                school_id=SCHOOL_A,
                given_name="Carol",
                family_name="Jones",
                email="carol.jones@riverside.example",
                role=PractitionerRole.HEAD_TEACHER,
                source_id="user-42",
            )
        )
    )
    assert state.active


def test_registering_a_practitioner_twice_is_refused() -> None:
    given(PRACTITIONER_DECIDER, *a_registered_practitioner()).when(registering()).then_refused(
        PractitionerAlreadyRegistered, "PRACTITIONER_ALREADY_REGISTERED", field="practitioner_id"
    )


def test_registering_a_practitioner_at_an_unregistered_school_is_refused() -> None:
    error = (
        given(PRACTITIONER_DECIDER)
        .when(registering(school_registered=False))
        .then_refused(SchoolNotRegistered, "SCHOOL_NOT_REGISTERED", field="school_id")
    )
    assert error.field == "school_id"


def test_only_a_tenant_admin_may_register_a_practitioner() -> None:
    given(PRACTITIONER_DECIDER).when(registering(by_admin=False)).then_refused(
        NotTenantAdmin, "NOT_TENANT_ADMIN"
    )


def test_a_tenant_admin_deactivates_a_practitioner() -> None:
    state = (
        given(PRACTITIONER_DECIDER, *a_registered_practitioner())
        .when(DeactivatePractitioner(actor=an_admin(), practitioner_id=CAROL, reason="Left"))
        .then(PractitionerDeactivated(practitioner_id=CAROL, reason="Left"))
    )
    assert state.status is PractitionerStatus.DEACTIVATED
    assert not state.active


def test_deactivating_a_deactivated_practitioner_is_refused() -> None:
    given(
        PRACTITIONER_DECIDER,
        *a_registered_practitioner(),
        PractitionerDeactivated(practitioner_id=CAROL),
    ).when(DeactivatePractitioner(actor=an_admin(), practitioner_id=CAROL)).then_refused(
        PractitionerNotActive, "PRACTITIONER_NOT_ACTIVE", field="practitioner_id"
    )


def test_only_a_tenant_admin_may_deactivate_a_practitioner() -> None:
    given(PRACTITIONER_DECIDER, *a_registered_practitioner()).when(
        DeactivatePractitioner(actor=an_actor(CAROL), practitioner_id=CAROL)
    ).then_refused(NotTenantAdmin, "NOT_TENANT_ADMIN")


def test_erasing_a_practitioner_leaves_no_name_or_email_in_the_state() -> None:
    state = (
        given(PRACTITIONER_DECIDER, *a_registered_practitioner())
        .when(ErasePractitioner(actor=an_admin(), practitioner_id=CAROL))
        .then(PractitionerErased(practitioner_id=CAROL, replacement_name=ERASED_NAME))
    )
    assert state.status is PractitionerStatus.ERASED
    assert (state.given_name, state.family_name, state.email) == (None, None, None)
    assert "Carol" not in state.model_dump_json()


def test_the_erasure_event_carries_no_personal_data() -> None:
    assert set(PractitionerErased.model_fields) == {"practitioner_id", "replacement_name"}


def test_a_deactivated_practitioner_can_still_be_erased() -> None:
    given(
        PRACTITIONER_DECIDER,
        *a_registered_practitioner(),
        PractitionerDeactivated(practitioner_id=CAROL),
    ).when(ErasePractitioner(actor=an_admin(), practitioner_id=CAROL)).then(
        PractitionerErased(practitioner_id=CAROL)
    )


def test_erasing_a_practitioner_twice_is_refused() -> None:
    given(
        PRACTITIONER_DECIDER,
        *a_registered_practitioner(),
        PractitionerErased(practitioner_id=CAROL),
    ).when(ErasePractitioner(actor=an_admin(), practitioner_id=CAROL)).then_refused(
        PractitionerAlreadyErased, "PRACTITIONER_ALREADY_ERASED", field="practitioner_id"
    )


def test_deactivating_an_erased_practitioner_is_refused() -> None:
    given(
        PRACTITIONER_DECIDER,
        *a_registered_practitioner(),
        PractitionerErased(practitioner_id=CAROL),
    ).when(DeactivatePractitioner(actor=an_admin(), practitioner_id=CAROL)).then_refused(
        PractitionerNotActive, "PRACTITIONER_NOT_ACTIVE", field="practitioner_id"
    )


def test_only_a_tenant_admin_may_erase_a_practitioner() -> None:
    given(PRACTITIONER_DECIDER, *a_registered_practitioner()).when(
        ErasePractitioner(actor=an_actor(CAROL), practitioner_id=CAROL)
    ).then_refused(NotTenantAdmin, "NOT_TENANT_ADMIN")


def test_erasing_an_unknown_practitioner_is_refused_as_not_found() -> None:
    given(PRACTITIONER_DECIDER).when(
        ErasePractitioner(actor=an_admin(), practitioner_id=CAROL)
    ).then_refused(PractitionerNotFound, "PRACTITIONER_NOT_FOUND", field="practitioner_id")


def test_a_practitioner_of_another_tenant_is_not_found() -> None:
    given(PRACTITIONER_DECIDER, *a_registered_practitioner()).when(
        DeactivatePractitioner(actor=an_admin(OTHER_TENANT), practitioner_id=CAROL)
    ).then_refused(PractitionerNotFound, "PRACTITIONER_NOT_FOUND", field="practitioner_id")

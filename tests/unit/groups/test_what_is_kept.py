"""What an event says is what the state keeps (found by ``make mutation``: dropping any of these
fields in ``evolve`` left every other test green)."""

from __future__ import annotations

from clc_groups.domain import (
    LEARNING_GROUP_DECIDER,
    PRACTITIONER_DECIDER,
    SCHOOL_DECIDER,
    PractitionerRole,
    SchoolRegistered,
)

from tests.support.scenario import given
from tests.unit.groups.builders import (
    ALICE,
    BOB,
    SCHOOL_A,
    SESSION,
    TENANT,
    a_formed_group,
    a_held_session,
    a_registered_practitioner,
    a_scheduled_session,
)


def test_a_registered_practitioner_is_kept_in_full() -> None:
    state = given(PRACTITIONER_DECIDER, *a_registered_practitioner()).state
    kept = (state.school_id, state.given_name, state.family_name, state.email, state.role)
    assert kept == (
        SCHOOL_A,
        "Carol",
        "Jones",
        "carol.jones@riverside.example",
        PractitionerRole.TEACHER,
    )
    with_source = a_registered_practitioner()[0].model_copy(update={"source_id": "sis-7"})
    assert given(PRACTITIONER_DECIDER, with_source).state.source_id == "sis-7"


def test_a_registered_school_keeps_its_identifiers() -> None:
    registered = SchoolRegistered(
        school_id=SCHOOL_A, tenant_id=TENANT, name="Riverside", identifier="URN 1", source_id="s-1"
    )
    state = given(SCHOOL_DECIDER, registered).state
    assert (state.name, state.identifier, state.source_id) == ("Riverside", "URN 1", "s-1")


def test_a_formed_group_keeps_its_name_and_kind() -> None:
    formed = a_formed_group()[0]
    state = given(LEARNING_GROUP_DECIDER, formed).state
    assert (state.name, state.kind) == (formed.name, formed.kind)


def test_a_held_session_keeps_who_attended() -> None:
    history = [*a_formed_group(), a_scheduled_session(), a_held_session(SESSION, ALICE, BOB)]
    session = given(LEARNING_GROUP_DECIDER, *history).state.sessions[SESSION]
    assert session.attendee_ids == (ALICE, BOB)

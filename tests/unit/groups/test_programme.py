"""Programmes and cohorts: participants in cohorts, each with the home group they lead."""

from __future__ import annotations

from clc_groups.domain import (
    PROGRAMME_DECIDER,
    AlreadyEnrolled,
    CohortAlreadyFormed,
    CohortFormed,
    CohortNotFound,
    EnrolParticipant,
    EstablishProgramme,
    FormCohort,
    MayNotEstablishProgramme,
    NotEnrolled,
    NotProgrammeLeader,
    ParticipantDoesNotLeadHomeGroup,
    ParticipantEnrolled,
    ParticipantWithdrew,
    ProgrammeEstablished,
    ProgrammeNotFound,
    WithdrawParticipant,
)

from tests.support.scenario import given
from tests.unit.groups.builders import (
    ALICE,
    BOB,
    FAY,
    OTHER_TENANT,
    TENANT,
    a_network_lead,
    an_actor,
    an_admin,
)

PROGRAMME = "prog-1"
NORTH = "cohort-north"
ESTABLISHED = ProgrammeEstablished(
    programme_id=PROGRAMME, tenant_id=TENANT, name="Leading together", founder_id=FAY
)
COHORT = CohortFormed(programme_id=PROGRAMME, cohort_id=NORTH, name="North", region="North")


def enrolling(
    person: str = ALICE, leaders: frozenset[str] = frozenset({ALICE})
) -> EnrolParticipant:
    return EnrolParticipant(
        actor=a_network_lead(),
        programme_id=PROGRAMME,
        cohort_id=NORTH,
        practitioner_id=person,
        home_group_id="home-a",
        practitioner_active=True,
        home_group_leader_ids=leaders,
    )


def test_a_network_lead_establishes_a_programme_and_forms_a_cohort() -> None:
    establish = EstablishProgramme(
        actor=a_network_lead(), programme_id=PROGRAMME, name="Leading together"
    )
    given(PROGRAMME_DECIDER).when(establish).then(ESTABLISHED)
    form = FormCohort(
        actor=a_network_lead(), programme_id=PROGRAMME, cohort_id=NORTH, name="North",
        region="North",
    )  # fmt: skip
    given(PROGRAMME_DECIDER, ESTABLISHED).when(form).then(COHORT)
    given(PROGRAMME_DECIDER, ESTABLISHED, COHORT).when(form).then_refused(
        CohortAlreadyFormed, "COHORT_ALREADY_FORMED", field="cohort_id"
    )
    given(PROGRAMME_DECIDER).when(
        establish.model_copy(update={"actor": an_actor(ALICE)})
    ).then_refused(MayNotEstablishProgramme, "MAY_NOT_ESTABLISH_PROGRAMME")


def test_a_participant_joins_a_cohort_with_the_home_group_they_lead() -> None:
    state = (
        given(PROGRAMME_DECIDER, ESTABLISHED, COHORT)
        .when(enrolling())
        .then(
            ParticipantEnrolled(
                programme_id=PROGRAMME,
                cohort_id=NORTH,
                practitioner_id=ALICE,
                home_group_id="home-a",
            )
        )
    )
    assert state.participants == {ALICE: NORTH}


def test_a_participant_must_lead_their_home_group_and_enrols_once() -> None:
    given(PROGRAMME_DECIDER, ESTABLISHED, COHORT).when(enrolling(BOB)).then_refused(
        ParticipantDoesNotLeadHomeGroup,
        "PARTICIPANT_DOES_NOT_LEAD_HOME_GROUP",
        field="home_group_id",
    )
    enrolled = ParticipantEnrolled(
        programme_id=PROGRAMME, cohort_id=NORTH, practitioner_id=ALICE, home_group_id="home-a"
    )
    given(PROGRAMME_DECIDER, ESTABLISHED, COHORT, enrolled).when(enrolling()).then_refused(
        AlreadyEnrolled, "ALREADY_ENROLLED", field="practitioner_id"
    )
    given(PROGRAMME_DECIDER, ESTABLISHED).when(enrolling()).then_refused(
        CohortNotFound, "COHORT_NOT_FOUND", field="cohort_id"
    )


def test_a_participant_withdraws() -> None:
    enrolled = ParticipantEnrolled(
        programme_id=PROGRAMME, cohort_id=NORTH, practitioner_id=ALICE, home_group_id="home-a"
    )
    withdraw = WithdrawParticipant(actor=an_admin(), programme_id=PROGRAMME, practitioner_id=ALICE)
    given(PROGRAMME_DECIDER, ESTABLISHED, COHORT, enrolled).when(withdraw).then(
        ParticipantWithdrew(programme_id=PROGRAMME, cohort_id=NORTH, practitioner_id=ALICE)
    )
    given(PROGRAMME_DECIDER, ESTABLISHED, COHORT).when(withdraw).then_refused(
        NotEnrolled, "NOT_ENROLLED", field="practitioner_id"
    )


def test_only_its_leaders_manage_a_programme_and_other_tenants_do_not_find_it() -> None:
    given(PROGRAMME_DECIDER, ESTABLISHED, COHORT).when(
        enrolling().model_copy(update={"actor": an_actor(ALICE)})
    ).then_refused(NotProgrammeLeader, "NOT_PROGRAMME_LEADER")
    given(PROGRAMME_DECIDER, ESTABLISHED, COHORT).when(
        enrolling().model_copy(update={"actor": an_admin(OTHER_TENANT)})
    ).then_refused(ProgrammeNotFound, "PROGRAMME_NOT_FOUND", field="programme_id")

"""Learning group: who may form one, and who may manage it afterwards."""

from __future__ import annotations

from clc_groups.domain import (
    LEARNING_GROUP_DECIDER,
    FormLearningGroup,
    GroupKind,
    LearningGroupAlreadyFormed,
    LearningGroupFormed,
    LearningGroupNotFound,
    LearningGroupStatus,
    MayNotFormLearningGroup,
    MemberAdded,
    MemberRole,
    NetworkNotActive,
    NotGroupLeader,
)
from eventkit.domain import Actor

from tests.support.scenario import given
from tests.unit.groups.builders import (
    ALICE,
    BOB,
    CAROL,
    DAN,
    GINA,
    GROUP,
    NETWORK,
    OTHER_TENANT,
    SCHOOL_B,
    TENANT,
    a_formed_group,
    a_group_lead,
    a_launched_group,
    adding,
    an_actor,
    an_admin,
    member_added,
)


def forming(
    by: Actor,
    *,
    network_id: str | None = None,
    network_is_active: bool | None = None,
    network_co_leaders: frozenset[str] = frozenset(),
) -> FormLearningGroup:
    return FormLearningGroup(
        actor=by,
        group_id=GROUP,
        name="Reading leaders",
        kind=GroupKind.ENQUIRY_GROUP,
        network_id=network_id,
        network_is_active=network_is_active,
        network_co_leader_ids=network_co_leaders,
    )


def formed(founder_id: str, network_id: str | None = None) -> LearningGroupFormed:
    return LearningGroupFormed(
        group_id=GROUP,
        tenant_id=TENANT,
        name="Reading leaders",
        kind=GroupKind.ENQUIRY_GROUP,
        network_id=network_id,
        founder_id=founder_id,
    )


def test_a_group_lead_forms_a_learning_group_and_is_its_founder() -> None:
    state = given(LEARNING_GROUP_DECIDER).when(forming(a_group_lead())).then(formed(GINA))
    assert state.status is LearningGroupStatus.FORMED
    assert state.founder_id == GINA


def test_a_tenant_admin_may_form_a_learning_group() -> None:
    given(LEARNING_GROUP_DECIDER).when(forming(an_admin())).then(formed("admin"))


def test_a_network_co_leader_forms_a_group_in_their_network() -> None:
    given(LEARNING_GROUP_DECIDER).when(
        forming(
            an_actor(ALICE),
            network_id=NETWORK,
            network_is_active=True,
            network_co_leaders=frozenset({ALICE, BOB}),
        )
    ).then(formed(ALICE, network_id=NETWORK))


def test_a_practitioner_who_is_not_a_group_lead_may_not_form_a_group() -> None:
    given(LEARNING_GROUP_DECIDER).when(forming(an_actor(CAROL))).then_refused(
        MayNotFormLearningGroup, "MAY_NOT_FORM_LEARNING_GROUP"
    )


def test_a_practitioner_who_is_not_a_co_leader_of_the_network_may_not_form_a_group_in_it() -> None:
    given(LEARNING_GROUP_DECIDER).when(
        forming(
            an_actor(CAROL),
            network_id=NETWORK,
            network_is_active=True,
            network_co_leaders=frozenset({ALICE, BOB}),
        )
    ).then_refused(MayNotFormLearningGroup, "MAY_NOT_FORM_LEARNING_GROUP")


def test_forming_a_group_twice_is_refused() -> None:
    given(LEARNING_GROUP_DECIDER, *a_formed_group()).when(forming(a_group_lead())).then_refused(
        LearningGroupAlreadyFormed, "LEARNING_GROUP_ALREADY_FORMED", field="group_id"
    )


def test_forming_a_group_in_a_dissolved_or_unknown_network_is_refused() -> None:
    error = (
        given(LEARNING_GROUP_DECIDER)
        .when(forming(a_group_lead(), network_id=NETWORK, network_is_active=False))
        .then_refused(NetworkNotActive, "NETWORK_NOT_ACTIVE", field="network_id")
    )
    assert error.field == "network_id"


def test_a_command_to_an_unknown_group_is_refused_as_not_found() -> None:
    given(LEARNING_GROUP_DECIDER).when(adding(CAROL, by=an_admin())).then_refused(
        LearningGroupNotFound, "LEARNING_GROUP_NOT_FOUND", field="group_id"
    )


def test_a_group_of_another_tenant_is_not_found() -> None:
    given(LEARNING_GROUP_DECIDER, *a_formed_group()).when(
        adding(CAROL, by=an_admin(OTHER_TENANT))
    ).then_refused(LearningGroupNotFound, "LEARNING_GROUP_NOT_FOUND", field="group_id")


def test_a_command_naming_another_group_than_the_loaded_one_is_refused_as_not_found() -> None:
    command = adding(CAROL, by=an_admin()).model_copy(update={"group_id": "group-2"})
    given(LEARNING_GROUP_DECIDER, *a_formed_group()).when(command).then_refused(
        LearningGroupNotFound, "LEARNING_GROUP_NOT_FOUND", field="group_id"
    )


def test_the_founder_manages_the_group_until_it_is_launched() -> None:
    given(LEARNING_GROUP_DECIDER, *a_formed_group()).when(
        adding(ALICE, role=MemberRole.CO_LEADER, by=a_group_lead())
    ).then(member_added(ALICE, MemberRole.CO_LEADER))


def test_the_founder_stops_managing_the_group_once_it_is_launched() -> None:
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(
        adding(DAN, by=a_group_lead())
    ).then_refused(NotGroupLeader, "NOT_GROUP_LEADER")


def test_a_facilitator_manages_the_group() -> None:
    given(
        LEARNING_GROUP_DECIDER,
        *a_launched_group(),
        member_added(BOB, MemberRole.FACILITATOR),
    ).when(adding(DAN, by=an_actor(BOB))).then(
        MemberAdded(group_id=GROUP, practitioner_id=DAN, role=MemberRole.MEMBER, school_id=SCHOOL_B)
    )


def test_a_plain_member_may_not_manage_the_group() -> None:
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(
        adding(DAN, by=an_actor(CAROL))
    ).then_refused(NotGroupLeader, "NOT_GROUP_LEADER")


def test_a_tenant_admin_manages_any_group_of_their_tenant() -> None:
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(adding(DAN, by=an_admin())).then(
        member_added(DAN)
    )

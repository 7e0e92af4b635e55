"""Shared leadership is a network's choice: the default two co-leaders from different schools, or
a charter's leadership team (3+ from 2+ schools) or rotating leadership. Non-negotiable for every
network: a stated moral purpose, shared (not single) leadership, enquiry-based practice."""

from __future__ import annotations

from clc_groups.domain import (
    NETWORK_DECIDER,
    AdoptNetworkCharter,
    CoLeadersFromOneSchool,
    EnquiryBasedPracticeNotStated,
    LaunchNetwork,
    LeadershipModel,
    MoralPurposeMissing,
    NetworkCharterAdopted,
    NetworkCoLeaderAppointed,
    NetworkLaunched,
    NetworkLeadRotated,
    NetworkPurposeStated,
    NotANetworkCoLeader,
    NotNetworkLeader,
    NotRotatingLeadership,
    RotateNetworkLead,
    TooFewCoLeaders,
    shares_leadership,
)

from tests.support.scenario import given
from tests.unit.groups.builders import (
    ALICE,
    BOB,
    CAROL,
    NETWORK,
    SCHOOL_A,
    SCHOOL_B,
    a_network_lead,
    a_network_ready_to_launch,
    a_network_with_schools,
    an_actor,
)

ENQUIRY = "Every group runs collaborative enquiry cycles and shares what it learns."


def adopting(model: LeadershipModel, practice: str | None = ENQUIRY) -> AdoptNetworkCharter:
    return AdoptNetworkCharter(
        actor=a_network_lead(),
        network_id=NETWORK,
        leadership_model=model,
        enquiry_practice=practice,
    )


def charter(model: LeadershipModel) -> NetworkCharterAdopted:
    return NetworkCharterAdopted(
        network_id=NETWORK, leadership_model=model, enquiry_practice=ENQUIRY
    )


LAUNCH = LaunchNetwork(actor=a_network_lead(), network_id=NETWORK)


def test_a_network_adopts_a_leadership_team_in_its_charter() -> None:
    state = (
        given(NETWORK_DECIDER, *a_network_with_schools(SCHOOL_A))
        .when(adopting(LeadershipModel.LEADERSHIP_TEAM))
        .then(charter(LeadershipModel.LEADERSHIP_TEAM))
    )
    assert state.leadership_model is LeadershipModel.LEADERSHIP_TEAM
    assert state.enquiry_practice == ENQUIRY


def test_enquiry_based_practice_is_non_negotiable_in_a_charter() -> None:
    given(NETWORK_DECIDER, *a_network_with_schools(SCHOOL_A)).when(
        adopting(LeadershipModel.CO_LEADERS, None)
    ).then_refused(
        EnquiryBasedPracticeNotStated,
        "NON_NEGOTIABLE_ENQUIRY_BASED_PRACTICE",
        field="enquiry_practice",
    )


def test_only_the_networks_leaders_adopt_a_charter() -> None:
    command = adopting(LeadershipModel.ROTATING).model_copy(update={"actor": an_actor(CAROL)})
    given(NETWORK_DECIDER, *a_network_ready_to_launch()).when(command).then_refused(
        NotNetworkLeader, "NOT_NETWORK_LEADER"
    )


def test_the_default_two_co_leaders_from_different_schools_launch() -> None:
    given(NETWORK_DECIDER, *a_network_ready_to_launch()).when(LAUNCH).then(
        NetworkLaunched(network_id=NETWORK)
    )


def test_a_leadership_team_needs_three_from_two_schools() -> None:
    team = [*a_network_ready_to_launch(), charter(LeadershipModel.LEADERSHIP_TEAM)]
    error = (
        given(NETWORK_DECIDER, *team)
        .when(LAUNCH)
        .then_refused(TooFewCoLeaders, "TOO_FEW_CO_LEADERS")
    )
    assert "at least 3" in error.message
    third = NetworkCoLeaderAppointed(network_id=NETWORK, practitioner_id=CAROL, school_id=SCHOOL_A)
    given(NETWORK_DECIDER, *team, third).when(LAUNCH).then(NetworkLaunched(network_id=NETWORK))
    assert not shares_leadership({ALICE: SCHOOL_A, BOB: SCHOOL_B}, LeadershipModel.LEADERSHIP_TEAM)
    assert not shares_leadership(
        {ALICE: SCHOOL_A, BOB: SCHOOL_A, CAROL: SCHOOL_A}, LeadershipModel.LEADERSHIP_TEAM
    )


def test_shared_not_single_leadership_and_a_moral_purpose_are_non_negotiable() -> None:
    one_school = [
        *a_network_with_schools(SCHOOL_A, SCHOOL_B),
        charter(LeadershipModel.ROTATING),
        NetworkCoLeaderAppointed(network_id=NETWORK, practitioner_id=ALICE, school_id=SCHOOL_A),
        NetworkCoLeaderAppointed(network_id=NETWORK, practitioner_id=CAROL, school_id=SCHOOL_A),
    ]
    given(NETWORK_DECIDER, *one_school).when(LAUNCH).then_refused(MoralPurposeMissing)
    stated = NetworkPurposeStated(network_id=NETWORK, moral_purpose="Every child reads.")
    given(NETWORK_DECIDER, *one_school, stated).when(LAUNCH).then_refused(
        CoLeadersFromOneSchool, "CO_LEADERS_FROM_ONE_SCHOOL"
    )


def test_rotating_leadership_names_whose_turn_it_is_among_the_co_leaders() -> None:
    rotating = [*a_network_ready_to_launch(), charter(LeadershipModel.ROTATING)]
    rotate = RotateNetworkLead(actor=an_actor(ALICE), network_id=NETWORK, practitioner_id=BOB)
    state = (
        given(NETWORK_DECIDER, *rotating)
        .when(rotate)
        .then(NetworkLeadRotated(network_id=NETWORK, practitioner_id=BOB))
    )
    assert state.current_lead_id == BOB
    to_stranger = rotate.model_copy(update={"practitioner_id": CAROL})
    given(NETWORK_DECIDER, *rotating).when(to_stranger).then_refused(
        NotANetworkCoLeader, "NOT_A_NETWORK_CO_LEADER", field="practitioner_id"
    )
    given(NETWORK_DECIDER, *a_network_ready_to_launch()).when(rotate).then_refused(
        NotRotatingLeadership, "NOT_ROTATING_LEADERSHIP"
    )

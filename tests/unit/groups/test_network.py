"""Network: member schools, a moral purpose and shared leadership before launch."""

from __future__ import annotations

import pytest
from clc_groups.domain import (
    NETWORK_DECIDER,
    AlreadyNetworkCoLeader,
    CoLeaderNotFromMemberSchool,
    CoLeadersFromOneSchool,
    DissolveNetwork,
    EstablishNetwork,
    JoinNetwork,
    LaunchNetwork,
    LeaveNetwork,
    MayNotEstablishNetwork,
    MoralPurposeMissing,
    NetworkAlreadyEstablished,
    NetworkAlreadyLaunched,
    NetworkCoLeaderAppointed,
    NetworkCoLeaderStoodDown,
    NetworkCommand,
    NetworkDissolved,
    NetworkEstablished,
    NetworkIsDissolved,
    NetworkLaunched,
    NetworkNotFound,
    NetworkPurposeStated,
    NetworkState,
    NetworkStatus,
    NotANetworkCoLeader,
    NotNetworkLeader,
    PractitionerNotActive,
    SchoolAlreadyMember,
    SchoolJoinedNetwork,
    SchoolLeftNetwork,
    SchoolNotAMember,
    SchoolNotRegistered,
    StandDownNetworkCoLeader,
    StandDownReason,
    StateNetworkPurpose,
    TooFewCoLeaders,
)
from eventkit.domain import Actor

from tests.support.scenario import given
from tests.unit.groups.builders import (
    ALICE,
    BOB,
    CAROL,
    DAN,
    FAY,
    MORAL_PURPOSE,
    NETWORK,
    OTHER_TENANT,
    SCHOOL_A,
    SCHOOL_B,
    SCHOOL_C,
    TENANT,
    a_launched_network,
    a_network_lead,
    a_network_ready_to_launch,
    a_network_with_schools,
    an_actor,
    an_admin,
    an_established_network,
    appointing,
)


def joining(school_id: str, *, registered: bool = True, by: Actor | None = None) -> JoinNetwork:
    return JoinNetwork(
        actor=by or a_network_lead(),
        network_id=NETWORK,
        school_id=school_id,
        school_registered=registered,
    )


def launching(by: Actor | None = None) -> LaunchNetwork:
    return LaunchNetwork(actor=by or a_network_lead(), network_id=NETWORK)


# --- establishing --------------------------------------------------------------------------


def test_a_network_lead_establishes_a_network_and_is_its_founder() -> None:
    state = (
        given(NETWORK_DECIDER)
        .when(EstablishNetwork(actor=a_network_lead(), network_id=NETWORK, name="Valley Readers"))
        .then(
            NetworkEstablished(
                network_id=NETWORK, tenant_id=TENANT, name="Valley Readers", founder_id=FAY
            )
        )
    )
    assert state.status is NetworkStatus.ESTABLISHED
    assert (state.exists, state.network_id, state.tenant_id) == (True, NETWORK, TENANT)
    assert (state.name, state.founder_id) == ("Valley Readers", FAY)


def test_a_tenant_admin_may_establish_a_network() -> None:
    given(NETWORK_DECIDER).when(
        EstablishNetwork(actor=an_admin(), network_id=NETWORK, name="Valley Readers")
    ).then(
        NetworkEstablished(
            network_id=NETWORK, tenant_id=TENANT, name="Valley Readers", founder_id="admin"
        )
    )


def test_a_practitioner_without_the_network_lead_role_may_not_establish_a_network() -> None:
    given(NETWORK_DECIDER).when(
        EstablishNetwork(actor=an_actor(CAROL), network_id=NETWORK, name="Valley Readers")
    ).then_refused(MayNotEstablishNetwork, "MAY_NOT_ESTABLISH_NETWORK")


def test_establishing_a_network_twice_is_refused() -> None:
    given(NETWORK_DECIDER, *an_established_network()).when(
        EstablishNetwork(actor=a_network_lead(), network_id=NETWORK, name="Valley Readers")
    ).then_refused(NetworkAlreadyEstablished, "NETWORK_ALREADY_ESTABLISHED", field="network_id")


# --- finding and authorizing ---------------------------------------------------------------


def test_a_command_to_an_unknown_network_is_refused_as_not_found() -> None:
    given(NETWORK_DECIDER).when(launching(an_admin())).then_refused(
        NetworkNotFound, "NETWORK_NOT_FOUND", field="network_id"
    )


def test_a_network_of_another_tenant_is_not_found() -> None:
    given(NETWORK_DECIDER, *an_established_network()).when(
        launching(an_admin(OTHER_TENANT))
    ).then_refused(NetworkNotFound, "NETWORK_NOT_FOUND", field="network_id")


def test_someone_who_is_not_a_co_leader_may_not_manage_the_network() -> None:
    given(NETWORK_DECIDER, *an_established_network()).when(
        joining(SCHOOL_A, by=an_actor(CAROL, "network_lead"))
    ).then_refused(NotNetworkLeader, "NOT_NETWORK_LEADER")


def test_the_founder_stops_managing_the_network_once_it_is_launched() -> None:
    given(NETWORK_DECIDER, *a_launched_network()).when(
        joining(SCHOOL_C, by=a_network_lead(FAY))
    ).then_refused(NotNetworkLeader, "NOT_NETWORK_LEADER")


def test_a_co_leader_manages_a_launched_network() -> None:
    given(NETWORK_DECIDER, *a_launched_network()).when(joining(SCHOOL_C, by=an_actor(BOB))).then(
        SchoolJoinedNetwork(network_id=NETWORK, school_id=SCHOOL_C)
    )


def test_a_tenant_admin_manages_any_network_of_their_tenant() -> None:
    given(NETWORK_DECIDER, *a_launched_network()).when(joining(SCHOOL_C, by=an_admin())).then(
        SchoolJoinedNetwork(network_id=NETWORK, school_id=SCHOOL_C)
    )


# --- moral purpose -------------------------------------------------------------------------


def test_stating_the_moral_purpose_records_it() -> None:
    state = (
        given(NETWORK_DECIDER, *an_established_network())
        .when(
            StateNetworkPurpose(
                actor=a_network_lead(), network_id=NETWORK, moral_purpose=MORAL_PURPOSE
            )
        )
        .then(NetworkPurposeStated(network_id=NETWORK, moral_purpose=MORAL_PURPOSE))
    )
    assert state.moral_purpose == MORAL_PURPOSE


def test_restating_the_same_moral_purpose_records_nothing() -> None:
    given(NETWORK_DECIDER, *a_network_ready_to_launch()).when(
        StateNetworkPurpose(actor=an_actor(ALICE), network_id=NETWORK, moral_purpose=MORAL_PURPOSE)
    ).then_nothing_happens()


# --- member schools ------------------------------------------------------------------------


def test_a_registered_school_joins_the_network() -> None:
    state = (
        given(NETWORK_DECIDER, *an_established_network())
        .when(joining(SCHOOL_A))
        .then(SchoolJoinedNetwork(network_id=NETWORK, school_id=SCHOOL_A))
    )
    assert state.member_school_ids == {SCHOOL_A}


def test_a_school_that_is_already_a_member_cannot_join_again() -> None:
    error = (
        given(NETWORK_DECIDER, *a_network_with_schools(SCHOOL_A))
        .when(joining(SCHOOL_A))
        .then_refused(SchoolAlreadyMember, "SCHOOL_ALREADY_MEMBER", field="school_id")
    )
    assert error.field == "school_id"


def test_an_unregistered_school_cannot_join() -> None:
    given(NETWORK_DECIDER, *an_established_network()).when(
        joining(SCHOOL_A, registered=False)
    ).then_refused(SchoolNotRegistered, "SCHOOL_NOT_REGISTERED", field="school_id")


def test_a_school_that_left_may_join_again() -> None:
    given(
        NETWORK_DECIDER,
        *a_network_with_schools(SCHOOL_A),
        SchoolLeftNetwork(network_id=NETWORK, school_id=SCHOOL_A),
    ).when(joining(SCHOOL_A)).then(SchoolJoinedNetwork(network_id=NETWORK, school_id=SCHOOL_A))


def test_a_member_school_leaves_the_network() -> None:
    state = (
        given(NETWORK_DECIDER, *a_network_with_schools(SCHOOL_A, SCHOOL_B))
        .when(LeaveNetwork(actor=a_network_lead(), network_id=NETWORK, school_id=SCHOOL_A))
        .then(SchoolLeftNetwork(network_id=NETWORK, school_id=SCHOOL_A))
    )
    assert state.member_school_ids == {SCHOOL_B}


def test_a_school_that_is_not_a_member_cannot_leave() -> None:
    given(NETWORK_DECIDER, *a_network_with_schools(SCHOOL_A)).when(
        LeaveNetwork(actor=a_network_lead(), network_id=NETWORK, school_id=SCHOOL_B)
    ).then_refused(SchoolNotAMember, "SCHOOL_NOT_A_MEMBER", field="school_id")


def test_when_a_school_leaves_its_co_leaders_stand_down_first() -> None:
    history = [
        *a_network_ready_to_launch(),
        NetworkCoLeaderAppointed(network_id=NETWORK, practitioner_id=CAROL, school_id=SCHOOL_A),
    ]
    state = (
        given(NETWORK_DECIDER, *history)
        .when(LeaveNetwork(actor=an_actor(BOB), network_id=NETWORK, school_id=SCHOOL_A))
        .then(
            NetworkCoLeaderStoodDown(
                network_id=NETWORK, practitioner_id=ALICE, reason=StandDownReason.SCHOOL_LEFT
            ),
            NetworkCoLeaderStoodDown(
                network_id=NETWORK, practitioner_id=CAROL, reason=StandDownReason.SCHOOL_LEFT
            ),
            SchoolLeftNetwork(network_id=NETWORK, school_id=SCHOOL_A),
        )
    )
    assert state.co_leaders == {BOB: SCHOOL_B}


def test_a_launched_network_may_lose_its_shared_leadership_when_a_school_leaves() -> None:
    state = (
        given(NETWORK_DECIDER, *a_launched_network())
        .when(LeaveNetwork(actor=an_actor(BOB), network_id=NETWORK, school_id=SCHOOL_A))
        .then(
            NetworkCoLeaderStoodDown(
                network_id=NETWORK, practitioner_id=ALICE, reason=StandDownReason.SCHOOL_LEFT
            ),
            SchoolLeftNetwork(network_id=NETWORK, school_id=SCHOOL_A),
        )
    )
    assert state.status is NetworkStatus.LAUNCHED
    assert not state.has_shared_leadership


# --- co-leaders ----------------------------------------------------------------------------


def test_a_practitioner_of_a_member_school_is_appointed_co_leader() -> None:
    state = (
        given(NETWORK_DECIDER, *a_network_with_schools(SCHOOL_A))
        .when(appointing(ALICE, SCHOOL_A))
        .then(
            NetworkCoLeaderAppointed(network_id=NETWORK, practitioner_id=ALICE, school_id=SCHOOL_A)
        )
    )
    assert state.co_leaders == {ALICE: SCHOOL_A}


def test_a_co_leader_must_work_at_a_member_school() -> None:
    error = (
        given(NETWORK_DECIDER, *a_network_with_schools(SCHOOL_A))
        .when(appointing(DAN, SCHOOL_B))
        .then_refused(
            CoLeaderNotFromMemberSchool, "CO_LEADER_NOT_FROM_MEMBER_SCHOOL", field="practitioner_id"
        )
    )
    assert error.field == "practitioner_id"


def test_appointing_a_co_leader_twice_is_refused() -> None:
    given(NETWORK_DECIDER, *a_network_ready_to_launch()).when(
        appointing(ALICE, SCHOOL_A)
    ).then_refused(AlreadyNetworkCoLeader, "ALREADY_NETWORK_CO_LEADER", field="practitioner_id")


def test_a_deactivated_practitioner_cannot_be_appointed_co_leader() -> None:
    given(NETWORK_DECIDER, *a_network_with_schools(SCHOOL_A)).when(
        appointing(ALICE, SCHOOL_A, active=False)
    ).then_refused(PractitionerNotActive, "PRACTITIONER_NOT_ACTIVE", field="practitioner_id")


def test_a_co_leader_stands_down() -> None:
    state = (
        given(NETWORK_DECIDER, *a_network_ready_to_launch())
        .when(
            StandDownNetworkCoLeader(
                actor=an_actor(ALICE), network_id=NETWORK, practitioner_id=ALICE
            )
        )
        .then(NetworkCoLeaderStoodDown(network_id=NETWORK, practitioner_id=ALICE))
    )
    assert state.co_leaders == {BOB: SCHOOL_B}


def test_standing_down_someone_who_is_not_a_co_leader_is_refused() -> None:
    given(NETWORK_DECIDER, *a_network_ready_to_launch()).when(
        StandDownNetworkCoLeader(actor=an_actor(ALICE), network_id=NETWORK, practitioner_id=CAROL)
    ).then_refused(NotANetworkCoLeader, "NOT_A_NETWORK_CO_LEADER", field="practitioner_id")


def test_a_co_leader_of_a_launched_network_may_stand_down_below_shared_leadership() -> None:
    state = (
        given(NETWORK_DECIDER, *a_launched_network())
        .when(
            StandDownNetworkCoLeader(actor=an_actor(BOB), network_id=NETWORK, practitioner_id=BOB)
        )
        .then(NetworkCoLeaderStoodDown(network_id=NETWORK, practitioner_id=BOB))
    )
    assert not state.has_shared_leadership


# --- launching -----------------------------------------------------------------------------


def test_a_network_with_purpose_and_co_leaders_from_two_schools_launches() -> None:
    state = (
        given(NETWORK_DECIDER, *a_network_ready_to_launch())
        .when(launching())
        .then(NetworkLaunched(network_id=NETWORK))
    )
    assert state.status is NetworkStatus.LAUNCHED
    assert state.has_shared_leadership


def test_launching_a_network_without_a_moral_purpose_is_refused() -> None:
    history = [e for e in a_network_ready_to_launch() if not isinstance(e, NetworkPurposeStated)]
    given(NETWORK_DECIDER, *history).when(launching()).then_refused(
        MoralPurposeMissing, "MORAL_PURPOSE_MISSING"
    )


def test_launching_a_network_with_one_co_leader_is_refused() -> None:
    given(
        NETWORK_DECIDER,
        *a_network_ready_to_launch(),
        NetworkCoLeaderStoodDown(network_id=NETWORK, practitioner_id=BOB),
    ).when(launching()).then_refused(TooFewCoLeaders, "TOO_FEW_CO_LEADERS")


def test_launching_a_network_with_co_leaders_from_one_school_is_refused() -> None:
    given(
        NETWORK_DECIDER,
        *a_network_ready_to_launch(),
        NetworkCoLeaderStoodDown(network_id=NETWORK, practitioner_id=BOB),
        NetworkCoLeaderAppointed(network_id=NETWORK, practitioner_id=CAROL, school_id=SCHOOL_A),
    ).when(launching()).then_refused(CoLeadersFromOneSchool, "CO_LEADERS_FROM_ONE_SCHOOL")


def test_launching_a_network_twice_is_refused() -> None:
    given(NETWORK_DECIDER, *a_launched_network()).when(launching(an_actor(ALICE))).then_refused(
        NetworkAlreadyLaunched, "NETWORK_ALREADY_LAUNCHED"
    )


# --- dissolving ----------------------------------------------------------------------------


def test_a_co_leader_dissolves_the_network() -> None:
    state = (
        given(NETWORK_DECIDER, *a_launched_network())
        .when(DissolveNetwork(actor=an_actor(ALICE), network_id=NETWORK, reason="Merged"))
        .then(NetworkDissolved(network_id=NETWORK, reason="Merged"))
    )
    assert state.status is NetworkStatus.DISSOLVED


@pytest.mark.parametrize(
    "command",
    [
        DissolveNetwork(actor=an_actor(ALICE), network_id=NETWORK),
        JoinNetwork(
            actor=an_actor(ALICE), network_id=NETWORK, school_id=SCHOOL_C, school_registered=True
        ),
        LeaveNetwork(actor=an_actor(ALICE), network_id=NETWORK, school_id=SCHOOL_B),
        StateNetworkPurpose(actor=an_actor(ALICE), network_id=NETWORK, moral_purpose="New aim"),
        StandDownNetworkCoLeader(actor=an_actor(ALICE), network_id=NETWORK, practitioner_id=BOB),
        LaunchNetwork(actor=an_actor(ALICE), network_id=NETWORK),
    ],
    ids=lambda command: type(command).__name__,
)
def test_a_dissolved_network_refuses_further_changes(command: NetworkCommand) -> None:
    given(NETWORK_DECIDER, *a_launched_network(), NetworkDissolved(network_id=NETWORK)).when(
        command
    ).then_refused(NetworkIsDissolved, "NETWORK_IS_DISSOLVED")


# --- shared leadership on its own ------------------------------------------------------------


@pytest.mark.parametrize(
    ("co_leaders", "shared"),
    [
        ({}, False),
        ({ALICE: SCHOOL_A}, False),
        ({ALICE: SCHOOL_A, BOB: SCHOOL_A}, False),  # two co-leaders, but from one school
        ({ALICE: SCHOOL_A, BOB: SCHOOL_B}, True),  # exactly two, from two schools
        ({ALICE: SCHOOL_A, BOB: SCHOOL_B, CAROL: SCHOOL_C}, True),
        ({ALICE: SCHOOL_A, BOB: SCHOOL_A, CAROL: SCHOOL_B}, True),
    ],
)
def test_shared_leadership_is_two_co_leaders_from_two_member_schools(
    co_leaders: dict[str, str], shared: bool
) -> None:
    state = NetworkState(exists=True, network_id=NETWORK, co_leaders=co_leaders)
    assert state.has_shared_leadership is shared
    assert state.co_leader_schools == frozenset(co_leaders.values())

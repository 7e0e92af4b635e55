"""Learning group membership: who may join, roles, and leaving."""

from __future__ import annotations

from clc_groups.domain import (
    LEARNING_GROUP_DECIDER,
    AlreadyAMember,
    ChangeMemberRole,
    LastGroupLeader,
    LeaveGroup,
    MayNotRemoveMember,
    MemberLeft,
    MemberNotFromNetworkSchool,
    MemberRole,
    MemberRoleChanged,
    NetworkFactsMissing,
    NotAMember,
    PractitionerNotActive,
)
from eventkit.domain import Actor

from tests.support.scenario import given
from tests.unit.groups.builders import (
    ALICE,
    BOB,
    CAROL,
    DAN,
    ERIN,
    GROUP,
    NETWORK,
    SCHOOL_A,
    SCHOOL_B,
    a_formed_group,
    a_launched_group,
    adding,
    an_actor,
    member_added,
)

NETWORK_SCHOOLS = frozenset({SCHOOL_A, SCHOOL_B})


def changing_role(
    practitioner_id: str, role: MemberRole, by: Actor | None = None
) -> ChangeMemberRole:
    return ChangeMemberRole(
        actor=by or an_actor(ALICE), group_id=GROUP, practitioner_id=practitioner_id, role=role
    )


def leaving(practitioner_id: str, by: Actor) -> LeaveGroup:
    return LeaveGroup(actor=by, group_id=GROUP, practitioner_id=practitioner_id)


# --- adding --------------------------------------------------------------------------------


def test_a_practitioner_is_added_to_a_group_with_their_school() -> None:
    state = (
        given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(adding(DAN)).then(member_added(DAN))
    )
    assert state.members[DAN].school_id == SCHOOL_B


def test_a_practitioner_is_a_member_at_most_once() -> None:
    error = (
        given(LEARNING_GROUP_DECIDER, *a_launched_group())
        .when(adding(CAROL))
        .then_refused(AlreadyAMember, "ALREADY_A_MEMBER", field="practitioner_id")
    )
    assert error.field == "practitioner_id"


def test_a_deactivated_or_erased_practitioner_cannot_be_added() -> None:
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(adding(DAN, active=False)).then_refused(
        PractitionerNotActive, "PRACTITIONER_NOT_ACTIVE", field="practitioner_id"
    )


def test_a_network_group_takes_a_member_from_a_member_school() -> None:
    given(
        LEARNING_GROUP_DECIDER,
        *a_formed_group(network_id=NETWORK),
        member_added(ALICE, MemberRole.CO_LEADER),
    ).when(adding(DAN, network_schools=NETWORK_SCHOOLS)).then(member_added(DAN))


def test_a_network_group_takes_members_only_from_member_schools() -> None:
    error = (
        given(
            LEARNING_GROUP_DECIDER,
            *a_formed_group(network_id=NETWORK),
            member_added(ALICE, MemberRole.CO_LEADER),
        )
        .when(adding(ERIN, network_schools=NETWORK_SCHOOLS))
        .then_refused(
            MemberNotFromNetworkSchool, "MEMBER_NOT_FROM_NETWORK_SCHOOL", field="practitioner_id"
        )
    )
    assert error.field == "practitioner_id"


def test_adding_to_a_network_group_without_the_network_schools_is_invalid_input() -> None:
    given(
        LEARNING_GROUP_DECIDER,
        *a_formed_group(network_id=NETWORK),
        member_added(ALICE, MemberRole.CO_LEADER),
    ).when(adding(DAN, network_schools=None)).then_refused(
        NetworkFactsMissing, "NETWORK_FACTS_MISSING", field="network_member_school_ids"
    )


def test_a_group_outside_any_network_takes_members_from_any_school() -> None:
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(adding(ERIN)).then(member_added(ERIN))


# --- roles ---------------------------------------------------------------------------------


def test_a_member_is_made_a_facilitator() -> None:
    state = (
        given(LEARNING_GROUP_DECIDER, *a_launched_group())
        .when(changing_role(CAROL, MemberRole.FACILITATOR))
        .then(
            MemberRoleChanged(
                group_id=GROUP,
                practitioner_id=CAROL,
                role=MemberRole.FACILITATOR,
                previous_role=MemberRole.MEMBER,
            )
        )
    )
    assert state.leader_ids == {ALICE, CAROL}


def test_changing_a_member_to_their_current_role_records_nothing() -> None:
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(
        changing_role(CAROL, MemberRole.MEMBER)
    ).then_nothing_happens()


def test_changing_the_role_of_someone_who_is_not_a_member_is_refused() -> None:
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(
        changing_role(DAN, MemberRole.FACILITATOR)
    ).then_refused(NotAMember, "NOT_A_MEMBER", field="practitioner_id")


def test_the_last_leader_of_a_launched_group_cannot_become_a_plain_member() -> None:
    error = (
        given(LEARNING_GROUP_DECIDER, *a_launched_group())
        .when(changing_role(ALICE, MemberRole.MEMBER))
        .then_refused(LastGroupLeader, "LAST_GROUP_LEADER", field="role")
    )
    assert error.field == "role"


def test_a_leader_of_a_launched_group_becomes_a_member_when_another_leader_remains() -> None:
    given(
        LEARNING_GROUP_DECIDER, *a_launched_group(), member_added(BOB, MemberRole.FACILITATOR)
    ).when(changing_role(ALICE, MemberRole.MEMBER)).then(
        MemberRoleChanged(
            group_id=GROUP,
            practitioner_id=ALICE,
            role=MemberRole.MEMBER,
            previous_role=MemberRole.CO_LEADER,
        )
    )


# --- leaving -------------------------------------------------------------------------------


def test_a_member_leaves_the_group() -> None:
    state = (
        given(LEARNING_GROUP_DECIDER, *a_launched_group())
        .when(leaving(CAROL, by=an_actor(CAROL)))
        .then(MemberLeft(group_id=GROUP, practitioner_id=CAROL, removed=False))
    )
    assert CAROL not in state.members


def test_a_group_leader_removes_a_member() -> None:
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(
        leaving(CAROL, by=an_actor(ALICE))
    ).then(MemberLeft(group_id=GROUP, practitioner_id=CAROL, removed=True))


def test_a_member_may_not_remove_another_member() -> None:
    given(LEARNING_GROUP_DECIDER, *a_launched_group(), member_added(DAN)).when(
        leaving(DAN, by=an_actor(CAROL))
    ).then_refused(MayNotRemoveMember, "MAY_NOT_REMOVE_MEMBER")


def test_someone_who_is_not_a_member_cannot_leave() -> None:
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(
        leaving(BOB, by=an_actor(BOB))
    ).then_refused(NotAMember, "NOT_A_MEMBER", field="practitioner_id")


def test_the_last_leader_may_still_leave_a_launched_group() -> None:
    state = (
        given(LEARNING_GROUP_DECIDER, *a_launched_group())
        .when(leaving(ALICE, by=an_actor(ALICE)))
        .then(MemberLeft(group_id=GROUP, practitioner_id=ALICE, removed=False))
    )
    assert not state.leader_ids


def test_a_member_who_left_may_be_added_again() -> None:
    given(
        LEARNING_GROUP_DECIDER,
        *a_launched_group(),
        MemberLeft(group_id=GROUP, practitioner_id=CAROL),
    ).when(adding(CAROL)).then(member_added(CAROL))

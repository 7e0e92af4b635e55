"""Ground rules: agreed by the group, not decreed. Versioned; a changed text must be agreed again,
and only the current version; in force when every active member (or the quorum set at forming)
has agreed by their own act; a later joiner is "not yet agreed" until they agree; a leader may
propose and withdraw; a v1 ``GroundRulesAgreed`` reads as the agreement of every member then."""

from __future__ import annotations

from clc_groups.application import registry as registry_of_the_groups
from clc_groups.domain import (
    LEARNING_GROUP_DECIDER,
    AgreeGroundRules,
    GroundRulesAgreed,
    GroundRulesInForce,
    GroundRulesNotPending,
    GroundRulesProposed,
    GroundRulesVersionOutdated,
    GroundRulesVersionUnknown,
    GroundRulesWithdrawn,
    LeaveGroup,
    MemberLeft,
    MemberRole,
    NoGroundRulesProposed,
    NotGroupLeader,
    OnlyMembersAgreeGroundRules,
    ProposeGroundRules,
    WithdrawGroundRules,
)
from eventkit.domain import Actor

from tests.support.scenario import given
from tests.unit.groups.builders import (
    ALICE,
    CAROL,
    DAN,
    GROUND_RULES,
    GROUP,
    a_formed_group,
    a_group_ready_to_launch,
    a_group_with_a_leader,
    a_launched_group,
    an_actor,
    an_admin,
    member_added,
)

CHANGED_RULES = GROUND_RULES + " We start and finish on time."


def proposing(text: str, by: Actor | None = None) -> ProposeGroundRules:
    return ProposeGroundRules(actor=by or an_actor(ALICE), group_id=GROUP, text=text)


def agreeing(version: int, by: Actor | None = None) -> AgreeGroundRules:
    return AgreeGroundRules(actor=by or an_actor(ALICE), group_id=GROUP, version=version)


def test_proposing_ground_rules_records_version_one() -> None:
    state = (
        given(LEARNING_GROUP_DECIDER, *a_group_with_a_leader())
        .when(proposing(GROUND_RULES))
        .then(GroundRulesProposed(group_id=GROUP, version=1, text=GROUND_RULES))
    )
    assert (state.ground_rules_version, state.ground_rules_agreed) == (1, False)


PROPOSED = GroundRulesProposed(group_id=GROUP, version=1, text=GROUND_RULES)


def agreed(person: str, version: int = 1) -> GroundRulesAgreed:
    return GroundRulesAgreed(group_id=GROUP, version=version, practitioner_id=person)


def test_one_members_agreement_is_theirs_alone_and_not_yet_the_groups() -> None:
    state = (
        given(LEARNING_GROUP_DECIDER, *a_group_with_a_leader(), PROPOSED)
        .when(agreeing(1))
        .then(agreed(ALICE))
    )
    assert not state.ground_rules_agreed
    assert state.agreed_by(1) == {ALICE}


def test_the_last_active_members_agreement_puts_the_rules_in_force() -> None:
    state = (
        given(LEARNING_GROUP_DECIDER, *a_group_with_a_leader(), PROPOSED, agreed(ALICE))
        .when(agreeing(1, by=an_actor(CAROL)))
        .then(agreed(CAROL), GroundRulesInForce(group_id=GROUP, version=1))
    )
    assert state.ground_rules_agreed
    assert state.agreed_ground_rules_version == 1


def test_a_quorum_set_at_forming_puts_the_rules_in_force_before_everyone_agrees() -> None:
    formed = a_formed_group()[0].model_copy(update={"ground_rules_quorum": 2})
    history = [formed, member_added(ALICE, MemberRole.CO_LEADER), member_added(CAROL),
               member_added(DAN), PROPOSED, agreed(ALICE)]  # fmt: skip
    given(LEARNING_GROUP_DECIDER, *history).when(agreeing(1, by=an_actor(CAROL))).then(
        agreed(CAROL), GroundRulesInForce(group_id=GROUP, version=1)
    )


def test_no_one_agrees_on_anothers_behalf_not_even_a_tenant_admin() -> None:
    given(LEARNING_GROUP_DECIDER, *a_group_with_a_leader(), PROPOSED).when(
        agreeing(1, by=an_admin())
    ).then_refused(OnlyMembersAgreeGroundRules, "ONLY_MEMBERS_AGREE_GROUND_RULES")


def test_a_later_joiner_is_not_yet_agreed_until_their_own_act_and_the_rules_stay_in_force() -> None:
    history = [*a_launched_group(), member_added(DAN)]
    state = given(LEARNING_GROUP_DECIDER, *history).state
    assert state.ground_rules_agreed
    assert DAN not in state.agreed_by(1)
    after = (
        given(LEARNING_GROUP_DECIDER, *history)
        .when(agreeing(1, by=an_actor(DAN)))
        .then(agreed(DAN))
    )
    assert DAN in after.agreed_by(1)


def test_a_member_leaving_can_complete_the_consent() -> None:
    history = [*a_group_with_a_leader(), member_added(DAN), PROPOSED, agreed(ALICE), agreed(CAROL)]
    leaving = LeaveGroup(actor=an_actor(DAN), group_id=GROUP, practitioner_id=DAN)
    given(LEARNING_GROUP_DECIDER, *history).when(leaving).then(
        MemberLeft(group_id=GROUP, practitioner_id=DAN),
        GroundRulesInForce(group_id=GROUP, version=1),
    )


def test_a_leader_withdraws_a_proposal_not_yet_in_force_and_the_version_before_stays() -> None:
    history = [*a_launched_group(), GroundRulesProposed(group_id=GROUP, version=2, text="New")]
    withdrawing = WithdrawGroundRules(actor=an_actor(ALICE), group_id=GROUP, version=2)
    state = (
        given(LEARNING_GROUP_DECIDER, *history)
        .when(withdrawing)
        .then(GroundRulesWithdrawn(group_id=GROUP, version=2))
    )
    assert (state.ground_rules_version, state.ground_rules_agreed) == (1, True)
    assert state.ground_rules_text == GROUND_RULES
    again = given(LEARNING_GROUP_DECIDER, *history, GroundRulesWithdrawn(group_id=GROUP, version=2))
    again.when(proposing("Newer")).then(
        GroundRulesProposed(group_id=GROUP, version=3, text="Newer")
    )


def test_rules_in_force_cannot_be_withdrawn_and_a_member_cannot_withdraw() -> None:
    withdrawing = WithdrawGroundRules(actor=an_actor(ALICE), group_id=GROUP, version=1)
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(withdrawing).then_refused(
        GroundRulesNotPending, "GROUND_RULES_NOT_PENDING", field="version"
    )
    by_member = withdrawing.model_copy(update={"actor": an_actor(CAROL)})
    given(LEARNING_GROUP_DECIDER, *a_group_with_a_leader(), PROPOSED).when(by_member).then_refused(
        NotGroupLeader, "NOT_GROUP_LEADER"
    )


def test_a_v1_agreement_is_upcast_as_the_agreement_of_everyone_who_was_a_member_then() -> None:
    registry = registry_of_the_groups()
    data = registry.upcast("GroundRulesAgreed", 1, {"group_id": GROUP, "version": 1})
    v1 = GroundRulesAgreed.model_validate(data)
    assert (v1.practitioner_id, v1.by_all_members) == (None, True)
    history = [*a_group_with_a_leader(), PROPOSED, v1, member_added(DAN)]
    state = given(LEARNING_GROUP_DECIDER, *history).state
    assert state.ground_rules_agreed
    assert state.agreed_by(1) == {ALICE, CAROL}  # DAN joined later: not yet agreed


def test_a_changed_text_is_a_new_version_that_must_be_agreed_again() -> None:
    state = (
        given(LEARNING_GROUP_DECIDER, *a_launched_group())
        .when(proposing(CHANGED_RULES))
        .then(GroundRulesProposed(group_id=GROUP, version=2, text=CHANGED_RULES))
    )
    assert not state.ground_rules_agreed


def test_proposing_the_current_text_again_records_nothing() -> None:
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(
        proposing(GROUND_RULES)
    ).then_nothing_happens()


def test_agreeing_an_outdated_version_is_refused() -> None:
    error = (
        given(
            LEARNING_GROUP_DECIDER,
            *a_launched_group(),
            GroundRulesProposed(group_id=GROUP, version=2, text=CHANGED_RULES),
        )
        .when(agreeing(1))
        .then_refused(GroundRulesVersionOutdated, "GROUND_RULES_VERSION_OUTDATED", field="version")
    )
    assert error.field == "version"


def test_agreeing_a_version_never_proposed_is_refused() -> None:
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(agreeing(7)).then_refused(
        GroundRulesVersionUnknown, "GROUND_RULES_VERSION_UNKNOWN", field="version"
    )


def test_agreeing_before_any_ground_rules_are_proposed_is_refused() -> None:
    given(LEARNING_GROUP_DECIDER, *a_group_with_a_leader()).when(agreeing(1)).then_refused(
        NoGroundRulesProposed, "NO_GROUND_RULES_PROPOSED"
    )


def test_agreeing_the_already_agreed_version_again_records_nothing() -> None:
    given(LEARNING_GROUP_DECIDER, *a_group_ready_to_launch()).when(
        agreeing(1)
    ).then_nothing_happens()


def test_a_plain_member_may_not_propose_ground_rules() -> None:
    given(LEARNING_GROUP_DECIDER, *a_launched_group()).when(
        proposing(CHANGED_RULES, by=an_actor(CAROL))
    ).then_refused(NotGroupLeader, "NOT_GROUP_LEADER")

"""Ground rules: versioned; a changed text must be agreed again, and only the current version."""

from __future__ import annotations

from clc_groups.domain import (
    LEARNING_GROUP_DECIDER,
    AgreeGroundRules,
    GroundRulesAgreed,
    GroundRulesProposed,
    GroundRulesVersionOutdated,
    GroundRulesVersionUnknown,
    NoGroundRulesProposed,
    NotGroupLeader,
    ProposeGroundRules,
)
from eventkit.domain import Actor

from tests.support.scenario import given
from tests.unit.groups.builders import (
    ALICE,
    CAROL,
    GROUND_RULES,
    GROUP,
    a_group_ready_to_launch,
    a_group_with_a_leader,
    a_launched_group,
    an_actor,
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


def test_agreeing_the_current_ground_rules_records_the_agreement() -> None:
    state = (
        given(
            LEARNING_GROUP_DECIDER,
            *a_group_with_a_leader(),
            GroundRulesProposed(group_id=GROUP, version=1, text=GROUND_RULES),
        )
        .when(agreeing(1))
        .then(GroundRulesAgreed(group_id=GROUP, version=1))
    )
    assert state.ground_rules_agreed


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

"""A network plan across the six levels of learning: focus, hopes, expected benefits, baseline
and success measures per level; set and revised by the network's leaders."""

from __future__ import annotations

import pytest
from clc_groups.domain import (
    NETWORK_DECIDER,
    LevelOfLearning,
    NetworkPlanLevelSet,
    NotNetworkLeader,
    SetNetworkPlanLevel,
)
from pydantic import ValidationError

from tests.support.scenario import given
from tests.unit.groups.builders import CAROL, NETWORK, a_launched_network, an_actor

PUPIL_PLAN = {
    "focus": "Reading for pleasure in Years 4-6",
    "hopes": "What makes reluctant readers choose to read",
    "expected_benefits": "More pupils reading at home",
    "baseline": "31% read at home weekly (survey, autumn)",
    "success_measures": "50% read at home weekly by summer",
}


def setting(level: LevelOfLearning = LevelOfLearning.PUPIL, **fields: str) -> SetNetworkPlanLevel:
    return SetNetworkPlanLevel(
        actor=an_actor("alice"), network_id=NETWORK, level=level, **{**PUPIL_PLAN, **fields}
    )


def test_a_co_leader_sets_the_plan_for_a_level_and_revises_it() -> None:
    set_pupil = NetworkPlanLevelSet(network_id=NETWORK, level=LevelOfLearning.PUPIL, **PUPIL_PLAN)
    state = given(NETWORK_DECIDER, *a_launched_network()).when(setting()).then(set_pupil)
    assert state.plan[LevelOfLearning.PUPIL].baseline == PUPIL_PLAN["baseline"]
    given(NETWORK_DECIDER, *a_launched_network(), set_pupil).when(setting()).then_nothing_happens()
    revised = setting(success_measures="60% by summer")
    given(NETWORK_DECIDER, *a_launched_network(), set_pupil).when(revised).then(
        NetworkPlanLevelSet(
            network_id=NETWORK,
            level=LevelOfLearning.PUPIL,
            **{**PUPIL_PLAN, "success_measures": "60% by summer"},
        )
    )


def test_each_of_the_six_levels_has_its_own_plan() -> None:
    history = list(a_launched_network())
    for level in LevelOfLearning:
        [event] = given(NETWORK_DECIDER, *history).when(setting(level)).events or []
        history.append(event)
    state = given(NETWORK_DECIDER, *history).state
    assert list(state.plan) == list(LevelOfLearning)
    assert len(state.plan) == 6


def test_a_level_needs_a_focus_and_only_the_networks_leaders_plan() -> None:
    with pytest.raises(ValidationError) as raised:
        setting(focus="  ")
    assert raised.value.errors()[0]["loc"] == ("focus",)
    by_teacher = setting().model_copy(update={"actor": an_actor(CAROL)})
    given(NETWORK_DECIDER, *a_launched_network()).when(by_teacher).then_refused(
        NotNetworkLeader, "NOT_NETWORK_LEADER"
    )

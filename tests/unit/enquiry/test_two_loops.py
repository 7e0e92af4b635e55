"""The two loops: a programme enquiry's idea taken home as a planned action (naming the source
idea), and its outcome shared back to the programme with the home group's consent."""

from __future__ import annotations

from typing import Any

from clc_enquiry.domain import (
    ENQUIRY_DECIDER,
    ActionHasNoSourceIdea,
    ActionOutcomeShared,
    ActionPlanned,
    NotAGroupLeader,
    OutcomeAlreadyShared,
    Phase,
    PlanAction,
    ShareActionOutcome,
    SourceIdeaNotFound,
    SourceIdeaNotYours,
)
from eventkit.domain import Actor
from eventkit.errors import InvalidInput

from tests.support.scenario import given

from .builders import (
    ACTION_1,
    CYCLE_1,
    ENQUIRY,
    LEADER,
    MEMBER,
    action_planned,
    admin,
    as_actor,
    cycle_in,
    launched_enquiry,
    membership,
    uid,
)

PROGRAMME_ENQUIRY = uid("programme-enquiry")
PROGRAMME_IDEA = uid("programme-idea")


def plan_from_programme(by: str | Actor = MEMBER, **overrides: Any) -> PlanAction:
    fields: dict[str, Any] = {
        "actor": as_actor(by),
        "membership": membership(),
        "enquiry_id": ENQUIRY,
        "cycle_id": CYCLE_1,
        "entry_id": ACTION_1,
        "description": "Try the programme's talk frames with Year 5",
        "source_enquiry_id": PROGRAMME_ENQUIRY,
        "source_idea_id": PROGRAMME_IDEA,
        "source_found": True,
        "source_takes_part": True,
    }
    return PlanAction(**{**fields, **overrides})


def planned_from_programme(by: str = MEMBER) -> ActionPlanned:
    return action_planned(
        by=by,
        owner_id=by,
        description="Try the programme's talk frames with Year 5",
        source_enquiry_id=PROGRAMME_ENQUIRY,
        source_idea_id=PROGRAMME_IDEA,
    )


def share(by: str | Actor = LEADER) -> ShareActionOutcome:
    return ShareActionOutcome(
        actor=as_actor(by), membership=membership(), enquiry_id=ENQUIRY, action_id=ACTION_1
    )


def shared(by: str = LEADER) -> ActionOutcomeShared:
    return ActionOutcomeShared(
        enquiry_id=ENQUIRY,
        author_id=by,
        action_id=ACTION_1,
        source_enquiry_id=PROGRAMME_ENQUIRY,
        source_idea_id=PROGRAMME_IDEA,
    )


def in_planned_action() -> list[Any]:
    return [*launched_enquiry(), *cycle_in(Phase.PLANNED_ACTION)]


def test_a_participant_takes_a_programme_idea_home_as_a_planned_action() -> None:
    state = (
        given(ENQUIRY_DECIDER, *in_planned_action())
        .when(plan_from_programme())
        .then(planned_from_programme())
    )
    assert state.actions[ACTION_1].source_idea_id == PROGRAMME_IDEA


def test_the_source_idea_exists() -> None:
    given(ENQUIRY_DECIDER, *in_planned_action()).when(
        plan_from_programme(source_found=False)
    ).then_refused(SourceIdeaNotFound, field="source_idea_id")


def test_an_idea_is_taken_home_by_someone_who_took_part_in_its_enquiry() -> None:
    given(ENQUIRY_DECIDER, *in_planned_action()).when(
        plan_from_programme(source_takes_part=False)
    ).then_refused(SourceIdeaNotYours, field="source_enquiry_id")


def test_a_source_names_both_the_enquiry_and_its_idea() -> None:
    given(ENQUIRY_DECIDER, *in_planned_action()).when(
        plan_from_programme(source_idea_id=None)
    ).then_refused(InvalidInput, field="source_enquiry_id")


def test_the_home_groups_leader_shares_the_outcome_back() -> None:
    history = [*in_planned_action(), planned_from_programme()]
    state = given(ENQUIRY_DECIDER, *history).when(share()).then(shared())
    assert state.actions[ACTION_1].outcome_shared


def test_a_tenant_admin_may_give_the_consent_too() -> None:
    history = [*in_planned_action(), planned_from_programme()]
    given(ENQUIRY_DECIDER, *history).when(share(admin())).then(shared(admin().person_id))


def test_a_member_does_not_consent_for_the_group() -> None:
    history = [*in_planned_action(), planned_from_programme()]
    given(ENQUIRY_DECIDER, *history).when(share(MEMBER)).then_refused(NotAGroupLeader)


def test_only_an_action_from_a_source_idea_is_shared_back() -> None:
    history = [*in_planned_action(), action_planned()]
    given(ENQUIRY_DECIDER, *history).when(share()).then_refused(
        ActionHasNoSourceIdea, field="action_id"
    )


def test_an_outcome_is_shared_back_once() -> None:
    history = [*in_planned_action(), planned_from_programme(), shared()]
    given(ENQUIRY_DECIDER, *history).when(share()).then_refused(
        OutcomeAlreadyShared, field="action_id"
    )

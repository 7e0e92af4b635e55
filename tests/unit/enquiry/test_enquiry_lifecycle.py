"""Proposing, refining, launching and concluding an enquiry; who may steer it."""

from __future__ import annotations

from clc_enquiry.domain import (
    ENQUIRY_DECIDER,
    CycleStillOpen,
    EnquiryAlreadyExists,
    EnquiryAlreadyLaunched,
    EnquiryIsConcluded,
    EnquiryNotFound,
    EnquiryQuestionRefined,
    EnquiryStatus,
    MembershipGroupMismatch,
    NotAGroupLeader,
    NotAGroupMember,
    Phase,
    QuestionUnchanged,
)

from tests.support.scenario import given

from .builders import (
    ADMIN,
    ENQUIRY,
    LEADER,
    MEMBER,
    OUTSIDER,
    admin,
    completed_cycle,
    conclude,
    concluded,
    cycle_in,
    launch,
    launched,
    launched_enquiry,
    membership,
    propose,
    proposed,
    refine,
)


def test_a_member_proposes_an_enquiry_for_their_group_and_its_network() -> None:
    given(ENQUIRY_DECIDER).when(propose()).then(proposed())


def test_an_enquiry_outside_a_network_is_proposed_without_one() -> None:
    group = membership(network_id=None)
    given(ENQUIRY_DECIDER).when(propose(group=group)).then(proposed(network_id=None))


def test_someone_outside_the_group_cannot_propose_an_enquiry() -> None:
    given(ENQUIRY_DECIDER).when(propose(by=OUTSIDER)).then_refused(NotAGroupMember)


def test_an_enquiry_id_is_proposed_once() -> None:
    given(ENQUIRY_DECIDER, proposed()).when(propose()).then_refused(
        EnquiryAlreadyExists, field="enquiry_id"
    )


def test_commands_on_an_unknown_enquiry_are_refused_as_not_found() -> None:
    given(ENQUIRY_DECIDER).when(launch()).then_refused(EnquiryNotFound, field="enquiry_id")


def test_the_membership_handed_in_must_be_that_of_the_enquirys_group() -> None:
    other_group = membership(group_id="group-other")
    given(ENQUIRY_DECIDER, proposed()).when(launch(group=other_group)).then_refused(
        MembershipGroupMismatch, field="membership"
    )


def test_a_member_refines_the_question() -> None:
    given(ENQUIRY_DECIDER, proposed()).when(refine("What makes talk exploratory?")).then(
        EnquiryQuestionRefined(
            enquiry_id=ENQUIRY, author_id=MEMBER, question="What makes talk exploratory?"
        )
    )


def test_refining_must_change_the_question() -> None:
    given(ENQUIRY_DECIDER, proposed()).when(refine(proposed().question)).then_refused(
        QuestionUnchanged, field="question"
    )


def test_someone_outside_the_group_cannot_refine_the_question() -> None:
    given(ENQUIRY_DECIDER, proposed()).when(refine("Other?", by=OUTSIDER)).then_refused(
        NotAGroupMember
    )


def test_a_co_leader_launches_the_enquiry() -> None:
    given(ENQUIRY_DECIDER, proposed()).when(launch()).then(launched())


def test_a_member_who_is_not_a_leader_cannot_launch_the_enquiry() -> None:
    given(ENQUIRY_DECIDER, proposed()).when(launch(by=MEMBER)).then_refused(NotAGroupLeader)


def test_a_tenant_admin_may_launch_without_being_in_the_group() -> None:
    given(ENQUIRY_DECIDER, proposed()).when(launch(by=admin())).then(launched(by=ADMIN))


def test_an_enquiry_is_launched_once() -> None:
    given(ENQUIRY_DECIDER, *launched_enquiry()).when(launch()).then_refused(EnquiryAlreadyLaunched)


def test_a_co_leader_concludes_the_enquiry_after_its_cycles() -> None:
    history = [*launched_enquiry(), *completed_cycle()]
    given(ENQUIRY_DECIDER, *history).when(conclude()).then(concluded())


def test_a_proposed_enquiry_that_never_launched_can_be_concluded() -> None:
    given(ENQUIRY_DECIDER, proposed()).when(conclude()).then(concluded())


def test_a_member_who_is_not_a_leader_cannot_conclude_the_enquiry() -> None:
    given(ENQUIRY_DECIDER, *launched_enquiry()).when(conclude(by=MEMBER)).then_refused(
        NotAGroupLeader
    )


def test_an_enquiry_cannot_conclude_while_a_cycle_is_open() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.REFLECTION)]
    given(ENQUIRY_DECIDER, *history).when(conclude()).then_refused(CycleStillOpen)


def test_a_concluded_enquiry_refuses_further_changes() -> None:
    history = [*launched_enquiry(), concluded()]
    given(ENQUIRY_DECIDER, *history).when(refine("Anything else?")).then_refused(EnquiryIsConcluded)


def test_a_concluded_enquiry_cannot_be_concluded_again() -> None:
    history = [*launched_enquiry(), concluded()]
    given(ENQUIRY_DECIDER, *history).when(conclude()).then_refused(EnquiryIsConcluded)


def test_the_enquiry_state_follows_its_events() -> None:
    state = ENQUIRY_DECIDER.fold([*launched_enquiry(), *completed_cycle(), concluded()])
    assert state.status is EnquiryStatus.CONCLUDED
    assert state.group_id == "group-leadership"
    assert state.open_cycle_id is None
    assert state.completed_cycles == 1
    assert state.contributor_ids == {MEMBER}
    assert LEADER not in state.contributor_ids  # steering alone is not contributing

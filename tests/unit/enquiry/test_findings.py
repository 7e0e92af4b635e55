"""Sharing findings: what the knowledge service needs to draft a co-constructed artefact."""

from __future__ import annotations

from clc_enquiry.domain import (
    ENQUIRY_DECIDER,
    DuplicateEntryId,
    EnquiryIsConcluded,
    FindingsNeedACompletedCycle,
    FindingsNeedTwoContributors,
    FindingsShared,
    NotAGroupLeader,
    Phase,
)

from tests.support.scenario import given

from .builders import (
    ENQUIRY,
    EXPERIENCE_1,
    GROUP,
    LEADER,
    MEMBER,
    MEMBER_2,
    NETWORK,
    NEW_ENTRY,
    completed_cycle,
    concluded,
    cycle_in,
    launched,
    launched_enquiry,
    proposed,
    reflection_recorded,
    share_findings,
    uid,
)


def _findings(**overrides: object) -> FindingsShared:
    fields: dict[str, object] = {
        "enquiry_id": ENQUIRY,
        "author_id": LEADER,
        "entry_id": NEW_ENTRY,
        "title": proposed().title,
        "summary": share_findings().summary,
        "question": proposed().question,
        "levels": proposed().levels,
        "group_id": GROUP,
        "network_id": NETWORK,
        "contributor_ids": (LEADER, MEMBER),
    }
    return FindingsShared.model_validate({**fields, **overrides})


def test_a_co_leader_shares_findings_with_the_enquirys_group_network_and_contributors() -> None:
    history = [*launched_enquiry(), *completed_cycle()]
    given(ENQUIRY_DECIDER, *history).when(share_findings()).then(_findings())


def test_shared_findings_may_carry_their_own_title() -> None:
    history = [*launched_enquiry(), *completed_cycle()]
    given(ENQUIRY_DECIDER, *history).when(share_findings(title="Talk frames work")).then(
        _findings(title="Talk frames work")
    )


def test_every_contributor_is_named_once_in_a_stable_order() -> None:
    history = [*launched_enquiry(), *completed_cycle()]
    second_reflection = reflection_recorded(uid("reflection-2"), by=MEMBER_2)
    history.insert(history.index(reflection_recorded()) + 1, second_reflection)
    given(ENQUIRY_DECIDER, *history).when(share_findings()).then(
        _findings(contributor_ids=(LEADER, MEMBER, MEMBER_2))
    )


def test_findings_need_a_completed_cycle() -> None:
    history = [*launched_enquiry(), *cycle_in(Phase.PLANNED_ACTION)]
    given(ENQUIRY_DECIDER, *history).when(share_findings()).then_refused(
        FindingsNeedACompletedCycle
    )


def test_findings_need_at_least_two_contributors() -> None:
    # The leader proposed and wrote everything alone: not co-constructed knowledge.
    history = [
        proposed(by=LEADER),
        launched(),
        *(e.model_copy(update={"author_id": LEADER}) for e in completed_cycle()),
    ]
    given(ENQUIRY_DECIDER, *history).when(share_findings()).then_refused(
        FindingsNeedTwoContributors
    )


def test_a_member_who_is_not_a_leader_cannot_share_findings() -> None:
    history = [*launched_enquiry(), *completed_cycle()]
    given(ENQUIRY_DECIDER, *history).when(share_findings(by=MEMBER)).then_refused(NotAGroupLeader)


def test_findings_cannot_reuse_an_entry_id() -> None:
    history = [*launched_enquiry(), *completed_cycle()]
    given(ENQUIRY_DECIDER, *history).when(share_findings(EXPERIENCE_1)).then_refused(
        DuplicateEntryId, field="entry_id"
    )


def test_findings_are_shared_before_the_enquiry_concludes() -> None:
    history = [*launched_enquiry(), *completed_cycle(), concluded()]
    given(ENQUIRY_DECIDER, *history).when(share_findings()).then_refused(EnquiryIsConcluded)


def test_findings_can_be_shared_more_than_once_with_a_new_id() -> None:
    history = [*launched_enquiry(), *completed_cycle(), _findings()]
    given(ENQUIRY_DECIDER, *history).when(share_findings(uid("findings-2"))).then(
        _findings(entry_id=uid("findings-2"))
    )

"""A closed group takes no new contributions; a sharer outside the group adds no voice."""

from __future__ import annotations

from clc_enquiry.domain import (
    ENQUIRY_DECIDER,
    EnquiryConcluded,
    FindingsNeedTwoContributors,
    GroupIsClosed,
    Phase,
)

from tests.support.scenario import given

from .builders import (
    ENQUIRY,
    LEADER,
    admin,
    completed_cycle,
    conclude,
    cycle_in,
    launched,
    launched_enquiry,
    membership,
    proposed,
    record_experience,
    share_findings,
    start_cycle,
)

CLOSED = membership(group_closed=True)


def test_a_member_of_a_closed_group_cannot_record_an_entry() -> None:
    given(ENQUIRY_DECIDER, *launched_enquiry(), *cycle_in(Phase.EXPERIENCE)).when(
        record_experience(group=CLOSED)
    ).then_refused(GroupIsClosed)


def test_a_leader_of_a_closed_group_cannot_start_a_cycle() -> None:
    command = start_cycle().model_copy(update={"membership": CLOSED})
    given(ENQUIRY_DECIDER, *launched_enquiry()).when(command).then_refused(GroupIsClosed)


def test_a_leader_may_still_conclude_an_enquiry_of_a_closed_group() -> None:
    command = conclude().model_copy(update={"membership": CLOSED})
    given(ENQUIRY_DECIDER, *launched_enquiry()).when(command).then(
        EnquiryConcluded(enquiry_id=ENQUIRY, author_id=LEADER)
    )


def test_a_tenant_admin_outside_the_group_is_not_a_second_contributor() -> None:
    # The leader did everything alone; an admin sharing the findings adds no second voice.
    history = [
        proposed(by=LEADER),
        launched(),
        *(e.model_copy(update={"author_id": LEADER}) for e in completed_cycle()),
    ]
    given(ENQUIRY_DECIDER, *history).when(share_findings(by=admin())).then_refused(
        FindingsNeedTwoContributors
    )

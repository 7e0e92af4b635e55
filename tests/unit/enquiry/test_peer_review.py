"""Peer reviews: host and reviewing schools, focus → visit → findings → response → close."""

from __future__ import annotations

import pytest
from clc_enquiry.domain import (
    PEER_REVIEW_DECIDER,
    CloseBeforeResponse,
    DuplicateEntryId,
    FindingsBeforeVisit,
    HostIsReviewer,
    NoReviewingSchools,
    NotAPeerReviewParticipant,
    NotAReviewingSchool,
    NotTheHostSchool,
    PeerReviewAlreadyExists,
    PeerReviewIsClosed,
    PeerReviewNotFound,
    PeerReviewStatus,
    PeerReviewStepOutOfOrder,
    ResponseBeforeFindings,
    VisitBeforeFocus,
)
from eventkit.domain import Command

from tests.support.scenario import given

from .builders import ADMIN, admin, uid
from .review_builders import (
    HOST_HEAD,
    HOST_SCHOOL,
    OTHER_SCHOOL,
    REVIEW,
    REVIEWER,
    REVIEWING_SCHOOL,
    REVIEWING_SCHOOL_2,
    agree_focus,
    close_review,
    closed,
    findings_recorded,
    focus_agreed,
    hold_visit,
    record_findings,
    request_review,
    requested,
    respond,
    responded,
    review_until,
    visit_held,
)

# --- requesting ----------------------------------------------------------------------------------


def test_the_host_school_requests_a_peer_review_from_other_schools() -> None:
    given(PEER_REVIEW_DECIDER).when(request_review()).then(requested())


def test_a_reviewing_school_named_twice_counts_once() -> None:
    schools = (REVIEWING_SCHOOL, REVIEWING_SCHOOL, REVIEWING_SCHOOL_2)
    given(PEER_REVIEW_DECIDER).when(request_review(reviewing_school_ids=schools)).then(requested())


def test_the_host_school_cannot_review_itself() -> None:
    schools = (REVIEWING_SCHOOL, HOST_SCHOOL)
    given(PEER_REVIEW_DECIDER).when(request_review(reviewing_school_ids=schools)).then_refused(
        HostIsReviewer, field="reviewing_school_ids"
    )


def test_a_peer_review_needs_a_reviewing_school() -> None:
    given(PEER_REVIEW_DECIDER).when(request_review(reviewing_school_ids=())).then_refused(
        NoReviewingSchools, field="reviewing_school_ids"
    )


def test_only_someone_from_the_host_school_requests_its_review() -> None:
    given(PEER_REVIEW_DECIDER).when(request_review(school=OTHER_SCHOOL)).then_refused(
        NotTheHostSchool
    )


def test_a_tenant_admin_may_request_a_review_for_any_school() -> None:
    given(PEER_REVIEW_DECIDER).when(request_review(by=admin(), school=None)).then(
        requested(author_id=ADMIN)
    )


def test_a_peer_review_id_is_used_once() -> None:
    given(PEER_REVIEW_DECIDER, requested()).when(request_review()).then_refused(
        PeerReviewAlreadyExists, field="peer_review_id"
    )


def test_steps_on_an_unknown_peer_review_are_refused_as_not_found() -> None:
    given(PEER_REVIEW_DECIDER).when(agree_focus()).then_refused(
        PeerReviewNotFound, field="peer_review_id"
    )


# --- focus and visit -----------------------------------------------------------------------------


def test_host_and_reviewers_agree_the_focus() -> None:
    given(PEER_REVIEW_DECIDER, requested()).when(agree_focus()).then(focus_agreed())


def test_the_focus_may_be_agreed_again_before_the_visit() -> None:
    command = agree_focus(REVIEWER, REVIEWING_SCHOOL, focus="Oral feedback")
    given(PEER_REVIEW_DECIDER, *review_until("focus_agreed")).when(command).then(
        focus_agreed(by=REVIEWER, focus="Oral feedback")
    )


def test_the_focus_cannot_change_after_the_visit() -> None:
    error = (
        given(PEER_REVIEW_DECIDER, *review_until("visit_held"))
        .when(agree_focus())
        .then_refused(PeerReviewStepOutOfOrder)
    )
    assert error.message == "The focus can be agreed only before the visit"


def test_a_school_outside_the_review_cannot_agree_its_focus() -> None:
    command = agree_focus(school=OTHER_SCHOOL)
    given(PEER_REVIEW_DECIDER, requested()).when(command).then_refused(NotAPeerReviewParticipant)


def test_someone_at_no_school_cannot_take_part() -> None:
    given(PEER_REVIEW_DECIDER, requested()).when(agree_focus(school=None)).then_refused(
        NotAPeerReviewParticipant
    )


def test_the_visit_is_held_after_the_focus_is_agreed() -> None:
    given(PEER_REVIEW_DECIDER, *review_until("focus_agreed")).when(hold_visit()).then(visit_held())


def test_the_visit_keeps_the_reviewers_notes() -> None:
    notes = "Quiet, focused classrooms; pupils explained their feedback targets."
    given(PEER_REVIEW_DECIDER, *review_until("focus_agreed")).when(hold_visit(notes=notes)).then(
        visit_held(notes=notes)
    )


def test_the_visit_cannot_be_held_before_the_focus_is_agreed() -> None:
    given(PEER_REVIEW_DECIDER, requested()).when(hold_visit()).then_refused(VisitBeforeFocus)


def test_the_visit_is_held_once() -> None:
    error = (
        given(PEER_REVIEW_DECIDER, *review_until("visit_held"))
        .when(hold_visit())
        .then_refused(PeerReviewStepOutOfOrder)
    )
    assert error.message == "The visit has already been held"


# --- findings and response -----------------------------------------------------------------------


def test_a_reviewing_school_records_findings_after_the_visit() -> None:
    given(PEER_REVIEW_DECIDER, *review_until("visit_held")).when(record_findings()).then(
        findings_recorded()
    )


def test_each_reviewing_school_may_record_its_own_findings() -> None:
    command = record_findings(uid("findings-2"), school=REVIEWING_SCHOOL_2)
    given(PEER_REVIEW_DECIDER, *review_until("findings_recorded")).when(command).then(
        findings_recorded(uid("findings-2"), school_id=REVIEWING_SCHOOL_2)
    )


def test_findings_cannot_be_recorded_before_the_visit() -> None:
    history = review_until("focus_agreed")
    given(PEER_REVIEW_DECIDER, *history).when(record_findings()).then_refused(FindingsBeforeVisit)


def test_the_host_school_cannot_record_findings_about_itself() -> None:
    command = record_findings(by=HOST_HEAD, school=HOST_SCHOOL)
    given(PEER_REVIEW_DECIDER, *review_until("visit_held")).when(command).then_refused(
        NotAReviewingSchool
    )


def test_a_tenant_admin_may_record_findings_for_the_reviewers() -> None:
    command = record_findings(by=admin(), school=None)
    given(PEER_REVIEW_DECIDER, *review_until("visit_held")).when(command).then(
        findings_recorded(by=ADMIN, school_id=None)
    )


def test_a_findings_entry_id_is_used_once() -> None:
    given(PEER_REVIEW_DECIDER, *review_until("findings_recorded")).when(
        record_findings()
    ).then_refused(DuplicateEntryId, field="entry_id")


def test_findings_are_final_once_the_host_has_responded() -> None:
    command = record_findings(uid("findings-2"))
    error = (
        given(PEER_REVIEW_DECIDER, *review_until("responded"))
        .when(command)
        .then_refused(PeerReviewStepOutOfOrder)
    )
    assert error.message == "The host has responded: findings are final"


def test_the_host_school_responds_to_the_findings() -> None:
    given(PEER_REVIEW_DECIDER, *review_until("findings_recorded")).when(respond()).then(responded())


def test_the_host_cannot_respond_before_findings_are_recorded() -> None:
    given(PEER_REVIEW_DECIDER, *review_until("visit_held")).when(respond()).then_refused(
        ResponseBeforeFindings
    )


def test_a_reviewing_school_cannot_respond_for_the_host() -> None:
    command = respond(by=REVIEWER, school=REVIEWING_SCHOOL)
    given(PEER_REVIEW_DECIDER, *review_until("findings_recorded")).when(command).then_refused(
        NotTheHostSchool
    )


def test_the_host_responds_once() -> None:
    error = (
        given(PEER_REVIEW_DECIDER, *review_until("responded"))
        .when(respond())
        .then_refused(PeerReviewStepOutOfOrder)
    )
    assert error.message == "The host has already responded"


# --- closing -------------------------------------------------------------------------------------


def test_the_review_closes_after_the_response() -> None:
    given(PEER_REVIEW_DECIDER, *review_until("responded")).when(close_review()).then(closed())


def test_the_review_cannot_close_before_the_response() -> None:
    given(PEER_REVIEW_DECIDER, *review_until("findings_recorded")).when(
        close_review()
    ).then_refused(CloseBeforeResponse)


@pytest.mark.parametrize(
    "command",
    [agree_focus(), hold_visit(), record_findings(uid("late")), respond(), close_review()],
    ids=lambda command: type(command).__name__,
)
def test_a_closed_review_refuses_every_step(command: Command) -> None:
    history = [*review_until("responded"), closed()]
    given(PEER_REVIEW_DECIDER, *history).when(command).then_refused(PeerReviewIsClosed)


def test_the_review_state_follows_its_steps() -> None:
    state = PEER_REVIEW_DECIDER.fold([*review_until("responded"), closed()])
    assert state.status is PeerReviewStatus.CLOSED
    assert state.host_school_id == HOST_SCHOOL
    assert state.reviewing_school_ids == {REVIEWING_SCHOOL, REVIEWING_SCHOOL_2}


def test_a_requested_review_knows_its_id_host_and_reviewers() -> None:
    state = given(PEER_REVIEW_DECIDER).when(request_review()).then(requested())
    assert state.peer_review_id == REVIEW
    assert state.status is PeerReviewStatus.REQUESTED
    assert state.host_school_id == HOST_SCHOOL
    assert state.reviewing_school_ids == frozenset(requested().reviewing_school_ids)

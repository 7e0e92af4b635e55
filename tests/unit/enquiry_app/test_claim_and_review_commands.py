"""Learning claims and peer reviews: membership and the actor's school come from the local model."""

from __future__ import annotations

import datetime as dt

import pytest
from clc_enquiry.domain import LearningClaimValidated, PeerReviewFindingsRecorded
from eventkit.errors import DomainError

from tests.unit.enquiry_app.world import (
    FAY,
    GROUP,
    LEA,
    MO,
    NED,
    NETWORK,
    TENANT,
    a_world,
    new_id,
)


async def a_claim(w, claim_id: str, **fields: object) -> object:  # type: ignore[no-untyped-def]
    values: dict[str, object] = {
        "claim_id": claim_id,
        "group_id": GROUP,
        "level": "adult",
        "depth": "deep",
        "statement": "We learned to wait",
        "evidence_refs": ["journal:1"],
        **fields,
    }
    return await w.app.learning_claims.claim(MO, **values)


async def test_a_member_claims_and_someone_else_validates_for_the_matrix() -> None:
    w = a_world()
    claim_id = new_id()
    enquiry_id = await w.an_enquiry()
    await a_claim(w, claim_id, enquiry_id=enquiry_id)
    with pytest.raises(DomainError) as refused:
        await w.app.learning_claims.validate(MO, claim_id=claim_id)
    assert refused.value.code == "SELF_VALIDATION"
    # A critical friend from outside the group may validate.
    result = await w.app.learning_claims.validate(NED, claim_id=claim_id, note="Seen it")
    [event] = result.events
    assert isinstance(event, LearningClaimValidated)
    assert (event.group_id, event.network_id, event.level, event.depth) == (
        GROUP,
        NETWORK,
        "adult",
        "deep",
    )


async def test_a_claim_by_a_non_member_or_about_another_groups_enquiry_is_refused() -> None:
    w = a_world()
    with pytest.raises(DomainError) as refused:
        await w.app.learning_claims.claim(
            NED,
            claim_id=new_id(),
            group_id=GROUP,
            level="adult",
            depth="deep",
            statement="s",
            evidence_refs=["e"],
        )
    assert refused.value.code == "NOT_A_GROUP_MEMBER"

    w.membership.form("group-2", members=("mo",))
    enquiry_id = await w.an_enquiry()
    with pytest.raises(DomainError) as refused:
        await a_claim(w, new_id(), group_id="group-2", enquiry_id=enquiry_id)
    assert (refused.value.code, refused.value.field) == ("INVALID_INPUT", "enquiry_id")
    with pytest.raises(DomainError) as refused:
        await a_claim(w, new_id(), level="galactic")
    assert (refused.value.code, refused.value.field) == ("INVALID_INPUT", "level")


async def test_a_peer_review_takes_each_step_as_the_actors_school() -> None:
    w = a_world()
    r = w.app.peer_reviews
    review_id = new_id()
    with pytest.raises(DomainError) as refused:  # fay works at elm, not at the host oak
        await r.request(
            FAY,
            peer_review_id=review_id,
            title="Feedback",
            host_school_id="oak",
            reviewing_school_ids=["elm"],
        )
    assert refused.value.code == "NOT_THE_HOST_SCHOOL"
    await r.request(
        LEA,
        peer_review_id=review_id,
        title="Feedback",
        host_school_id="oak",
        reviewing_school_ids=["elm", "ash"],
        command_id="req-1",
    )
    await r.agree_focus(FAY, peer_review_id=review_id, focus="Written feedback")
    await r.hold_visit(LEA, peer_review_id=review_id, visit_date=dt.date(2025, 3, 3))
    with pytest.raises(DomainError) as refused:
        await r.record_findings(MO, peer_review_id=review_id, entry_id=new_id(), findings="f")
    assert refused.value.code == "NOT_A_REVIEWING_SCHOOL"
    found = await r.record_findings(
        NED, peer_review_id=review_id, entry_id=new_id(), findings="Strong"
    )
    [event] = found.events
    assert isinstance(event, PeerReviewFindingsRecorded)
    assert event.school_id == "ash"
    await r.respond(MO, peer_review_id=review_id, response="Thanks")
    await r.close(FAY, peer_review_id=review_id)
    kinds = [e.event_type for e in await w.store.read_stream(review_id, tenant_id=TENANT)]
    assert kinds == [
        "PeerReviewRequested",
        "PeerReviewFocusAgreed",
        "PeerReviewVisitHeld",
        "PeerReviewFindingsRecorded",
        "PeerReviewResponded",
        "PeerReviewClosed",
    ]


async def test_someone_at_no_known_school_cannot_take_part() -> None:
    w = a_world()
    review_id = new_id()
    await w.app.peer_reviews.request(
        LEA,
        peer_review_id=review_id,
        title="Feedback",
        host_school_id="oak",
        reviewing_school_ids=["elm"],
    )
    del w.membership.schools[(TENANT, "ned")]
    with pytest.raises(DomainError) as refused:
        await w.app.peer_reviews.agree_focus(NED, peer_review_id=review_id, focus="x")
    assert refused.value.code == "NOT_A_PEER_REVIEW_PARTICIPANT"

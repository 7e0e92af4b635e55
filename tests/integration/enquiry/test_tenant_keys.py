"""Two tenants may hold the same ids: every read-model key and join includes the tenant.

Stream identity is ``(tenant, id)``, so tenant B may propose an enquiry (or form a group, register
a person) under an id tenant A already uses. Both must then project side by side — no upsert of
one tenant's row over the other's, no join reaching across — and each tenant reads only its own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from clc_enquiry.application import EnquiryService
from clc_enquiry.domain import GroupMembership
from eventkit.envelope import RecordedEvent
from eventkit.principal import Principal
from eventkit.store import InMemoryEventStore

from tests.integration.enquiry.read_side import ReadSide, a_read_side, membership_events
from tests.unit.enquiry_app.world import FakeMembership

pytestmark = pytest.mark.integration

A, B = "tenant-a", "tenant-b"
ENQUIRY, CYCLE, IDEA, ACTION = (f"00000000-0000-4000-8000-00000000000{n}" for n in range(1, 5))
CLAIM, REVIEW, FINDING = (f"00000000-0000-4000-8000-00000000001{n}" for n in range(1, 4))


@pytest.fixture
async def read_side(new_database) -> AsyncIterator[ReadSide]:  # type: ignore[no-untyped-def]
    async with a_read_side(new_database) as side:
        yield side


async def same_ids_in(tenant: str, title: str) -> list[RecordedEvent]:
    """One tenant's enquiry work, under ids that are the same in every tenant."""
    membership = FakeMembership()
    membership.groups[(tenant, "g1")] = GroupMembership(
        group_id="g1",
        network_id="n1",
        member_ids=frozenset({"lea", "mo"}),
        leader_ids=frozenset({"lea"}),
    )
    membership.schools.update({(tenant, "lea"): "oak", (tenant, "mo"): "ash"})
    store = InMemoryEventStore()
    app = EnquiryService(store, membership, pupil_data_tenants=frozenset())
    lea, mo = (
        Principal(tenant_id=tenant, person_id="lea"),
        Principal(tenant_id=tenant, person_id="mo"),
    )
    e = app.enquiries
    await e.propose(
        lea,
        enquiry_id=ENQUIRY,
        group_id="g1",
        title=title,
        question=f"{title}?",
        approach="lesson_study",
        levels=["pupil"],
    )
    await e.launch(lea, enquiry_id=ENQUIRY)
    await e.start_cycle(lea, enquiry_id=ENQUIRY, cycle_id=CYCLE)
    await e.advance_phase(lea, enquiry_id=ENQUIRY, cycle_id=CYCLE, to_phase="reflection")
    await e.record_reflection(mo, enquiry_id=ENQUIRY, cycle_id=CYCLE, entry_id=IDEA, text=title)
    await e.advance_phase(lea, enquiry_id=ENQUIRY, cycle_id=CYCLE, to_phase="new_ideas")
    await e.advance_phase(lea, enquiry_id=ENQUIRY, cycle_id=CYCLE, to_phase="planned_action")
    await e.plan_action(mo, enquiry_id=ENQUIRY, cycle_id=CYCLE, entry_id=ACTION, description=title)
    await app.learning_claims.claim(
        mo,
        claim_id=CLAIM,
        group_id="g1",
        level="adult",
        depth="deep",
        statement=title,
        evidence_refs=["minutes"],
    )
    await app.learning_claims.validate(lea, claim_id=CLAIM)
    await app.peer_reviews.request(
        lea, peer_review_id=REVIEW, title=title, host_school_id="oak", reviewing_school_ids=["ash"]
    )
    await app.peer_reviews.agree_focus(lea, peer_review_id=REVIEW, focus=title)
    await app.peer_reviews.hold_visit(mo, peer_review_id=REVIEW, visit_date="2025-03-04")
    await app.peer_reviews.record_findings(
        mo, peer_review_id=REVIEW, entry_id=FINDING, findings=title
    )
    groups = membership_events(tenant, "g1", {"lea": "co_leader", "mo": "member"}, network_id="n1")
    return [*groups, *await store.read_all()]


READ = """query($id: ID!, $claim: ID!, $review: ID!) {
  enquiry(id: $id) { title status phase journal { edges { node { body recordedBy { id } } } } }
  learningClaim(id: $claim) { statement status claimedBy { id } }
  peerReview(id: $review) { title findings { edges { node { findings recordedBy { id } } } } }
  myOpenActions { edges { node { description } } }
  peerReviewsForSchool(schoolId: "oak") { requested }
}"""


async def test_two_tenants_hold_the_same_ids_side_by_side(read_side: ReadSide) -> None:
    await read_side.project(await same_ids_in(A, "Apples"))
    await read_side.project(await same_ids_in(B, "Birches"))

    for tenant, title in ((A, "Apples"), (B, "Birches")):
        mo = Principal(tenant_id=tenant, person_id="mo")
        seen = await read_side.data(mo, READ, id=ENQUIRY, claim=CLAIM, review=REVIEW)
        enquiry = seen["enquiry"]
        assert (enquiry["title"], enquiry["status"], enquiry["phase"]) == (
            title,
            "LAUNCHED",
            "PLANNED_ACTION",
        )
        bodies = {n["node"]["body"] for n in enquiry["journal"]["edges"]} - {None}
        assert title in bodies and not bodies & {"Apples", "Birches"} - {title}
        authors = {n["node"]["recordedBy"]["id"] for n in enquiry["journal"]["edges"]}
        assert authors == {"lea", "mo"}
        assert seen["learningClaim"] == {
            "statement": title,
            "status": "VALIDATED",
            "claimedBy": {"id": "mo"},
        }
        findings = seen["peerReview"]["findings"]["edges"]
        assert [f["node"] for f in findings] == [{"findings": title, "recordedBy": {"id": "mo"}}]
        assert seen["peerReview"]["title"] == title
        actions = seen["myOpenActions"]["edges"]
        assert [a["node"]["description"] for a in actions] == [title]
        assert seen["peerReviewsForSchool"] == {"requested": 1}

    # The counted read models are per tenant too: one validated claim each, not two in one.
    for tenant in (A, B):
        lea = Principal(tenant_id=tenant, person_id="lea")
        matrix = await read_side.data(
            lea,
            '{ _entities(representations: [{__typename: "LearningGroup", id: "g1"}]) {'
            " ... on LearningGroup { learningMatrix { count } } } }",
        )
        (group,) = matrix["_entities"]
        assert sum(c["count"] for c in group["learningMatrix"]) == 1

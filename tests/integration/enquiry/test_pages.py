"""Every connection of the subgraph pages the same way: walking it one item at a time with
``after`` gives exactly the items of one big page, in the same order; a cursor of the wrong kind
is ``BAD_CURSOR``."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

import pytest
from clc_enquiry.application import EnquiryService
from clc_enquiry.domain import GroupMembership
from eventkit.principal import Principal
from eventkit.store import InMemoryEventStore
from servicekit.pagination import encode_cursor

from tests.integration.enquiry.read_side import ReadSide, a_read_side, membership_events
from tests.unit.enquiry_app.world import FakeMembership

pytestmark = pytest.mark.integration

A = "tenant-a"
LEA, MO, NED = (Principal(tenant_id=A, person_id=p) for p in ("lea", "mo", "ned"))
ENQUIRY = str(uuid.UUID(int=1))
REVIEWS = [str(uuid.UUID(int=100 + n)) for n in range(3)]


def new_id() -> str:
    return str(uuid.uuid4())


async def a_busy_enquiry() -> list[Any]:
    membership = FakeMembership()
    membership.groups[(A, "g1")] = GroupMembership(
        group_id="g1",
        network_id="n1",
        member_ids=frozenset({"lea", "mo"}),
        leader_ids=frozenset({"lea"}),
    )
    membership.schools.update({(A, "lea"): "oak", (A, "mo"): "oak", (A, "ned"): "ash"})
    store = InMemoryEventStore()
    app = EnquiryService(store, membership, pupil_data_tenants=frozenset())
    e = app.enquiries
    await e.propose(
        MO,
        enquiry_id=ENQUIRY,
        group_id="g1",
        title="Paged",
        question="Does paging work?",
        approach="lesson_study",
        levels=["pupil"],
    )
    await e.launch(LEA, enquiry_id=ENQUIRY)
    for number in range(3):
        cycle = new_id()
        await e.start_cycle(LEA, enquiry_id=ENQUIRY, cycle_id=cycle)
        c = {"enquiry_id": ENQUIRY, "cycle_id": cycle}
        for n in range(3):
            await e.record_experience(MO, **c, entry_id=new_id(), text=f"exp {number}.{n}")
        await e.advance_phase(LEA, **c)
        await e.record_reflection(MO, **c, entry_id=new_id(), text=f"refl {number}")
        await e.advance_phase(LEA, **c)
        await e.advance_phase(LEA, **c)
        # due dates with ties and none at all: the keyset must order and split them stably
        for due in (date(2025, 1, 2), None, date(2025, 1, 1), date(2025, 1, 2), None):
            await e.plan_action(
                LEA, **c, entry_id=new_id(), description=f"act {due}", owner_id="mo", due_date=due
            )
        await e.complete_cycle(LEA, **c)
    for review in REVIEWS:
        r = {"peer_review_id": review}
        await app.peer_reviews.request(
            LEA, **r, title="Review", host_school_id="oak", reviewing_school_ids=["ash"]
        )
        await app.peer_reviews.agree_focus(LEA, **r, focus="Reading")
        await app.peer_reviews.hold_visit(NED, **r, visit_date="2025-03-04")
        for n in range(3):
            await app.peer_reviews.record_findings(NED, **r, entry_id=new_id(), findings=f"f{n}")
    return await store.read_all()


@pytest.fixture(scope="module")
async def read_side(new_database) -> AsyncIterator[ReadSide]:  # type: ignore[no-untyped-def]
    async with a_read_side(new_database) as side:
        members = {"lea": "co_leader", "mo": "member"}
        await side.project(membership_events(A, "g1", members, network_id="n1"))
        await side.project(await a_busy_enquiry())
        yield side


# connection -> (document with $first and $after, path to the connection, what identifies a node)
CONNECTIONS = {
    "journal": (
        'query($first: Int, $after: String) { enquiry(id: "%s") {'
        " journal(first: $first, after: $after) { edges { cursor node { seq } }"
        " pageInfo { hasNextPage endCursor } } } }".replace("%s", ENQUIRY),
        ("enquiry", "journal"),
        "seq",
    ),
    "cycles": (
        'query($first: Int, $after: String) { enquiry(id: "%s") {'
        " cycles(first: $first, after: $after) { edges { cursor node { number } }"
        " pageInfo { hasNextPage endCursor } } } }".replace("%s", ENQUIRY),
        ("enquiry", "cycles"),
        "number",
    ),
    "myOpenActions": (
        "query($first: Int, $after: String) { myOpenActions(first: $first, after: $after) {"
        " edges { cursor node { id dueDate } } pageInfo { hasNextPage endCursor } } }",
        ("myOpenActions",),
        "id",
    ),
    "reviews": (
        'query($first: Int, $after: String) { peerReviewsForSchool(schoolId: "oak") {'
        " reviews(first: $first, after: $after) { edges { cursor node { id } }"
        " pageInfo { hasNextPage endCursor } } } }",
        ("peerReviewsForSchool", "reviews"),
        "id",
    ),
    "findings": (
        'query($first: Int, $after: String) { peerReview(id: "%s") {'
        " findings(first: $first, after: $after) { edges { cursor node { entryId } }"
        " pageInfo { hasNextPage endCursor } } } }".replace("%s", REVIEWS[0]),
        ("peerReview", "findings"),
        "entryId",
    ),
}


def at(data: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    for key in path:
        data = data[key]
    return data


@pytest.mark.parametrize("name", CONNECTIONS)
async def test_walking_one_by_one_gives_the_big_page(read_side: ReadSide, name: str) -> None:
    document, path, key = CONNECTIONS[name]
    whole = at(await read_side.data(MO, document, first=100), path)
    assert not whole["pageInfo"]["hasNextPage"]
    expected = [e["node"][key] for e in whole["edges"]]
    assert len(expected) >= 3, name
    walked, after = [], None
    for _ in range(len(expected) + 1):
        page = at(await read_side.data(MO, document, first=1, after=after), path)
        walked += [e["node"][key] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert walked == expected, name


async def test_open_actions_come_soonest_due_first_undated_last(read_side: ReadSide) -> None:
    document, path, _ = CONNECTIONS["myOpenActions"]
    whole = at(await read_side.data(MO, document, first=100), path)
    dues = [e["node"]["dueDate"] for e in whole["edges"]]
    dated = [d for d in dues if d is not None]
    assert dated == sorted(dated) and dues[len(dated) :] == [None] * (len(dues) - len(dated))


@pytest.mark.parametrize("name", CONNECTIONS)
@pytest.mark.parametrize("cursor", ["!!", encode_cursor("nonsense"), encode_cursor("1|2|3|4")])
async def test_a_cursor_of_the_wrong_kind_is_bad_cursor(
    read_side: ReadSide, name: str, cursor: str
) -> None:
    document, _, _ = CONNECTIONS[name]
    result = await read_side.query(MO, document, first=1, after=cursor)
    assert result.errors is not None, name
    assert result.errors[0].extensions == {"code": "BAD_CURSOR"}, (name, result.errors)

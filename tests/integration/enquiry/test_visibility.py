"""Who may read what (relational trust): each rule from both sides.

An enquiry's journal, its cycles' entries (reflections among them) and its open actions are read
only by the owning group's members (co-leaders and facilitators are members with a role), the
co-leaders of the group's network, and — for an action — its owner. Anyone else in the tenant,
a tenant admin included, gets the same empty lists a group with no entries would give.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from clc_enquiry.application import EnquiryService
from clc_enquiry.domain import TENANT_ADMIN, GroupMembership
from eventkit.envelope import RecordedEvent
from eventkit.principal import Principal
from eventkit.store import InMemoryEventStore

from tests.integration.enquiry.read_side import (
    ReadSide,
    a_read_side,
    groups_event,
    membership_events,
)
from tests.unit.enquiry_app.world import FakeMembership

pytestmark = pytest.mark.integration

A, B = "tenant-a", "tenant-b"
ENQUIRY, CYCLE, REFLECTION, ACTION = (
    f"00000000-0000-4000-8000-00000000000{n}" for n in range(1, 5)
)

MEMBERS = {"lea": "co_leader", "fay": "facilitator", "mo": "member", "lou": "member"}


def who(person: str, *roles: str, tenant: str = A) -> Principal:
    return Principal(tenant_id=tenant, person_id=person, roles=frozenset(roles))


READERS = {
    "a co-leader of the group": who("lea"),
    "a facilitator of the group": who("fay"),
    "a member of the group": who("mo"),
    "a co-leader of the group's network": who("cora"),
}
NOT_READERS = {
    "a colleague in no group": who("ned"),
    "a member who left the group": who("lou"),
    "a co-leader of another network": who("otto"),
    "a network co-leader who stood down": who("sid"),
    "a tenant admin": who("admin", TENANT_ADMIN),
    "an unknown person": who("ghost"),
    "the same person id in another tenant": who("mo", tenant=B),
}


async def enquiry_events() -> list[RecordedEvent]:
    membership = FakeMembership()
    membership.groups[(A, "g1")] = GroupMembership(
        group_id="g1",
        network_id="n1",
        member_ids=frozenset(MEMBERS),
        leader_ids=frozenset({"lea", "fay"}),
    )
    store = InMemoryEventStore()
    e = EnquiryService(store, membership, pupil_data_tenants=frozenset()).enquiries
    lea, mo = who("lea"), who("mo")
    await e.propose(
        mo,
        enquiry_id=ENQUIRY,
        group_id="g1",
        title="Wait time",
        question="Does wait time help?",
        approach="lesson_study",
        levels=["pupil"],
    )
    await e.launch(lea, enquiry_id=ENQUIRY)
    await e.start_cycle(lea, enquiry_id=ENQUIRY, cycle_id=CYCLE)
    await e.advance_phase(lea, enquiry_id=ENQUIRY, cycle_id=CYCLE)
    await e.record_reflection(
        mo, enquiry_id=ENQUIRY, cycle_id=CYCLE, entry_id=REFLECTION, text="About a pupil"
    )
    await e.advance_phase(lea, enquiry_id=ENQUIRY, cycle_id=CYCLE)
    await e.advance_phase(lea, enquiry_id=ENQUIRY, cycle_id=CYCLE)
    for owner, action_id in (("mo", ACTION), ("lou", REFLECTION[:-1] + "9")):
        await e.plan_action(
            lea,
            enquiry_id=ENQUIRY,
            cycle_id=CYCLE,
            entry_id=action_id,
            description=f"{owner}'s action",
            owner_id=owner,
        )
    return await store.read_all()


def network_events() -> list[RecordedEvent]:
    def co_leader(
        person: str, network: str, event: str = "NetworkCoLeaderAppointed"
    ) -> RecordedEvent:
        return groups_event(
            A,
            "network",
            network,
            event,
            network_id=network,
            practitioner_id=person,
            school_id="oak",
        )

    left = groups_event(
        A, "learning_group", "g1", "MemberLeft", group_id="g1", practitioner_id="lou"
    )
    return [
        co_leader("cora", "n1"),
        co_leader("otto", "n2"),
        co_leader("sid", "n1"),
        co_leader("sid", "n1", "NetworkCoLeaderStoodDown"),
        left,
    ]


@pytest.fixture(scope="module")
async def read_side(new_database) -> AsyncIterator[ReadSide]:  # type: ignore[no-untyped-def]
    async with a_read_side(new_database) as side:
        await side.project(membership_events(A, "g1", MEMBERS, network_id="n1"))
        await side.project(membership_events(B, "g1", {"mo": "co_leader"}, network_id="n1"))
        await side.project(await enquiry_events())
        await side.project(network_events())
        yield side


WORK = """query($id: ID!) { enquiry(id: $id) {
  title
  journal(first: 100) { edges { node { kind body } } }
  cycles { edges { node { number entries(first: 100) { edges { node { kind body } } } } } }
} _entities(representations: [{__typename: "Practitioner", id: "mo"}]) {
  ... on Practitioner { openActions { edges { node { description } } } } } }"""


@pytest.mark.parametrize("reader", READERS, ids=list(READERS))
async def test_the_room_reads_journal_reflections_and_actions(
    read_side: ReadSide, reader: str
) -> None:
    seen = await read_side.data(READERS[reader], WORK, id=ENQUIRY)
    journal = [e["node"] for e in seen["enquiry"]["journal"]["edges"]]
    assert {"kind": "REFLECTION", "body": "About a pupil"} in journal
    (cycle,) = seen["enquiry"]["cycles"]["edges"]
    entries = [e["node"] for e in cycle["node"]["entries"]["edges"]]
    assert {"kind": "REFLECTION", "body": "About a pupil"} in entries
    (mo,) = seen["_entities"]
    assert [a["node"]["description"] for a in mo["openActions"]["edges"]] == ["mo's action"]


@pytest.mark.parametrize("outsider", NOT_READERS, ids=list(NOT_READERS))
async def test_anyone_else_reads_nothing_of_it(read_side: ReadSide, outsider: str) -> None:
    seen = await read_side.data(NOT_READERS[outsider], WORK, id=ENQUIRY)
    if seen["enquiry"] is not None:  # the board is shared in the tenant: title, progress
        assert seen["enquiry"]["journal"]["edges"] == []
        (cycle,) = seen["enquiry"]["cycles"]["edges"]
        assert cycle["node"]["entries"]["edges"] == []
    (mo,) = seen["_entities"]
    assert mo["openActions"]["edges"] == []


async def test_an_owner_who_left_still_sees_their_own_action_but_nothing_else(
    read_side: ReadSide,
) -> None:
    lou = who("lou")
    mine = await read_side.data(lou, "{ myOpenActions { edges { node { description } } } }")
    assert [a["node"]["description"] for a in mine["myOpenActions"]["edges"]] == ["lou's action"]
    other = await read_side.data(who("mo"), "{ myOpenActions { edges { node { description } } } }")
    assert [a["node"]["description"] for a in other["myOpenActions"]["edges"]] == ["mo's action"]

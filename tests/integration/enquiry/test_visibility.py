"""Who may read what (relational trust): each rule from both sides.

An enquiry's journal, its cycles' entries (reflections among them) and its open actions are read
only by the owning group's members (co-leaders and facilitators are members with a role), the
co-leaders of the group's network, and — for an action — its owner. Anyone else in the tenant,
a tenant admin included, gets the same empty lists a group with no entries would give.
"""

from __future__ import annotations

import uuid
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
OTHER_ENQUIRY = "00000000-0000-4000-8000-000000000021"

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
    # mo also works in g2 (no network), with gus: that action belongs to g2's room only
    membership.groups[(A, "g2")] = GroupMembership(
        group_id="g2", member_ids=frozenset({"mo", "gus"}), leader_ids=frozenset({"gus"})
    )
    other, other_cycle = OTHER_ENQUIRY, "00000000-0000-4000-8000-000000000022"
    gus = who("gus")
    await e.propose(
        gus,
        enquiry_id=other,
        group_id="g2",
        title="Elsewhere",
        question="Another room?",
        approach="lesson_study",
        levels=["adult"],
    )
    await e.launch(gus, enquiry_id=other)
    await e.start_cycle(gus, enquiry_id=other, cycle_id=other_cycle)
    c = {"enquiry_id": other, "cycle_id": other_cycle}
    await e.record_experience(mo, **c, entry_id=new_entry(), text="g2 experience")
    await e.advance_phase(gus, **c)
    await e.record_reflection(mo, **c, entry_id=new_entry(), text="g2 thought")
    await e.advance_phase(gus, **c)
    await e.advance_phase(gus, **c)
    await e.plan_action(gus, **c, entry_id=new_entry(), description="mo's g2 action", owner_id="mo")
    return await store.read_all()


def new_entry() -> str:
    return str(uuid.uuid4())


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
        await side.project(membership_events(A, "g2", {"mo": "member", "gus": "co_leader"}))
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
    descriptions = [a["node"]["description"] for a in mo["openActions"]["edges"]]
    assert "mo's action" in descriptions  # (g2's too for mo: the owner; see below)


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
    assert sorted(a["node"]["description"] for a in other["myOpenActions"]["edges"]) == [
        "mo's action",
        "mo's g2 action",
    ]


async def test_an_action_is_read_in_its_own_groups_room_only(read_side: ReadSide) -> None:
    """mo works in g1 (network n1) and g2: each room sees mo's action of its own group."""
    query = (
        '{ _entities(representations: [{__typename: "Practitioner", id: "mo"}]) {'
        " ... on Practitioner { openActions { edges { node { description } } } } } }"
    )

    async def seen_by(reader: Principal) -> list[str]:
        (mo,) = (await read_side.data(reader, query))["_entities"]
        return sorted(a["node"]["description"] for a in mo["openActions"]["edges"])

    assert await seen_by(who("lea")) == ["mo's action"]  # g1 co-leader
    assert await seen_by(who("cora")) == ["mo's action"]  # n1 co-leader; g2 is not in n1
    assert await seen_by(who("gus")) == ["mo's g2 action"]  # g2 co-leader
    assert await seen_by(who("mo")) == ["mo's action", "mo's g2 action"]  # the owner
    journal = '{ enquiry(id: "%s") { journal { edges { node { body } } } } }'
    assert (await read_side.data(who("lea"), journal % OTHER_ENQUIRY))["enquiry"] == {
        "journal": {"edges": []}
    }
    bodies = (await read_side.data(who("gus"), journal % OTHER_ENQUIRY))["enquiry"]["journal"]
    assert "g2 thought" in [e["node"]["body"] for e in bodies["edges"]]

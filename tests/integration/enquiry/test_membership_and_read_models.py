"""The enquiry service against real PostgreSQL and Kafka: it learns groups and memberships from
the groups service's published events (no call to the groups service), decides who contributes
from that local model, and projects its own events into read models guarded by row-level security.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from datetime import date, timedelta

import pytest
from clc_enquiry.domain import TENANT_ADMIN
from clc_enquiry.membership import MEMBERSHIP_TABLES
from clc_enquiry.readmodels import READ_MODEL_TABLES, pages, queries, visibility
from eventkit.errors import DomainError
from eventkit.pg import tenant_transaction
from eventkit.principal import Principal
from eventkit.store import START

from tests.integration.enquiry.rig import Rig, a_rig

pytestmark = pytest.mark.integration

A, B = "tenant-a", "tenant-b"
LEA = Principal(tenant_id=A, person_id="lea")  # co-leader of g1
MO = Principal(tenant_id=A, person_id="mo")  # member of g1
NED = Principal(tenant_id=A, person_id="ned")  # registered, in no group
FRIEND = Principal(tenant_id=A, person_id="friend")  # a critical friend from elsewhere
BEA = Principal(tenant_id=B, person_id="bea")  # co-leader of tenant B's group
TODAY = date(2025, 6, 1)


@pytest.fixture
async def rig(new_database, kafka_bootstrap: str) -> AsyncIterator[Rig]:  # type: ignore[no-untyped-def]
    async with a_rig(new_database, kafka_bootstrap) as r:
        yield r


def new_id() -> str:
    return str(uuid.uuid4())


async def a_group_in_tenant_a(rig: Rig, group_id: str = "g1", network: str = "n1") -> None:
    g = rig.groups_of(A)
    await g.practitioner("lea", "oak", "Lea", "Hart")
    await g.practitioner("mo", "oak", "Mo", "Khan")
    await g.practitioner("ned", "ash", "Ned", "Ray")
    await g.group(group_id, network_id=network)
    await g.member(group_id, "lea", "oak", role="co_leader")
    await g.member(group_id, "mo", "oak")
    await g.session_held(group_id)  # a type the membership model ignores


async def a_launched_enquiry(rig: Rig, group_id: str = "g1") -> tuple[str, str]:
    e = rig.app.enquiries
    enquiry_id, cycle_id = new_id(), new_id()
    await e.propose(
        LEA,
        enquiry_id=enquiry_id,
        group_id=group_id,
        title="Wait time",
        question="Does wait time deepen answers?",
        approach="collaborative_enquiry",
        levels=["pupil", "adult"],
    )
    await e.launch(LEA, enquiry_id=enquiry_id)
    await e.start_cycle(LEA, enquiry_id=enquiry_id, cycle_id=cycle_id)
    return enquiry_id, cycle_id


async def test_membership_comes_from_groups_events_and_decides_who_contributes(rig: Rig) -> None:
    await a_group_in_tenant_a(rig)
    await rig.sync()
    enquiry_id, cycle_id = await a_launched_enquiry(rig)
    e = rig.app.enquiries

    await e.record_experience(
        MO, enquiry_id=enquiry_id, cycle_id=cycle_id, entry_id=new_id(), text="We waited"
    )
    with pytest.raises(DomainError) as refused:
        await e.record_experience(
            NED, enquiry_id=enquiry_id, cycle_id=cycle_id, entry_id=new_id(), text="Me too"
        )
    assert refused.value.code == "NOT_A_GROUP_MEMBER"
    with pytest.raises(DomainError) as refused:
        await e.advance_phase(MO, enquiry_id=enquiry_id, cycle_id=cycle_id, to_phase="reflection")
    assert refused.value.code == "NOT_A_GROUP_LEADER"

    await rig.groups_of(A).leave("g1", "mo")
    await rig.sync()
    with pytest.raises(DomainError) as refused:
        await e.record_experience(
            MO, enquiry_id=enquiry_id, cycle_id=cycle_id, entry_id=new_id(), text="Again"
        )
    assert refused.value.code == "NOT_A_GROUP_MEMBER"

    # The journal keeps its authors' ids (names live in groups alone); erasing one (a groups
    # event) marks them erased and keeps their contribution.
    await rig.sync()
    async with tenant_transaction(rig.pool, A) as conn:
        entries = await queries.journal(conn, A, enquiry_id)
    assert [(j["kind"], j["author_id"]) for j in entries] == [
        ("proposed", "lea"),
        ("launched", "lea"),
        ("cycle_started", "lea"),
        ("experience", "mo"),
    ]
    await rig.groups_of(A).erase("mo")
    await rig.sync()
    async with tenant_transaction(rig.pool, A) as conn:
        entries = await queries.journal(conn, A, enquiry_id)
        erased = await conn.fetchval(
            "select erased from enq_practitioners where practitioner_id = 'mo'"
        )
    assert (entries[-1]["author_id"], entries[-1]["body"], erased) == ("mo", "We waited", True)


async def test_once_the_group_closes_in_the_groups_service_its_members_contribute_no_more(
    rig: Rig,
) -> None:
    await a_group_in_tenant_a(rig)
    await rig.sync()
    enquiry_id, cycle_id = await a_launched_enquiry(rig)
    e = rig.app.enquiries
    await rig.groups_of(A).close("g1")
    await rig.sync()

    with pytest.raises(DomainError) as refused:
        await e.record_experience(
            MO, enquiry_id=enquiry_id, cycle_id=cycle_id, entry_id=new_id(), text="Late"
        )
    assert refused.value.code == "GROUP_IS_CLOSED"


async def test_matrix_balance_and_board_equal_counts_computed_from_the_events(rig: Rig) -> None:
    await a_group_in_tenant_a(rig, "g1", "n1")
    await rig.groups_of(A).group("g2", network_id="n1")
    await rig.groups_of(A).member("g2", "lea", "oak", role="facilitator")
    await rig.groups_of(A).member("g2", "mo", "oak")
    await rig.groups_of(A).practitioner("friend", "elm", "Fran", "Lowe")
    await rig.sync()
    e, claims = rig.app.enquiries, rig.app.learning_claims
    rnd = random.Random(7)

    overdue_actions = 0
    for group_id in ("g1", "g2"):
        enquiry_id, cycle_id = await a_launched_enquiry(rig, group_id)
        await e.advance_phase(LEA, enquiry_id=enquiry_id, cycle_id=cycle_id, to_phase="reflection")
        await e.record_reflection(
            MO, enquiry_id=enquiry_id, cycle_id=cycle_id, entry_id=new_id(), text="r"
        )
        await e.advance_phase(LEA, enquiry_id=enquiry_id, cycle_id=cycle_id, to_phase="new_ideas")
        for _ in range(rnd.randint(3, 8)):
            field = rnd.choice(["practitioner", "public", "co_constructed"])
            await e.propose_idea(
                rnd.choice([LEA, MO]),
                enquiry_id=enquiry_id,
                cycle_id=cycle_id,
                entry_id=new_id(),
                text="an idea",
                knowledge_field=field,
                sources=["Rowe 1986"] if field == "public" else [],
            )
        await e.advance_phase(
            LEA, enquiry_id=enquiry_id, cycle_id=cycle_id, to_phase="planned_action"
        )
        for days in (-3, 5):
            await e.plan_action(
                LEA,
                enquiry_id=enquiry_id,
                cycle_id=cycle_id,
                entry_id=new_id(),
                description="observe",
                owner_id="mo",
                due_date=TODAY + timedelta(days=days),
            )
            overdue_actions += days < 0
        for _ in range(rnd.randint(2, 6)):
            claim_id = new_id()
            await claims.claim(
                MO,
                claim_id=claim_id,
                group_id=group_id,
                enquiry_id=enquiry_id,
                level=rnd.choice(["pupil", "adult", "leadership"]),
                depth=rnd.choice(["shallow", "deep", "profound"]),
                statement="we learned",
                evidence_refs=["journal"],
            )
            if rnd.random() < 0.7:
                await claims.validate(FRIEND, claim_id=claim_id)
            else:
                await claims.challenge(FRIEND, claim_id=claim_id, reason="show me")
    await rig.sync()

    recorded = await rig.store.read_all(START, limit=10_000)
    validated = [r.data for r in recorded if r.event_type == "LearningClaimValidated"]
    ideas = [r for r in recorded if r.event_type == "IdeaProposed"]
    group_of = {
        r.data["enquiry_id"]: r.data["group_id"]
        for r in recorded
        if r.event_type == "EnquiryProposed"
    }
    async with tenant_transaction(rig.pool, A) as conn:
        for group_id in ("g1", "g2"):
            expected = Counter(
                (v["level"], v["depth"]) for v in validated if v["group_id"] == group_id
            )
            assert await queries.learning_matrix(conn, A, "group", group_id) == dict(expected)
            expected_ideas = Counter(
                i.data["knowledge_field"]
                for i in ideas
                if group_of[i.data["enquiry_id"]] == group_id
            )
            balance = await queries.knowledge_balance(conn, A, "group", group_id)
            assert {b.knowledge_field: b.ideas for b in balance} == dict(expected_ideas)
            assert sum(b.share for b in balance) == pytest.approx(1.0)
        network = Counter((v["level"], v["depth"]) for v in validated)
        assert await queries.learning_matrix(conn, A, "network", "n1") == dict(network)
        for enquiry_id in group_of:
            per_enquiry = Counter(
                i.data["knowledge_field"] for i in ideas if i.data["enquiry_id"] == enquiry_id
            )
            balance = await queries.knowledge_balance(conn, A, "enquiry", enquiry_id)
            assert {b.knowledge_field: b.ideas for b in balance} == dict(per_enquiry)

        board = await queries.board(conn, A, today=TODAY, network_id="n1")
        assert {(b["group_id"], b["status"], b["phase"]) for b in board} == {
            ("g1", "launched", "planned_action"),
            ("g2", "launched", "planned_action"),
        }
        assert sum(b["overdue_actions"] for b in board) == overdue_actions
        mine = await pages.actions(conn, A, "mo", "mo", today=TODAY, after=None, first=100)
        assert len(mine) == 4
        assert [a["overdue"] for a in mine] == [True, True, False, False]

    # The read models are disposable: a rebuild from the event store gives the same rows, and
    # leaves the membership model (another service's facts) alone.
    before = await snapshot(rig, A)
    await rig.runner.rebuild(rig.store)
    assert await snapshot(rig, A) == before


async def snapshot(rig: Rig, tenant: str) -> dict[str, list[tuple[object, ...]]]:
    async with tenant_transaction(rig.pool, tenant) as conn:
        return {
            table: sorted(tuple(r) for r in await conn.fetch(f"select * from {table}"))
            for table in (*MEMBERSHIP_TABLES, *READ_MODEL_TABLES)
        }


async def test_peer_reviews_are_counted_per_school(rig: Rig) -> None:
    await a_group_in_tenant_a(rig)
    await rig.groups_of(A).practitioner("friend", "elm", "Fran", "Lowe")
    await rig.sync()
    r = rig.app.peer_reviews
    review_id = new_id()
    await r.request(
        LEA,
        peer_review_id=review_id,
        title="Feedback",
        host_school_id="oak",
        reviewing_school_ids=["elm", "ash"],
    )
    await r.agree_focus(FRIEND, peer_review_id=review_id, focus="Written feedback")
    await r.hold_visit(MO, peer_review_id=review_id, visit_date=TODAY)
    await r.record_findings(FRIEND, peer_review_id=review_id, entry_id=new_id(), findings="a")
    await r.record_findings(FRIEND, peer_review_id=review_id, entry_id=new_id(), findings="b")
    await r.record_findings(NED, peer_review_id=review_id, entry_id=new_id(), findings="c")
    await r.respond(MO, peer_review_id=review_id, response="Thanks")
    await rig.sync()
    async with tenant_transaction(rig.pool, A) as conn:
        assert await queries.school_peer_reviews(conn, A, "oak") == {
            "requested": 1,
            "given": 0,
            "responded": 1,
        }
        assert await queries.school_peer_reviews(conn, A, "elm") == {
            "requested": 0,
            "given": 1,
            "responded": 0,
        }
        assert (await queries.school_peer_reviews(conn, A, "ash"))["given"] == 1


async def test_another_tenant_sees_no_rows_and_cannot_act_on_the_enquiry(rig: Rig) -> None:
    await a_group_in_tenant_a(rig)
    gb = rig.groups_of(B)
    await gb.practitioner("bea", "birch", "Bea", "Stone")
    await gb.group("gb1")
    await gb.member("gb1", "bea", "birch", role="co_leader")
    await rig.sync()
    enquiry_id, cycle_id = await a_launched_enquiry(rig)
    await rig.app.enquiries.record_experience(
        MO, enquiry_id=enquiry_id, cycle_id=cycle_id, entry_id=new_id(), text="ours"
    )
    await rig.sync()

    bea_admin = Principal(tenant_id=B, person_id="bea", roles=frozenset({TENANT_ADMIN}))
    for who in (BEA, bea_admin):
        with pytest.raises(DomainError) as refused:
            await rig.app.enquiries.record_experience(
                who, enquiry_id=enquiry_id, cycle_id=cycle_id, entry_id=new_id(), text="theirs"
            )
        assert refused.value.code == "ENQUIRY_NOT_FOUND"
    with pytest.raises(DomainError) as refused:  # A's group is unknown in tenant B
        await rig.app.enquiries.propose(
            bea_admin,
            enquiry_id=new_id(),
            group_id="g1",
            title="t",
            question="q?",
            approach="lesson_study",
            levels=["adult"],
        )
    assert refused.value.code == "GROUP_NOT_FOUND"

    async with tenant_transaction(rig.pool, B) as conn:
        for table in (*MEMBERSHIP_TABLES, *READ_MODEL_TABLES):
            assert await conn.fetchval(f"select count(*) from {table} where tenant_id = $1", A) == 0
            assert (
                await conn.fetchval(f"select count(*) from {table} where tenant_id <> $1", B) == 0
            )
        assert await queries.board(conn, B, today=TODAY) == []
        assert await queries.journal(conn, B, enquiry_id) == []
    async with tenant_transaction(rig.pool, A) as conn:
        assert len(await queries.journal(conn, A, enquiry_id)) == 4
    # With no tenant set at all, row-level security shows nothing.
    assert await rig.pool.fetchval("select count(*) from enq_journal") == 0


async def test_network_co_leaders_come_from_groups_events_and_read_their_groups_work(
    rig: Rig,
) -> None:
    await a_group_in_tenant_a(rig)  # g1 in network n1
    g = rig.groups_of(A)
    await g.co_leader("n1", "cora")
    await g.co_leader("n2", "otto")
    await g.co_leader("n1", "sid")
    await g.co_leader("n1", "sid", stood_down=True)
    await rig.sync()
    async with tenant_transaction(rig.pool, A) as conn:
        readers = {
            person: await visibility.reads_group(conn, A, "g1", person)
            for person in ("cora", "otto", "sid", "lea", "mo", "ned")
        }
    assert readers == {
        "cora": True,  # co-leads the group's network
        "otto": False,  # co-leads another network
        "sid": False,  # stood down
        "lea": True,  # co-leader of the group
        "mo": True,  # member
        "ned": False,  # in no group
    }
    async with tenant_transaction(rig.pool, B) as conn:  # the same facts in another tenant: none
        assert not await visibility.reads_group(conn, B, "g1", "cora")

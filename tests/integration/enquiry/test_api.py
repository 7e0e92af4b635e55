"""The enquiry subgraph end to end in-process: the real app (lifespan started), real PostgreSQL
and Kafka. Memberships arrive as groups-service events on a groups topic, as in production; every
write goes through a mutation and is read back through queries with its consistency token.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from clc_enquiry.app import create_app
from clc_enquiry.settings import EnquirySettings
from eventkit.migrations import migrate
from eventkit.pg import connect, create_pool
from eventkit.principal import issue_dev_token
from eventkit.relay import Relay
from eventkit.store import EVENT_STORE_MIGRATIONS, PLUMBING_MIGRATIONS, PostgresEventStore
from fastapi import FastAPI

from tests.integration.enquiry.rig import APP_PASSWORD, APP_ROLE, GROUPS_SOURCE, GroupsStream
from tests.support.kafka import started_producer, unique_topic

pytestmark = pytest.mark.integration

SECRET = "enquiry-integration-test-secret-of-32-bytes-or-more"
A, B = "tenant-a", "tenant-b"
PAYLOAD = "userErrors { code message field } consistencyToken"


def token(person: str, *roles: str, tenant: str = A) -> str:
    return issue_dev_token(SECRET, tenant_id=tenant, person_id=person, roles=roles)


LEA = token("lea")  # co-leader of g1 (school oak)
MO = token("mo")  # member of g1 (school oak)
NED = token("ned")  # registered at ash, in no group
BEA = token("bea", tenant=B)  # co-leader of tenant B's group


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class Service:
    app: FastAPI
    http: httpx.AsyncClient
    settings: EnquirySettings
    groups: dict[str, GroupsStream]
    publish_groups: Relay

    async def gql(self, credential: str | None, query: str, /, **variables: Any) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {credential}"} if credential else {}
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables}, headers=headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def data(self, credential: str | None, query: str, /, **variables: Any) -> dict[str, Any]:
        body = await self.gql(credential, query, **variables)
        assert "errors" not in body, body["errors"]
        result: dict[str, Any] = body["data"]
        return result

    async def mutate(
        self, credential: str, name: str, entity: str, /, **fields: Any
    ) -> dict[str, Any]:
        input_type = f"{name[0].upper()}{name[1:]}Input"
        query = (
            f"mutation($input: {input_type}!) {{"
            f" {name}(input: $input) {{ {entity} {{ id }} {PAYLOAD} }} }}"
        )
        result: dict[str, Any] = (await self.data(credential, query, input=fields))[name]
        return result

    async def ok(self, credential: str, name: str, entity: str, /, **fields: Any) -> int:
        result = await self.mutate(credential, name, entity, **fields)
        assert result["userErrors"] == [], result
        assert result[entity] is not None, result
        position = result["consistencyToken"]
        assert isinstance(position, int)
        return position

    async def sync_groups(self, timeout_s: float = 30.0) -> None:
        """Publish the groups events written so far; wait until the projector applied them."""
        await self.publish_groups.publish_pending()
        expected = sum(g.written for g in self.groups.values())
        pool = self.app.state.runtime.pool
        async with asyncio.timeout(timeout_s):
            while (
                await pool.fetchval(
                    "select count(*) from projector_processed where projector = $1 and source = $2",
                    self.settings.projector_name,
                    GROUPS_SOURCE,
                )
                < expected
            ):
                await asyncio.sleep(0.05)


@asynccontextmanager
async def a_running_service(new_database: Any, kafka: str) -> AsyncIterator[Service]:
    suffix = uuid.uuid4().hex[:8]
    groups_dsn = await new_database(f"groupsapi_{suffix}")
    owner_dsn = await new_database(f"enquiryapi_{suffix}")
    conn = await connect(groups_dsn)
    try:
        await migrate(conn, [*EVENT_STORE_MIGRATIONS, *PLUMBING_MIGRATIONS])
    finally:
        await conn.close()
    groups_topic = unique_topic("clc.groups.events")
    topic = unique_topic("clc.enquiry.events")
    settings = EnquirySettings(
        database_url=owner_dsn,
        kafka_bootstrap_servers=kafka,
        app_role=APP_ROLE,
        app_role_password=APP_PASSWORD,
        topic=topic,
        groups_topic=groups_topic,
        dead_letter_topic=f"{topic}.dlq",
        projector_name=f"enquiry-api-test-{suffix}",
        jwt_hs256_secret=SECRET,
        consistency_wait_s=20.0,
    )
    assert settings.consumed_topics() == [topic, groups_topic]
    groups_pool = await create_pool(groups_dsn, max_size=3)
    producer = await started_producer(kafka)
    relay = Relay(
        dsn=groups_dsn,
        pool=groups_pool,
        producer=producer,
        topic=groups_topic,
        source=GROUPS_SOURCE,
    )
    store = PostgresEventStore(groups_pool)
    groups = {t: GroupsStream(store, tenant=t) for t in (A, B)}
    app = create_app(settings)
    try:
        # ASGITransport does not run the lifespan, so the test runs it around the client.
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://enquiry") as http:
                yield Service(app, http, settings, groups, relay)
    finally:
        await producer.stop()
        await groups_pool.close()


@pytest.fixture(scope="module")
async def service(new_database, kafka_bootstrap: str) -> AsyncIterator[Service]:  # type: ignore[no-untyped-def]
    async with a_running_service(new_database, kafka_bootstrap) as running:
        a, b = running.groups[A], running.groups[B]
        await a.practitioner("lea", "oak", "Lea", "Hart")
        await a.practitioner("mo", "oak", "Mo", "Khan")
        await a.practitioner("ned", "ash", "Ned", "Ray")
        await a.group("g1", network_id="n1")
        await a.member("g1", "lea", "oak", role="co_leader")
        await a.member("g1", "mo", "oak")
        await b.practitioner("bea", "birch", "Bea", "Stone")
        await b.group("gb")
        await b.member("gb", "bea", "birch", role="co_leader")
        await running.sync_groups()
        yield running


async def a_proposed_enquiry(service: Service, title: str = "Wait time") -> str:
    enquiry_id = new_id()
    await service.ok(
        MO,
        "proposeEnquiry",
        "enquiry",
        enquiryId=enquiry_id,
        groupId="g1",
        title=title,
        question="Does wait time deepen answers?",
        approach="collaborative_enquiry",
        levels=["pupil", "adult"],
    )
    return enquiry_id


ENQUIRY = """query($id: ID!, $t: Int) { enquiry(id: $id, consistencyToken: $t) {
  id title status phase approach levels cyclesCompleted findingsShared overdueActions
  group { id } network { id }
  journal { seq kind authorId authorName phase }
  cycles { number status phase entries { kind body authorName details } }
  knowledgeBalance { field count share } } }"""


async def test_a_whole_cycle_through_the_api_reads_back_in_order(service: Service) -> None:
    s = service
    enquiry_id, cycle_id = await a_proposed_enquiry(s), new_id()
    e = {"enquiryId": enquiry_id}
    await s.ok(LEA, "launchEnquiry", "enquiry", **e)
    await s.ok(LEA, "startCycle", "enquiry", **e, cycleId=cycle_id, focus="Year 5")
    c = {**e, "cycleId": cycle_id}
    await s.ok(MO, "recordExperience", "enquiry", **c, entryId=new_id(), text="We waited")
    await s.ok(LEA, "advanceCyclePhase", "enquiry", **c, toPhase="reflection")
    await s.ok(MO, "recordReflection", "enquiry", **c, entryId=new_id(), text="Longer answers")
    await s.ok(LEA, "advanceCyclePhase", "enquiry", **c, toPhase="new_ideas")
    await s.ok(
        MO,
        "proposeIdea",
        "enquiry",
        **c,
        entryId=new_id(),
        text="Think-pair-share",
        knowledgeField="practitioner",
    )
    await s.ok(LEA, "advanceCyclePhase", "enquiry", **c, toPhase="planned_action")
    action_id = new_id()
    await s.ok(
        LEA,
        "planAction",
        "enquiry",
        **c,
        entryId=action_id,
        description="Try it in maths",
        ownerId="mo",
        dueDate="2020-01-31",
    )
    await s.ok(LEA, "completeCycle", "enquiry", **c)
    last = await s.ok(
        LEA, "shareFindings", "enquiry", **e, entryId=new_id(), summary="Waiting works"
    )

    enquiry = (await s.data(MO, ENQUIRY, id=enquiry_id, t=last))["enquiry"]
    assert enquiry["status"] == "launched"
    assert (enquiry["approach"], enquiry["levels"]) == ("collaborative_enquiry", ["pupil", "adult"])
    assert (enquiry["cyclesCompleted"], enquiry["findingsShared"]) == (1, 1)
    assert (enquiry["phase"], enquiry["overdueActions"]) == (None, 1)
    assert (enquiry["group"], enquiry["network"]) == ({"id": "g1"}, {"id": "n1"})
    journal = [(j["kind"], j["authorName"]) for j in enquiry["journal"]]
    assert journal == [
        ("proposed", "Mo Khan"),
        ("launched", "Lea Hart"),
        ("cycle_started", "Lea Hart"),
        ("experience", "Mo Khan"),
        ("phase_advanced", "Lea Hart"),
        ("reflection", "Mo Khan"),
        ("phase_advanced", "Lea Hart"),
        ("idea", "Mo Khan"),
        ("phase_advanced", "Lea Hart"),
        ("action", "Lea Hart"),
        ("cycle_completed", "Lea Hart"),
        ("findings", "Lea Hart"),
    ]
    seqs = [j["seq"] for j in enquiry["journal"]]
    assert seqs == sorted(seqs)
    (cycle,) = enquiry["cycles"]
    assert (cycle["number"], cycle["status"], cycle["phase"]) == (1, "completed", "planned_action")
    entries = [(x["kind"], x["authorName"]) for x in cycle["entries"]]
    assert [k for k, _ in entries] == [
        "cycle_started",
        "experience",
        "phase_advanced",
        "reflection",
        "phase_advanced",
        "idea",
        "phase_advanced",
        "action",
        "cycle_completed",
    ]
    idea = next(x for x in cycle["entries"] if x["kind"] == "idea")
    assert idea["details"]["knowledge_field"] == "practitioner"
    assert {(k["field"], k["count"]) for k in enquiry["knowledgeBalance"]} == {
        ("practitioner", 1),
        ("public", 0),
        ("co_constructed", 0),
    }

    # The board, by group and status, and the open actions of the action's owner.
    board = await s.data(
        MO,
        'query($t: Int) { enquiries(groupId: "g1", status: launched, consistencyToken: $t) {'
        " edges { node { id title phase } } pageInfo { hasNextPage } } }",
        t=last,
    )
    assert enquiry_id in [e["node"]["id"] for e in board["enquiries"]["edges"]]
    actions = await s.data(
        MO,
        "query($t: Int) { myOpenActions(consistencyToken: $t) {"
        " id description dueDate overdue enquiryTitle enquiry { id } } }",
        t=last,
    )
    mine = [a for a in actions["myOpenActions"] if a["id"] == action_id]
    assert mine == [
        {
            "id": action_id,
            "description": "Try it in maths",
            "dueDate": "2020-01-31",
            "overdue": True,
            "enquiryTitle": "Wait time",
            "enquiry": {"id": enquiry_id},
        }
    ]
    assert (await s.data(LEA, "{ myOpenActions { id } }"))["myOpenActions"] == []

    # Completing the action closes it.
    done = await s.ok(MO, "completeAction", "enquiry", **e, actionId=action_id, outcome="Done")
    actions = await s.data(
        MO, "query($t: Int) { myOpenActions(consistencyToken: $t) { id } }", t=done
    )
    assert action_id not in [a["id"] for a in actions["myOpenActions"]]


async def test_the_extended_groups_entities_answer_through_entities(service: Service) -> None:
    s = service
    enquiry_id = await a_proposed_enquiry(s, title="Feedback")
    claim_id = new_id()
    await s.ok(
        MO,
        "claimLearning",
        "learningClaim",
        claimId=claim_id,
        groupId="g1",
        level="adult",
        depth="deep",
        statement="We plan feedback together",
        evidenceRefs=["minutes-3"],
        enquiryId=enquiry_id,
    )
    last = await s.ok(
        LEA, "validateLearningClaim", "learningClaim", claimId=claim_id, note="Seen it"
    )
    claim = await s.data(
        MO,
        "query($id: ID!, $t: Int) { learningClaim(id: $id, consistencyToken: $t) {"
        " status level depth claimantName validatedBy enquiry { id } group { id } } }",
        id=claim_id,
        t=last,
    )
    assert claim["learningClaim"] == {
        "status": "validated",
        "level": "adult",
        "depth": "deep",
        "claimantName": "Mo Khan",
        "validatedBy": "lea",
        "enquiry": {"id": enquiry_id},
        "group": {"id": "g1"},
    }

    entities = await s.data(
        MO,
        """query($reps: [_Any!]!) { _entities(representations: $reps) {
             ... on LearningGroup { id learningMatrix { level depth count }
                                    knowledgeBalance { field count share }
                                    enquiries(first: 50) { edges { node { id } } } }
             ... on Network { id learningMatrix { level depth count }
                              enquiries(first: 50) { edges { node { id } } } }
             ... on Practitioner { id openActions { id } }
             ... on Enquiry { id title }
             ... on LearningClaim { id status } } }""",
        reps=[
            {"__typename": "LearningGroup", "id": "g1"},
            {"__typename": "Network", "id": "n1"},
            {"__typename": "Practitioner", "id": "lea"},
            {"__typename": "Enquiry", "id": enquiry_id},
            {"__typename": "LearningClaim", "id": claim_id},
        ],
    )
    group, network, person, enquiry, found_claim = entities["_entities"]
    for scope in (group, network):
        matrix = scope["learningMatrix"]
        assert len(matrix) == 6 * 3  # every level x depth, zeros included
        counted = {(c["level"], c["depth"]): c["count"] for c in matrix if c["count"]}
        assert counted == {("adult", "deep"): 1}
        assert enquiry_id in [e["node"]["id"] for e in scope["enquiries"]["edges"]]
    assert [k["field"] for k in group["knowledgeBalance"]] == [
        "practitioner",
        "public",
        "co_constructed",
    ]
    assert person == {"id": "lea", "openActions": []}
    assert enquiry == {"id": enquiry_id, "title": "Feedback"}
    assert found_claim == {"id": claim_id, "status": "validated"}


async def test_the_board_pages_newest_first(service: Service) -> None:
    s = service
    ids = [await a_proposed_enquiry(s, title=f"Paged {n}") for n in range(3)]
    first = await s.data(
        MO,
        '{ enquiries(groupId: "g1", status: proposed, first: 2) {'
        " edges { node { id } } pageInfo { hasNextPage endCursor } } }",
    )
    page = first["enquiries"]
    assert [e["node"]["id"] for e in page["edges"]] == [ids[2], ids[1]]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = await s.data(
        MO,
        'query($after: String) { enquiries(groupId: "g1", status: proposed, first: 50,'
        " after: $after) { edges { node { id } } } }",
        after=page["pageInfo"]["endCursor"],
    )
    rest_ids = [e["node"]["id"] for e in rest["enquiries"]["edges"]]
    assert rest_ids[0] == ids[0]
    assert not set(rest_ids) & {ids[1], ids[2]}
    bad = await s.gql(MO, '{ enquiries(after: "!!") { edges { cursor } } }')
    assert bad["errors"][0]["extensions"]["code"] == "BAD_CURSOR"


async def test_a_non_member_gets_a_user_error_and_nothing_is_written(service: Service) -> None:
    s = service
    enquiry_id, cycle_id = await a_proposed_enquiry(s), new_id()
    await s.ok(LEA, "launchEnquiry", "enquiry", enquiryId=enquiry_id)
    await s.ok(LEA, "startCycle", "enquiry", enquiryId=enquiry_id, cycleId=cycle_id)
    result = await s.mutate(
        NED,
        "recordExperience",
        "enquiry",
        enquiryId=enquiry_id,
        cycleId=cycle_id,
        entryId=new_id(),
        text="Me too",
    )
    (error,) = result["userErrors"]
    assert error["code"] == "NOT_A_GROUP_MEMBER"
    assert (result["enquiry"], result["consistencyToken"]) == (None, None)
    refused = await s.mutate(
        MO,
        "advanceCyclePhase",
        "enquiry",
        enquiryId=enquiry_id,
        cycleId=cycle_id,
        toPhase="reflection",
    )
    assert refused["userErrors"][0]["code"] == "NOT_A_GROUP_LEADER"


async def test_bad_input_is_a_user_error_naming_the_field(service: Service) -> None:
    s = service
    blank = await s.mutate(
        MO,
        "proposeEnquiry",
        "enquiry",
        enquiryId=new_id(),
        groupId="g1",
        title="   ",
        question="Why?",
        approach="lesson_study",
        levels=["pupil"],
    )
    (error,) = blank["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID_INPUT", "title")
    assert blank["enquiry"] is None
    not_uuid = await s.mutate(MO, "launchEnquiry", "enquiry", enquiryId="not-a-uuid")
    (error,) = not_uuid["userErrors"]
    assert (error["code"], error["field"]) == ("INVALID_INPUT", "enquiryId")
    unknown_group = await s.mutate(
        MO,
        "proposeEnquiry",
        "enquiry",
        enquiryId=new_id(),
        groupId="nope",
        title="T",
        question="Q?",
        approach="lesson_study",
        levels=["pupil"],
    )
    (error,) = unknown_group["userErrors"]
    assert (error["code"], error["field"]) == ("GROUP_NOT_FOUND", "groupId")


async def test_another_tenant_reads_nothing_and_cannot_mutate(service: Service) -> None:
    s = service
    enquiry_id = await a_proposed_enquiry(s, title="Private")
    last = await s.ok(LEA, "launchEnquiry", "enquiry", enquiryId=enquiry_id)
    seen = await s.data(
        BEA,
        "query($id: ID!, $t: Int) { enquiry(id: $id, consistencyToken: $t) { id }"
        " enquiries(consistencyToken: $t) { edges { node { id } } }"
        ' myOpenActions { id } peerReviewsForSchool(schoolId: "oak") { requested reviews { id } }'
        ' _entities(representations: [{__typename: "Enquiry", id: $id}]) {'
        " ... on Enquiry { id } } }",
        id=enquiry_id,
        t=last,
    )
    assert seen == {
        "enquiry": None,
        "enquiries": {"edges": []},
        "myOpenActions": [],
        "peerReviewsForSchool": {"requested": 0, "reviews": []},
        "_entities": [None],
    }
    group = await s.data(
        BEA,
        '{ _entities(representations: [{__typename: "LearningGroup", id: "g1"}]) {'
        " ... on LearningGroup { enquiries { edges { node { id } } }"
        " learningMatrix { count } } } }",
    )
    (stub,) = group["_entities"]
    assert stub["enquiries"]["edges"] == []
    assert {c["count"] for c in stub["learningMatrix"]} == {0}

    for name, fields in (
        ("launchEnquiry", {}),
        ("concludeEnquiry", {"summary": "Mine now"}),
        ("startCycle", {"cycleId": new_id()}),
    ):
        result = await s.mutate(BEA, name, "enquiry", enquiryId=enquiry_id, **fields)
        (error,) = result["userErrors"]
        assert (error["code"], error["field"]) == ("ENQUIRY_NOT_FOUND", "enquiryId"), name
        assert result["consistencyToken"] is None
    # Proposing under A's id in tenant B proposes B's own enquiry: it neither reaches A's nor
    # reveals that the id is in use elsewhere.
    taken = await s.mutate(
        BEA,
        "proposeEnquiry",
        "enquiry",
        enquiryId=enquiry_id,
        groupId="gb",
        title="Mine",
        question="Q?",
        approach="lesson_study",
        levels=["pupil"],
    )
    assert taken["userErrors"] == [] and taken["consistencyToken"] is not None
    still = await s.data(MO, "query($id: ID!) { enquiry(id: $id) { title status } }", id=enquiry_id)
    assert still["enquiry"] == {"title": "Private", "status": "launched"}


async def test_a_peer_review_through_the_api(service: Service) -> None:
    s = service
    review_id = new_id()
    r = {"peerReviewId": review_id}
    await s.ok(
        LEA,
        "requestPeerReview",
        "peerReview",
        **r,
        title="Reading culture",
        hostSchoolId="oak",
        reviewingSchoolIds=["ash"],
    )
    await s.ok(LEA, "agreePeerReviewFocus", "peerReview", **r, focus="Library use")
    await s.ok(NED, "holdPeerReviewVisit", "peerReview", **r, visitDate="2025-03-04")
    await s.ok(
        NED, "recordPeerReviewFindings", "peerReview", **r, entryId=new_id(), findings="Busy"
    )
    refused = await s.mutate(NED, "respondToPeerReview", "peerReview", **r, response="Thanks")
    assert refused["userErrors"][0]["code"] == "NOT_THE_HOST_SCHOOL"
    await s.ok(LEA, "respondToPeerReview", "peerReview", **r, response="Thanks")
    last = await s.ok(LEA, "closePeerReview", "peerReview", **r)
    data = await s.data(
        LEA,
        "query($id: ID!, $t: Int) { peerReview(id: $id, consistencyToken: $t) {"
        " status focus visitDate response findingsCount findings { schoolId authorName findings } }"
        ' host: peerReviewsForSchool(schoolId: "oak") { requested given responded reviews { id } }'
        ' reviewer: peerReviewsForSchool(schoolId: "ash") { requested given reviews { id } } }',
        id=review_id,
        t=last,
    )
    assert data["peerReview"] == {
        "status": "closed",
        "focus": "Library use",
        "visitDate": "2025-03-04",
        "response": "Thanks",
        "findingsCount": 1,
        "findings": [{"schoolId": "ash", "authorName": "Ned Ray", "findings": "Busy"}],
    }
    assert (data["host"]["requested"], data["host"]["responded"]) == (1, 1)
    assert review_id in [x["id"] for x in data["host"]["reviews"]]
    assert data["reviewer"]["given"] == 1
    assert review_id in [x["id"] for x in data["reviewer"]["reviews"]]


async def test_a_missing_or_forged_token_is_unauthenticated(service: Service) -> None:
    for credential in (None, "not-a-jwt"):
        body = await service.gql(credential, "{ myOpenActions { id } }")
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_the_subgraph_sdl_has_the_entities_and_the_extensions(service: Service) -> None:
    sdl = (await service.data(None, "{ _service { sdl } }"))["_service"]["sdl"]
    for entity in ("Enquiry", "LearningClaim", "PeerReview"):
        assert f'type {entity} @key(fields: "id")' in sdl
    for extended in ("LearningGroup", "Network", "Practitioner"):
        assert f'type {extended} @key(fields: "id")' in sdl
    for field in ("learningMatrix", "knowledgeBalance", "openActions", "enquiries("):
        assert field in sdl


async def test_health_readiness_and_metrics(service: Service) -> None:
    assert (await service.http.get("/healthz")).json() == {"status": "ok"}
    ready = await service.http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {
        "database": True,
        "projector": True,
        "degraded": False,
        "deadLetters": {},
    }
    metrics = (await service.http.get("/metrics")).text
    assert "enquiry_events_appended_total" in metrics
    assert "enquiry_projector_applied_total" in metrics

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

    async def ok(self, credential: str, name: str, entity: str, /, **fields: Any) -> str:
        result = await self.mutate(credential, name, entity, **fields)
        assert result["userErrors"] == [], result
        assert result[entity] is not None, result
        position = result["consistencyToken"]
        assert isinstance(position, str)
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
        approach="COLLABORATIVE_ENQUIRY",
        levels=["PUPIL", "ADULT"],
    )
    return enquiry_id


ENQUIRY = """query($id: ID!, $t: String) { enquiry(id: $id, consistencyToken: $t) {
  id title status phase approach levels cyclesCompleted findingsShared overdueActions
  group { id } network { id } proposedBy { id }
  journal(first: 100) { edges { node { seq kind recordedBy { id } phase } } }
  cycles { edges { node { number status phase startedBy { id }
    entries(first: 100) { edges { node { kind body recordedBy { id } details } } } } } }
  knowledgeBalance { field count share } } }"""


async def test_a_whole_cycle_through_the_api_reads_back_in_order(service: Service) -> None:
    s = service
    enquiry_id, cycle_id = await a_proposed_enquiry(s), new_id()
    e = {"enquiryId": enquiry_id}
    await s.ok(LEA, "launchEnquiry", "enquiry", **e)
    await s.ok(LEA, "startCycle", "enquiry", **e, cycleId=cycle_id, focus="Year 5")
    c = {**e, "cycleId": cycle_id}
    await s.ok(MO, "recordExperience", "enquiry", **c, entryId=new_id(), text="We waited")
    await s.ok(LEA, "advanceCyclePhase", "enquiry", **c)
    await s.ok(MO, "recordReflection", "enquiry", **c, entryId=new_id(), text="Longer answers")
    await s.ok(LEA, "advanceCyclePhase", "enquiry", **c, toPhase="NEW_IDEAS")
    await s.ok(
        MO,
        "proposeIdea",
        "enquiry",
        **c,
        entryId=new_id(),
        text="Think-pair-share",
        knowledgeField="PRACTITIONER",
    )
    await s.ok(LEA, "advanceCyclePhase", "enquiry", **c)
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
    assert enquiry["status"] == "LAUNCHED"
    assert (enquiry["approach"], enquiry["levels"]) == ("COLLABORATIVE_ENQUIRY", ["PUPIL", "ADULT"])
    assert enquiry["proposedBy"] == {"id": "mo"}
    assert (enquiry["cyclesCompleted"], enquiry["findingsShared"]) == (1, 1)
    assert (enquiry["phase"], enquiry["overdueActions"]) == (None, 1)
    assert (enquiry["group"], enquiry["network"]) == ({"id": "g1"}, {"id": "n1"})
    journal_nodes = [j["node"] for j in enquiry["journal"]["edges"]]
    journal = [(j["kind"], j["recordedBy"]["id"]) for j in journal_nodes]
    assert journal == [
        ("PROPOSED", "mo"),
        ("LAUNCHED", "lea"),
        ("CYCLE_STARTED", "lea"),
        ("EXPERIENCE", "mo"),
        ("PHASE_ADVANCED", "lea"),
        ("REFLECTION", "mo"),
        ("PHASE_ADVANCED", "lea"),
        ("IDEA", "mo"),
        ("PHASE_ADVANCED", "lea"),
        ("ACTION", "lea"),
        ("CYCLE_COMPLETED", "lea"),
        ("FINDINGS", "lea"),
    ]
    assert journal_nodes[0]["recordedBy"] == {"id": "mo"}
    seqs = [j["seq"] for j in journal_nodes]
    assert seqs == sorted(seqs)
    (cycle_edge,) = enquiry["cycles"]["edges"]
    cycle = cycle_edge["node"]
    assert (cycle["number"], cycle["status"], cycle["phase"]) == (1, "COMPLETED", "PLANNED_ACTION")
    assert cycle["startedBy"] == {"id": "lea"}
    cycle_entries = [x["node"] for x in cycle["entries"]["edges"]]
    assert [x["kind"] for x in cycle_entries] == [
        "CYCLE_STARTED",
        "EXPERIENCE",
        "PHASE_ADVANCED",
        "REFLECTION",
        "PHASE_ADVANCED",
        "IDEA",
        "PHASE_ADVANCED",
        "ACTION",
        "CYCLE_COMPLETED",
    ]
    idea = next(x for x in cycle_entries if x["kind"] == "IDEA")
    assert idea["details"] == {"knowledgeField": "PRACTITIONER", "sources": []}
    assert {(k["field"], k["count"]) for k in enquiry["knowledgeBalance"]} == {
        ("PRACTITIONER", 1),
        ("PUBLIC", 0),
        ("CO_CONSTRUCTED", 0),
    }

    # The board, by group and status, and the open actions of the action's owner.
    board = await s.data(
        MO,
        'query($t: String) { enquiries(groupId: "g1", status: LAUNCHED, consistencyToken: $t) {'
        " edges { node { id title phase } } pageInfo { hasNextPage } } }",
        t=last,
    )
    assert enquiry_id in [e["node"]["id"] for e in board["enquiries"]["edges"]]
    actions = await s.data(
        MO,
        "query($t: String) { myOpenActions(consistencyToken: $t) { edges { node {"
        " id description dueDate overdue enquiryTitle enquiry { id } ownedBy { id } } } } }",
        t=last,
    )
    nodes = [a["node"] for a in actions["myOpenActions"]["edges"]]
    mine = [a for a in nodes if a["id"] == action_id]
    assert mine == [
        {
            "id": action_id,
            "description": "Try it in maths",
            "dueDate": "2020-01-31",
            "overdue": True,
            "enquiryTitle": "Wait time",
            "enquiry": {"id": enquiry_id},
            "ownedBy": {"id": "mo"},
        }
    ]
    assert (await s.data(LEA, "{ myOpenActions { edges { cursor } } }"))["myOpenActions"] == {
        "edges": []
    }

    # Completing the action closes it.
    done = await s.ok(MO, "completeAction", "enquiry", **e, actionId=action_id, outcome="Done")
    actions = await s.data(
        MO,
        "query($t: String) { myOpenActions(consistencyToken: $t) { edges { node { id } } } }",
        t=done,
    )
    assert action_id not in [a["node"]["id"] for a in actions["myOpenActions"]["edges"]]


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
        level="ADULT",
        depth="DEEP",
        statement="We plan feedback together",
        evidenceRefs=["minutes-3"],
        enquiryId=enquiry_id,
    )
    last = await s.ok(
        LEA, "validateLearningClaim", "learningClaim", claimId=claim_id, note="Seen it"
    )
    claim = await s.data(
        MO,
        "query($id: ID!, $t: String) { learningClaim(id: $id, consistencyToken: $t) {"
        " status level depth claimedBy { id } validatedBy { id }"
        " enquiry { id } group { id } } }",
        id=claim_id,
        t=last,
    )
    assert claim["learningClaim"] == {
        "status": "VALIDATED",
        "level": "ADULT",
        "depth": "DEEP",
        "claimedBy": {"id": "mo"},
        "validatedBy": {"id": "lea"},
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
             ... on Practitioner { id openActions { edges { node { id } } } }
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
        assert counted == {("ADULT", "DEEP"): 1}
        assert enquiry_id in [e["node"]["id"] for e in scope["enquiries"]["edges"]]
    assert [k["field"] for k in group["knowledgeBalance"]] == [
        "PRACTITIONER",
        "PUBLIC",
        "CO_CONSTRUCTED",
    ]
    assert person == {"id": "lea", "openActions": {"edges": []}}
    assert enquiry == {"id": enquiry_id, "title": "Feedback"}
    assert found_claim == {"id": claim_id, "status": "VALIDATED"}


async def test_the_board_pages_newest_first(service: Service) -> None:
    s = service
    ids = [await a_proposed_enquiry(s, title=f"Paged {n}") for n in range(3)]
    first = await s.data(
        MO,
        '{ enquiries(groupId: "g1", status: PROPOSED, first: 2) {'
        " edges { node { id } } pageInfo { hasNextPage endCursor } } }",
    )
    page = first["enquiries"]
    assert [e["node"]["id"] for e in page["edges"]] == [ids[2], ids[1]]
    assert page["pageInfo"]["hasNextPage"] is True
    rest = await s.data(
        MO,
        'query($after: String) { enquiries(groupId: "g1", status: PROPOSED, first: 50,'
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
        approach="LESSON_STUDY",
        levels=["PUPIL"],
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
        approach="LESSON_STUDY",
        levels=["PUPIL"],
    )
    (error,) = unknown_group["userErrors"]
    assert (error["code"], error["field"]) == ("GROUP_NOT_FOUND", "groupId")


async def test_another_tenant_reads_nothing_and_cannot_mutate(service: Service) -> None:
    s = service
    enquiry_id = await a_proposed_enquiry(s, title="Private")
    last = await s.ok(LEA, "launchEnquiry", "enquiry", enquiryId=enquiry_id)
    seen = await s.data(
        BEA,
        "query($id: ID!, $t: String) { enquiry(id: $id, consistencyToken: $t) { id }"
        " enquiries(consistencyToken: $t) { edges { node { id } } }"
        " myOpenActions { edges { node { id } } }"
        ' peerReviewsForSchool(schoolId: "oak") { requested reviews { edges { node { id } } } }'
        ' _entities(representations: [{__typename: "Enquiry", id: $id}]) {'
        " ... on Enquiry { id } } }",
        id=enquiry_id,
        t=last,
    )
    assert seen == {
        "enquiry": None,
        "enquiries": {"edges": []},
        "myOpenActions": {"edges": []},
        "peerReviewsForSchool": {"requested": 0, "reviews": {"edges": []}},
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
        approach="LESSON_STUDY",
        levels=["PUPIL"],
    )
    assert taken["userErrors"] == [] and taken["consistencyToken"] is not None
    still = await s.data(MO, "query($id: ID!) { enquiry(id: $id) { title status } }", id=enquiry_id)
    assert still["enquiry"] == {"title": "Private", "status": "LAUNCHED"}


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
        "query($id: ID!, $t: String) { peerReview(id: $id, consistencyToken: $t) {"
        " status focus visitDate response findingsCount requestedBy { id }"
        " findings { edges { node { schoolId recordedBy { id } findings } } } }"
        ' host: peerReviewsForSchool(schoolId: "oak") { requested given responded'
        " reviews { edges { node { id } } } }"
        ' reviewer: peerReviewsForSchool(schoolId: "ash") { requested given'
        " reviews { edges { node { id } } } } }",
        id=review_id,
        t=last,
    )
    assert data["peerReview"] == {
        "status": "CLOSED",
        "focus": "Library use",
        "visitDate": "2025-03-04",
        "response": "Thanks",
        "findingsCount": 1,
        "requestedBy": {"id": "lea"},
        "findings": {
            "edges": [
                {
                    "node": {
                        "schoolId": "ash",
                        "recordedBy": {"id": "ned"},
                        "findings": "Busy",
                    }
                }
            ]
        },
    }
    assert (data["host"]["requested"], data["host"]["responded"]) == (1, 1)
    assert review_id in [x["node"]["id"] for x in data["host"]["reviews"]["edges"]]
    assert data["reviewer"]["given"] == 1
    assert review_id in [x["node"]["id"] for x in data["reviewer"]["reviews"]["edges"]]


async def test_a_missing_or_forged_token_is_unauthenticated(service: Service) -> None:
    for credential in (None, "not-a-jwt"):
        body = await service.gql(credential, "{ myOpenActions { edges { cursor } } }")
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_the_subgraph_sdl_has_the_entities_and_the_extensions(service: Service) -> None:
    sdl = (await service.data(token("gateway"), "{ _service { sdl } }"))["_service"]["sdl"]
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


async def test_ids_are_checked_the_same_way_in_queries_and_mutations(service: Service) -> None:
    s = service
    body = await s.gql(MO, '{ enquiries(groupId: "g 1") { edges { cursor } } }')
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "INVALID_ID", "field": "groupId"}
    bad = await s.mutate(
        MO,
        "proposeEnquiry",
        "enquiry",
        enquiryId=new_id(),
        groupId="x" * 300,
        title="T",
        question="Q?",
        approach="LESSON_STUDY",
        levels=["PUPIL"],
    )
    (user_error,) = bad["userErrors"]
    assert (user_error["code"], user_error["field"]) == ("INVALID_ID", "groupId")
    for representation in (
        '{__typename: "Enquiry", id: "a b"}',
        '{__typename: "Practitioner", id: ""}',
    ):
        body = await s.gql(
            MO,
            f"{{ _entities(representations: [{representation}]) {{"
            " ... on Enquiry { id } ... on Practitioner { openActions { edges { cursor } } } } }",
        )
        assert body["errors"][0]["extensions"]["code"] == "INVALID_ID", body


async def test_a_named_phase_guards_the_advance(service: Service) -> None:
    s = service
    enquiry_id, cycle_id = await a_proposed_enquiry(s), new_id()
    await s.ok(LEA, "launchEnquiry", "enquiry", enquiryId=enquiry_id)
    await s.ok(LEA, "startCycle", "enquiry", enquiryId=enquiry_id, cycleId=cycle_id)
    skipped = await s.mutate(
        LEA,
        "advanceCyclePhase",
        "enquiry",
        enquiryId=enquiry_id,
        cycleId=cycle_id,
        toPhase="NEW_IDEAS",
    )
    (error,) = skipped["userErrors"]
    assert (error["code"], error["field"]) == ("PHASE_OUT_OF_ORDER", "toPhase")
    token = await s.ok(LEA, "advanceCyclePhase", "enquiry", enquiryId=enquiry_id, cycleId=cycle_id)
    read = await s.data(
        MO,
        "query($id: ID!, $t: String) { enquiry(id: $id, consistencyToken: $t) { phase } }",
        id=enquiry_id,
        t=token,
    )
    assert read["enquiry"] == {"phase": "REFLECTION"}
    forged = await s.gql(MO, '{ myOpenActions(consistencyToken: "42") { edges { cursor } } }')
    assert forged["errors"][0]["extensions"]["code"] == "BAD_CONSISTENCY_TOKEN"

"""One consistency token through the gateway, over the real services (processes, PostgreSQL,
Kafka): a write in one service, then at once a read of another service's view of it, sees it.

The groups service owns memberships; the enquiry service learns of them only through Kafka and
shows a group's journal (its reflections) to members alone. So "add a member, then read the
journal as that member" reads the enquiry's projection of a groups write: without a token that
waits for it the new member would often see an empty journal.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from clc_gateway.execution.consistency import decode, encode

from tests.e2e.gateway_world import Gateway, new_id, start_gateway, supergraph_sdl, token

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

HEADER = "x-consistency-token"
ROUNDS = 100

JOURNAL = """
query Journal($id: ID!, $t: String) {
  enquiry(id: $id, consistencyToken: $t) {
    title
    journal(first: 50) { edges { node { kind body recordedBy { displayName } } } }
  }
}"""


@pytest.fixture(scope="module")
async def gateway(services: dict[str, str]) -> AsyncIterator[Gateway]:
    gw = start_gateway(supergraph_sdl(services), services)
    yield gw
    await gw.close()


async def call(
    gw: Gateway, query: str, bearer: str, consistency: str | None = None, **variables: Any
) -> httpx.Response:
    headers = {"authorization": f"Bearer {bearer}"}
    if consistency:
        headers[HEADER] = consistency
    return await gw.http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers, timeout=30
    )


async def write(
    gw: Gateway, bearer: str, name: str, input_type: str, consistency: str | None = None, /,
    **values: Any,
) -> httpx.Response:  # fmt: skip
    """A mutation selecting only its user errors: the token comes in the header anyway."""
    query = (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ userErrors {{ code }} }} }}"
    )
    resp = await call(gw, query, bearer, consistency, input=values)
    body = resp.json()
    assert "errors" not in body, body
    assert body["data"][name]["userErrors"] == [], (name, body)
    return resp


class Scene:
    def __init__(self) -> None:
        self.tenant = f"cons-{uuid.uuid4().hex[:6]}"
        self.admin = token(self.tenant, "admin", "tenant_admin")
        self.school, self.group, self.enquiry = new_id(), new_id(), new_id()
        self.leader = new_id()


@pytest.fixture(scope="module")
async def scene(gateway: Gateway) -> Scene:
    """A group whose enquiry has a reflection; every write waits on the last one's token."""
    s = Scene()
    admin = s.admin
    t = (await write(gateway, admin, "registerSchool", "RegisterSchoolInput", None,
                     schoolId=s.school, name="Consistent School")).headers[HEADER]  # fmt: skip
    t = (await write(gateway, admin, "registerPractitioner", "RegisterPractitionerInput", t,
                     practitionerId=s.leader, schoolId=s.school, givenName="Lee",
                     familyName="Leader", role="TEACHER")).headers[HEADER]  # fmt: skip
    t = (await write(gateway, admin, "formLearningGroup", "FormLearningGroupInput", t,
                     groupId=s.group, name="Consistent group",
                     kind="ENQUIRY_GROUP")).headers[HEADER]  # fmt: skip
    t = (await write(gateway, admin, "addMember", "AddMemberInput", t, groupId=s.group,
                     practitionerId=s.leader, role="CO_LEADER")).headers[HEADER]  # fmt: skip
    leader = token(s.tenant, s.leader, "teacher")
    cycle = new_id()
    # the enquiry service decides on membership it projected from the groups' events: the
    # groups' pair in the token makes it wait for them, no retry loop needed
    for name, kind, values in (
        ("proposeEnquiry", "ProposeEnquiryInput", {
            "groupId": s.group, "title": "Does it stay?", "question": "Is it seen at once?",
            "approach": "COLLABORATIVE_ENQUIRY", "levels": ["ADULT"]}),
        ("launchEnquiry", "LaunchEnquiryInput", {}),
        ("startCycle", "StartCycleInput", {"cycleId": cycle}),
        ("advanceCyclePhase", "AdvanceCyclePhaseInput", {"cycleId": cycle}),
        ("recordReflection", "RecordReflectionInput", {
            "cycleId": cycle, "entryId": new_id(), "text": "Seen by every member"}),
    ):  # fmt: skip
        t = (await write(gateway, leader, name, kind, t, enquiryId=s.enquiry, **values)).headers[
            HEADER
        ]
    assert set(decode(t)) == {"groups", "enquiry"}
    return s


async def test_a_mutation_answers_one_token_for_every_service_in_header_extension_and_field(
    gateway: Gateway, scene: Scene
) -> None:
    person = new_id()
    resp = await call(
        gateway,
        "mutation($input: RegisterPractitionerInput!) {"
        " registerPractitioner(input: $input) { consistencyToken } }",
        scene.admin,
        None,
        input={"practitionerId": person, "schoolId": scene.school, "givenName": "Al",
               "familyName": "Token", "role": "TEACHER"},
    )  # fmt: skip
    body = resp.json()
    composite = resp.headers[HEADER]
    assert body["extensions"]["consistencyToken"] == composite
    assert body["data"]["registerPractitioner"]["consistencyToken"] == composite
    assert set(decode(composite)) == {"groups"}
    # sent back with an enquiry write, the answer covers both services
    reflected = await write(
        gateway, token(scene.tenant, scene.leader, "teacher"), "refineEnquiryQuestion",
        "RefineEnquiryQuestionInput", composite, enquiryId=scene.enquiry,
        question="Is it seen at once, always?",
    )  # fmt: skip
    both = decode(reflected.headers[HEADER])
    assert set(both) == {"groups", "enquiry"}
    assert both["groups"] == decode(composite)["groups"]


async def test_a_bad_token_is_refused_before_any_subgraph_call(
    gateway: Gateway, scene: Scene
) -> None:
    gateway.recording.sent.clear()
    resp = await call(gateway, JOURNAL, scene.admin, "not a token!", id=scene.enquiry)
    assert resp.json()["errors"][0]["extensions"]["code"] == "BAD_CONSISTENCY_TOKEN"
    assert gateway.recording.sent == []


async def test_a_new_member_reads_the_journal_at_once_100_times_in_a_row(
    gateway: Gateway, scene: Scene
) -> None:
    people = [new_id() for _ in range(ROUNDS)]
    for batch in range(0, ROUNDS, 10):
        await asyncio.gather(*(
            write(gateway, scene.admin, "registerPractitioner", "RegisterPractitionerInput",
                  None, practitionerId=p, schoolId=scene.school, givenName=f"New{i}",
                  familyName="Member", role="TEACHER")
            for i, p in enumerate(people[batch : batch + 10], batch)
        ))  # fmt: skip
    seen = 0
    for i, person in enumerate(people):
        added = await write(
            gateway, scene.admin, "addMember", "AddMemberInput", None,
            groupId=scene.group, practitionerId=person, role="MEMBER",
        )  # fmt: skip
        composite = added.headers[HEADER]
        member = token(scene.tenant, person, "teacher")
        # half the reads send it as a header, half as the query's own argument
        if i % 2:
            resp = await call(gateway, JOURNAL, member, composite, id=scene.enquiry)
        else:
            resp = await call(gateway, JOURNAL, member, None, id=scene.enquiry, t=composite)
        body = resp.json()
        assert "errors" not in body, (i, body)
        entries = [e["node"] for e in body["data"]["enquiry"]["journal"]["edges"]]
        reflections = [e for e in entries if e["kind"] == "REFLECTION"]
        assert reflections, (i, entries)
        assert reflections[0]["recordedBy"]["displayName"] == "Lee Leader"
        seen += 1
    assert seen == ROUNDS


async def test_each_subgraph_gets_the_whole_token_and_waits_for_the_pairs_it_follows(
    gateway: Gateway, scene: Scene
) -> None:
    """A token ahead of what groups has written: the enquiry service, which projects the groups'
    events, waits for that pair and answers NOT_YET_CONSISTENT — it does not ignore it."""
    gateway.recording.headers.clear()
    member = token(scene.tenant, scene.leader, "teacher")
    ahead = encode({"groups": 2**62})
    resp = await call(gateway, JOURNAL, member, ahead, id=scene.enquiry)
    body = resp.json()
    assert body["data"] is None or body["data"]["enquiry"] is None, body
    assert body["errors"][0]["extensions"]["code"] == "NOT_YET_CONSISTENT", body
    sent = [(name, h.get(HEADER)) for name, h in gateway.recording.headers]
    assert ("enquiry", ahead) in sent

"""Consent, not decree, and shared leadership as a network's choice, through the subgraph: who
has agreed, who has not yet, in force at the last agreement, withdrawal; a charter's leadership
model and rotation; a v1 ``GroundRulesAgreed`` already in the store reads as everyone's agreement;
another tenant sees none of it (RLS)."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest

from tests.integration.groups.rig import a_groups_database
from tests.integration.groups.service import Service, a_running_service, settings_for, token

pytestmark = pytest.mark.integration

ADMIN = token("admin", "tenant_admin")
INTRUDER = token("admin-b", "tenant_admin", tenant="tenant-b")
PAYLOAD = "userErrors { code message field } consistencyToken"


@pytest.fixture(scope="module")
async def world(new_database, kafka_bootstrap: str) -> AsyncIterator[tuple[Service, str]]:  # type: ignore[no-untyped-def]
    db = await a_groups_database(new_database)
    async with a_running_service(settings_for(db.owner_dsn, kafka_bootstrap)) as running:
        await a_network_and_a_group(running)
        yield running, db.owner_dsn


async def run(service: Service, who: str, name: str, /, **fields: Any) -> dict[str, Any]:
    query = (
        f"mutation($input: {name[0].upper()}{name[1:]}Input!) {{"
        f" {name}(input: $input) {{ {PAYLOAD} }} }}"
    )
    result: dict[str, Any] = (await service.data(who, query, input=fields))[name]
    return result


async def ok(service: Service, name: str, /, who: str = ADMIN, **fields: Any) -> str:
    result = await run(service, who, name, **fields)
    assert result["userErrors"] == [], (name, result)
    token_value: str = result["consistencyToken"]
    return token_value


async def a_network_and_a_group(service: Service) -> None:
    for school in ("oak", "elm"):
        await ok(service, "registerSchool", schoolId=school, name=school)
    for person, school in (("alice", "oak"), ("bob", "elm"), ("carol", "oak"), ("dan", "elm")):
        await ok(service, "registerPractitioner", practitionerId=person, schoolId=school,
                 givenName=person.title(), familyName="X", role="TEACHER")  # fmt: skip
    await ok(service, "establishNetwork", networkId="net", name="Valley")
    await ok(service, "stateNetworkPurpose", networkId="net", moralPurpose="Every child reads")
    for school, person in (("oak", "alice"), ("elm", "bob")):
        await ok(service, "joinNetwork", networkId="net", schoolId=school)
        await ok(service, "appointNetworkCoLeader", networkId="net", practitionerId=person)
    await ok(service, "formLearningGroup", groupId="grp", name="G", kind="STUDY_GROUP")
    await ok(service, "addMember", groupId="grp", practitionerId="alice", role="CO_LEADER")
    await ok(service, "addMember", groupId="grp", practitionerId="carol")
    await ok(service, "proposeGroundRules", groupId="grp", text="Listen first")


GROUP = """query($t: String) { learningGroup(id: "grp", consistencyToken: $t) {
  groundRulesAgreed groundRulesVersion groundRulesInForceVersion
  groundRules { version agreed withdrawn membersWhoAgreed { id } membersNotYetAgreed { id } } } }"""


async def group(service: Service, t: str) -> dict[str, Any]:
    found: dict[str, Any] = (await service.data(ADMIN, GROUP, t=t))["learningGroup"]
    return found


async def test_ground_rules_come_into_force_when_every_member_has_agreed(world) -> None:  # type: ignore[no-untyped-def]
    service, _ = world
    refused = await run(service, ADMIN, "agreeGroundRules", groupId="grp", version=1)
    assert [e["code"] for e in refused["userErrors"]] == ["ONLY_MEMBERS_AGREE_GROUND_RULES"]
    t = await ok(service, "agreeGroundRules", who=token("alice"), groupId="grp", version=1)
    read = await group(service, t)
    assert read["groundRulesAgreed"] is False
    [v1] = read["groundRules"]
    assert (v1["membersWhoAgreed"], v1["membersNotYetAgreed"]) == (
        [{"id": "alice"}],
        [{"id": "carol"}],
    )
    t = await ok(service, "agreeGroundRules", who=token("carol"), groupId="grp", version=1)
    read = await group(service, t)
    assert (read["groundRulesAgreed"], read["groundRulesInForceVersion"]) == (True, 1)
    # A later joiner is "not yet agreed" until their own act; the rules stay in force.
    t = await ok(service, "addMember", groupId="grp", practitionerId="dan")
    [v1] = (await group(service, t))["groundRules"]
    assert v1["agreed"] is True
    assert v1["membersNotYetAgreed"] == [{"id": "dan"}]
    t = await ok(service, "agreeGroundRules", who=token("dan"), groupId="grp", version=1)
    [v1] = (await group(service, t))["groundRules"]
    assert [p["id"] for p in v1["membersWhoAgreed"]] == ["alice", "carol", "dan"]
    # A leader proposes and withdraws; version 1 stays in force.
    await ok(service, "proposeGroundRules", who=token("alice"), groupId="grp", text="Be brief")
    t = await ok(service, "withdrawGroundRules", who=token("alice"), groupId="grp", version=2)
    read = await group(service, t)
    assert (read["groundRulesVersion"], read["groundRulesAgreed"]) == (1, True)
    assert [(r["version"], r["withdrawn"]) for r in read["groundRules"]] == [(1, False), (2, True)]
    again = await run(service, token("alice"), "withdrawGroundRules", groupId="grp", version=1)
    assert again["userErrors"][0]["code"] == "GROUND_RULES_NOT_PENDING"


async def test_a_recorded_v1_agreement_reads_as_everyones_agreement(world) -> None:  # type: ignore[no-untyped-def]
    service, owner_dsn = world
    await ok(service, "formLearningGroup", groupId="old", name="Old", kind="STUDY_GROUP")
    await ok(service, "addMember", groupId="old", practitionerId="bob", role="CO_LEADER")
    await ok(service, "addMember", groupId="old", practitionerId="dan")
    await ok(service, "proposeGroundRules", groupId="old", text="As it was")
    # One leader's decision, as the store holds it from before consent (schema version 1).
    conn = await asyncpg.connect(owner_dsn)
    try:
        version = await conn.fetchval(
            "select max(stream_version) from events where stream_id = 'old'"
            " and tenant_id = 'tenant-a'"
        )
        await conn.execute(
            "insert into events (event_id, stream_id, stream_type, stream_version, event_type,"
            " schema_version, tenant_id, data, metadata) values ($1, 'old', 'learning_group',"
            " $2, 'GroundRulesAgreed', 1, 'tenant-a', $3::jsonb, '{}'::jsonb)",
            uuid.uuid4(),
            version + 1,
            json.dumps({"group_id": "old", "version": 1}),
        )
    finally:
        await conn.close()
    t = await ok(service, "launchLearningGroup", groupId="old")
    data = await service.data(
        ADMIN,
        'query($t: String) { learningGroup(id: "old", consistencyToken: $t) { status'
        " groundRulesAgreed groundRules { membersWhoAgreed { id } membersNotYetAgreed { id } } } }",
        t=t,
    )
    found = data["learningGroup"]
    assert (found["status"], found["groundRulesAgreed"]) == ("LAUNCHED", True)
    assert found["groundRules"] == [
        {"membersWhoAgreed": [{"id": "bob"}, {"id": "dan"}], "membersNotYetAgreed": []}
    ]


async def test_a_charter_adopts_a_leadership_team_and_rotating_leadership(world) -> None:  # type: ignore[no-untyped-def]
    service, _ = world
    missing = await run(service, ADMIN, "adoptNetworkCharter", networkId="net",
                        leadershipModel="LEADERSHIP_TEAM")  # fmt: skip
    assert missing["userErrors"][0]["code"] == "NON_NEGOTIABLE_ENQUIRY_BASED_PRACTICE"
    assert missing["userErrors"][0]["field"] == "enquiryPractice"
    charter = {"networkId": "net", "enquiryPractice": "We enquire in cycles"}
    t = await ok(service, "adoptNetworkCharter", **charter, leadershipModel="LEADERSHIP_TEAM")
    query = """query($t: String) { network(id: "net", consistencyToken: $t) {
      leadershipModel enquiryPractice hasSharedLeadership currentLeadBy { id } } }"""
    net = (await service.data(ADMIN, query, t=t))["network"]
    assert net == {"leadershipModel": "LEADERSHIP_TEAM", "enquiryPractice": "We enquire in cycles",
                   "hasSharedLeadership": False, "currentLeadBy": None}  # fmt: skip
    refused = await run(service, ADMIN, "launchNetwork", networkId="net")
    assert refused["userErrors"][0]["code"] == "TOO_FEW_CO_LEADERS"
    t = await ok(service, "appointNetworkCoLeader", networkId="net", practitionerId="carol")
    assert (await service.data(ADMIN, query, t=t))["network"]["hasSharedLeadership"] is True
    await ok(service, "adoptNetworkCharter", networkId="net", leadershipModel="ROTATING",
             enquiryPractice="We enquire in cycles")  # fmt: skip
    t = await ok(service, "rotateNetworkLead", networkId="net", practitionerId="bob")
    net = (await service.data(ADMIN, query, t=t))["network"]
    assert (net["leadershipModel"], net["currentLeadBy"]) == ("ROTATING", {"id": "bob"})
    await ok(service, "launchNetwork", networkId="net")


async def test_another_tenant_sees_no_agreement_nor_charter(world) -> None:  # type: ignore[no-untyped-def]
    service, _ = world
    data = await service.data(
        INTRUDER, '{ learningGroup(id: "grp") { id } network(id: "net") { id } }'
    )
    assert data == {"learningGroup": None, "network": None}
    for name, fields in (
        ("withdrawGroundRules", {"groupId": "grp", "version": 1}),
        ("agreeGroundRules", {"groupId": "grp", "version": 1}),
        (
            "adoptNetworkCharter",
            {"networkId": "net", "leadershipModel": "ROTATING", "enquiryPractice": "x"},
        ),
        ("rotateNetworkLead", {"networkId": "net", "practitionerId": "bob"}),
    ):
        result = await run(service, INTRUDER, name, **fields)
        assert result["userErrors"][0]["code"].endswith("_NOT_FOUND"), (name, result)

"""Richer records of learning through the subgraph: a held session's protocols, learning points
and how the group worked (in the room only); activities counted in participation; a peer-review
team's peer reviews; another tenant sees none of it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.integration.groups.rig import a_groups_database
from tests.integration.groups.service import Service, a_running_service, settings_for, token

pytestmark = pytest.mark.integration

ADMIN = token("admin", "tenant_admin")
INTRUDER = token("admin-b", "tenant_admin", tenant="tenant-b")
PAYLOAD = "userErrors { code message field } consistencyToken"


@pytest.fixture(scope="module")
async def service(new_database, kafka_bootstrap: str) -> AsyncIterator[Service]:  # type: ignore[no-untyped-def]
    db = await a_groups_database(new_database)
    async with a_running_service(settings_for(db.owner_dsn, kafka_bootstrap)) as running:
        yield running


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


async def a_held_session(service: Service) -> None:
    for school in ("oak", "elm"):
        await ok(service, "registerSchool", schoolId=school, name=school)
    for person, school in (("alice", "oak"), ("bob", "elm"), ("zoe", "oak")):
        await ok(service, "registerPractitioner", practitionerId=person, schoolId=school,
                 givenName=person.title(), familyName="X", role="TEACHER")  # fmt: skip
    await ok(service, "formLearningGroup", groupId="team", name="T", kind="PEER_REVIEW_TEAM")
    await ok(service, "addMember", groupId="team", practitionerId="alice", role="CO_LEADER")
    await ok(service, "addMember", groupId="team", practitionerId="bob")
    await ok(service, "scheduleSession", groupId="team", sessionId="s1",
             startsAt="2031-01-06T15:30:00Z", protocol="TUTOR_INPUT")  # fmt: skip
    await ok(service, "holdSession", groupId="team", sessionId="s1", attendeeIds=["alice", "bob"])


async def test_a_session_record_activities_and_peer_reviews_read_back(service) -> None:  # type: ignore[no-untyped-def]
    await a_held_session(service)
    await ok(service, "recordSessionLearning", who=token("bob"), groupId="team", sessionId="s1",
             protocols=["TUTOR_INPUT", "APPRECIATIVE_ENQUIRY", "READING"],
             learningPoints=["Start from strengths"], howWeWorked="Everyone spoke")  # fmt: skip
    await ok(service, "recordActivity", who=token("alice"), groupId="team", activityId="a1",
             kind="SCHOOL_VISIT", occurredAt="2031-01-10T09:00:00Z",
             participantIds=["alice", "bob"], schoolIds=["oak", "elm"])  # fmt: skip
    t = await ok(service, "linkPeerReview", groupId="team", peerReviewId="review-1")
    query = """query($t: String) { learningGroup(id: "team", consistencyToken: $t) {
      peerReviewIds participation { activities }
      activities { edges { node { id kind participantIds schoolIds recordedBy { id } } } }
      sessions { edges { node { protocols learningPoints howWeWorked recordedBy { id } } } } } }"""
    group = (await service.data(token("alice"), query, t=t))["learningGroup"]
    assert group["peerReviewIds"] == ["review-1"]
    assert group["participation"] == {"activities": 1}
    [activity] = [e["node"] for e in group["activities"]["edges"]]
    assert activity == {"id": "a1", "kind": "SCHOOL_VISIT", "participantIds": ["alice", "bob"],
                        "schoolIds": ["elm", "oak"], "recordedBy": {"id": "alice"}}  # fmt: skip
    [session] = [e["node"] for e in group["sessions"]["edges"]]
    assert session == {
        "protocols": ["APPRECIATIVE_ENQUIRY", "READING", "TUTOR_INPUT"],
        "learningPoints": ["Start from strengths"],
        "howWeWorked": "Everyone spoke",
        "recordedBy": {"id": "bob"},
    }
    # Someone outside the room sees the learning points, not how the group worked nor who did what.
    outside = (await service.data(token("zoe"), query, t=t))["learningGroup"]
    assert outside["activities"] is None
    [session] = [e["node"] for e in outside["sessions"]["edges"]]
    assert (session["learningPoints"], session["howWeWorked"]) == (["Start from strengths"], None)


async def test_the_rules_refuse_with_named_user_errors(service) -> None:  # type: ignore[no-untyped-def]
    coaching = {"groupId": "team", "activityId": "a2", "kind": "COACHING",
                "occurredAt": "2031-01-10T09:00:00Z"}  # fmt: skip
    lone = await run(
        service, token("alice"), "recordActivity", **coaching, participantIds=["alice"]
    )
    assert lone["userErrors"][0]["code"] == "ACTIVITY_NEEDS_TWO_PEOPLE"
    assert lone["userErrors"][0]["field"] == "participantIds"
    stranger = await run(service, token("zoe"), "recordSessionLearning", groupId="team",
                         sessionId="s1", protocols=["DIALOGUE"])  # fmt: skip
    assert stranger["userErrors"][0]["code"] == "NOT_GROUP_LEADER"
    twice = await run(service, ADMIN, "linkPeerReview", groupId="team", peerReviewId="review-1")
    assert twice["userErrors"][0]["code"] == "PEER_REVIEW_ALREADY_LINKED"


async def test_another_tenant_sees_and_changes_nothing(service) -> None:  # type: ignore[no-untyped-def]
    data = await service.data(INTRUDER, '{ learningGroup(id: "team") { id } }')
    assert data == {"learningGroup": None}
    for name, fields in (
        ("linkPeerReview", {"groupId": "team", "peerReviewId": "x"}),
        ("recordSessionLearning", {"groupId": "team", "sessionId": "s1", "protocols": ["READING"]}),
        (
            "recordActivity",
            {
                "groupId": "team",
                "activityId": "a9",
                "kind": "SHADOWING",
                "occurredAt": "2031-01-10T09:00:00Z",
                "participantIds": ["alice", "bob"],
            },
        ),
    ):
        result = await run(service, INTRUDER, name, **fields)
        assert result["userErrors"][0]["code"] == "LEARNING_GROUP_NOT_FOUND", (name, result)

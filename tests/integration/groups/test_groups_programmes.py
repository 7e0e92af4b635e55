"""Programmes through the subgraph: a cohort of co-leaders, each with the home group they lead;
the rules refuse with named user errors; another tenant sees and changes nothing."""

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


async def ok(service: Service, name: str, /, **fields: Any) -> str:
    result = await run(service, ADMIN, name, **fields)
    assert result["userErrors"] == [], (name, result)
    token_value: str = result["consistencyToken"]
    return token_value


async def test_a_cohort_shows_each_participant_with_their_home_group(service) -> None:  # type: ignore[no-untyped-def]
    await ok(service, "registerSchool", schoolId="oak", name="Oak")
    for person in ("alice", "bob"):
        await ok(service, "registerPractitioner", practitionerId=person, schoolId="oak",
                 givenName=person.title(), familyName="X", role="HEAD_TEACHER")  # fmt: skip
        await ok(service, "formLearningGroup", groupId=f"home-{person}", name=person,
                 kind="LEADERSHIP_LEARNING_GROUP")  # fmt: skip
        await ok(service, "addMember", groupId=f"home-{person}", practitionerId=person,
                 role="CO_LEADER")  # fmt: skip
    await ok(service, "establishProgramme", programmeId="prog", name="Leading together")
    await ok(service, "formCohort", programmeId="prog", cohortId="north", name="North",
             region="North")  # fmt: skip
    for person in ("alice", "bob"):
        t = await ok(service, "enrolParticipant", programmeId="prog", cohortId="north",
                     practitionerId=person, homeGroupId=f"home-{person}")  # fmt: skip
    data = await service.data(
        ADMIN,
        """query($t: String) { programme(id: "prog", consistencyToken: $t) { name
          cohorts { id region participants { practitioner { id } homeGroup { id name } } } }
          programmes { edges { node { id } } } }""",
        t=t,
    )
    [cohort] = data["programme"]["cohorts"]
    assert (cohort["id"], cohort["region"]) == ("north", "North")
    assert cohort["participants"] == [
        {"practitioner": {"id": "alice"}, "homeGroup": {"id": "home-alice", "name": "alice"}},
        {"practitioner": {"id": "bob"}, "homeGroup": {"id": "home-bob", "name": "bob"}},
    ]
    assert data["programmes"]["edges"] == [{"node": {"id": "prog"}}]
    wrong = await run(service, ADMIN, "enrolParticipant", programmeId="prog", cohortId="north",
                      practitionerId="alice", homeGroupId="home-bob")  # fmt: skip
    assert wrong["userErrors"][0]["code"] == "ALREADY_ENROLLED"
    t = await ok(service, "withdrawParticipant", programmeId="prog", practitionerId="bob")
    bob = {"programmeId": "prog", "cohortId": "north", "practitionerId": "bob"}
    not_leading = await run(service, ADMIN, "enrolParticipant", **bob, homeGroupId="home-alice")
    assert not_leading["userErrors"][0]["code"] == "PARTICIPANT_DOES_NOT_LEAD_HOME_GROUP"
    assert not_leading["userErrors"][0]["field"] == "homeGroupId"


async def test_another_tenant_sees_and_changes_nothing(service) -> None:  # type: ignore[no-untyped-def]
    data = await service.data(
        INTRUDER, '{ programme(id: "prog") { id } programmes { edges { node { id } } } }'
    )
    assert data == {"programme": None, "programmes": {"edges": []}}
    for name, fields in (
        ("formCohort", {"programmeId": "prog", "cohortId": "x", "name": "X"}),
        ("withdrawParticipant", {"programmeId": "prog", "practitionerId": "alice"}),
    ):
        result = await run(service, INTRUDER, name, **fields)
        assert result["userErrors"][0]["code"] == "PROGRAMME_NOT_FOUND", (name, result)


PLAN = """query($t: String) { network(id: "net", consistencyToken: $t) {
  plan { level focus hopes expectedBenefits baseline successMeasures } } }"""


async def test_a_network_plan_reads_back_level_by_level(service) -> None:  # type: ignore[no-untyped-def]
    await ok(service, "establishNetwork", networkId="net", name="Valley")
    for level, focus in (("SCHOOL_TO_SCHOOL", "Peer review"), ("PUPIL", "Reading at home")):
        t = await ok(service, "setNetworkPlanLevel", networkId="net", level=level, focus=focus,
                     baseline="31% weekly", successMeasures="50% weekly")  # fmt: skip
    plan = (await service.data(ADMIN, PLAN, t=t))["network"]["plan"]
    assert [(p["level"], p["focus"], p["baseline"]) for p in plan] == [
        ("PUPIL", "Reading at home", "31% weekly"),
        ("SCHOOL_TO_SCHOOL", "Peer review", "31% weekly"),
    ]
    empty = await run(service, ADMIN, "setNetworkPlanLevel", networkId="net", level="ADULT",
                      focus=" ")  # fmt: skip
    assert empty["userErrors"][0]["field"] == "focus"
    intruder = await run(service, INTRUDER, "setNetworkPlanLevel", networkId="net",
                         level="ADULT", focus="x")  # fmt: skip
    assert intruder["userErrors"][0]["code"] == "NETWORK_NOT_FOUND"
    assert (await service.data(INTRUDER, PLAN))["network"] is None

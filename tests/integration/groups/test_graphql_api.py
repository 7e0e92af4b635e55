"""The groups subgraph end to end in-process: real PostgreSQL, real Kafka, relay and projector."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.integration.groups.rig import a_groups_database
from tests.integration.groups.service import (
    Service,
    a_running_service,
    ids,
    settings_for,
    token,
)

pytestmark = pytest.mark.integration

ADMIN = token("admin", "tenant_admin")
INTRUDER = token("admin-b", "tenant_admin", tenant="tenant-b")
ALICE = token("alice")

PAYLOAD = "userErrors { code message field } consistencyToken"


@pytest.fixture(scope="module")
async def service(new_database, kafka_bootstrap: str) -> AsyncIterator[Service]:  # type: ignore[no-untyped-def]
    db = await a_groups_database(new_database)
    async with a_running_service(settings_for(db.owner_dsn, kafka_bootstrap)) as running:
        yield running


async def mutate(
    service: Service, name: str, entity: str, /, **fields: object
) -> dict[str, object]:
    input_type = f"{name[0].upper()}{name[1:]}Input"
    query = (
        f"mutation($input: {input_type}!) {{"
        f" {name}(input: $input) {{ {entity} {{ id }} {PAYLOAD} }} }}"
    )
    data = await service.data(ADMIN, query, input=fields)
    result: dict[str, object] = data[name]
    return result


async def ok(service: Service, name: str, entity: str, /, **fields: object) -> str:
    result = await mutate(service, name, entity, **fields)
    assert result["userErrors"] == [], result
    token_value = result["consistencyToken"]
    assert isinstance(token_value, str)
    return token_value


async def a_launched_group(service: Service) -> str:
    await ok(service, "registerSchool", "school", schoolId="oak", name="Oak")
    await ok(service, "registerSchool", "school", schoolId="elm", name="Elm")
    for person, school in (("alice", "oak"), ("bob", "elm"), ("carol", "oak")):
        await ok(
            service,
            "registerPractitioner",
            "practitioner",
            practitionerId=person,
            schoolId=school,
            givenName=person.title(),
            familyName="Example",
            role="TEACHER",
        )
    await ok(service, "establishNetwork", "network", networkId="net", name="North")
    await ok(service, "stateNetworkPurpose", "network", networkId="net", moralPurpose="All")
    for school in ("oak", "elm"):
        await ok(service, "joinNetwork", "network", networkId="net", schoolId=school)
    for person in ("alice", "bob"):
        await ok(
            service, "appointNetworkCoLeader", "network", networkId="net", practitionerId=person
        )
    await ok(service, "launchNetwork", "network", networkId="net")
    group = "learningGroup"
    await ok(
        service,
        "formLearningGroup",
        group,
        groupId="g1",
        name="Readers",
        kind="STUDY_GROUP",
        networkId="net",
    )
    await ok(service, "addMember", group, groupId="g1", practitionerId="alice", role="CO_LEADER")
    await ok(service, "addMember", group, groupId="g1", practitionerId="carol")
    await ok(service, "proposeGroundRules", group, groupId="g1", text="Listen first")
    for member in ("alice", "carol"):  # consent: each member agrees by their own act
        agreed = await service.data(
            token(member),
            'mutation { agreeGroundRules(input: {groupId: "g1", version: 1})'
            " { userErrors { code } } }",
        )
        assert agreed["agreeGroundRules"]["userErrors"] == []
    await ok(service, "launchLearningGroup", group, groupId="g1")
    await ok(
        service,
        "scheduleSession",
        group,
        groupId="g1",
        sessionId="s1",
        startsAt="2030-01-05T15:30:00+00:00",
        protocol="DIALOGUE",
    )
    await ok(
        service,
        "scheduleSession",
        group,
        groupId="g1",
        sessionId="s2",
        startsAt="2031-01-05T15:30:00Z",
        protocol="READING",
    )
    return await ok(
        service, "holdSession", group, groupId="g1", sessionId="s1", attendeeIds=["carol", "alice"]
    )


async def test_a_group_formed_through_the_api_reads_back_with_the_consistency_token(  # type: ignore[no-untyped-def]
    service,
) -> None:
    last = await a_launched_group(service)
    data = await service.data(
        ADMIN,
        """query($token: String) { learningGroup(id: "g1", consistencyToken: $token) {
             name kind status groundRulesAgreed
             network { name status hasSharedLeadership coLeaders { displayName role } }
             participation { sessionsHeld sessionsCancelled averageAttendance attendanceRate
               hiddenReason minimumPeople }
             members { edges { node { role practitioner { displayName } } } }
             sessions { edges { node { id status attendees { id } } } } } }""",
        token=last,
    )
    group = data["learningGroup"]
    assert (group["status"], group["groundRulesAgreed"]) == ("LAUNCHED", True)
    assert (group["kind"], group["network"]["status"]) == ("STUDY_GROUP", "LAUNCHED")
    assert group["network"]["hasSharedLeadership"] is True
    assert {c["role"] for c in group["network"]["coLeaders"]} == {"TEACHER"}
    # two members, below the default minimum of five: attendance is hidden, with the reason
    assert group["participation"] == {
        "sessionsHeld": 1,
        "sessionsCancelled": 0,
        "averageAttendance": None,
        "attendanceRate": None,
        "hiddenReason": "TOO_FEW_PEOPLE",
        "minimumPeople": 5,
    }
    members = [e["node"] for e in group["members"]["edges"]]
    assert [m["practitioner"]["displayName"] for m in members] == [
        "Alice Example",
        "Carol Example",
    ]
    sessions = [e["node"] for e in group["sessions"]["edges"]]
    assert [(s["id"], s["status"]) for s in sessions] == [
        ("s1", "HELD"),
        ("s2", "SCHEDULED"),
    ]
    assert ids(sessions[0]["attendees"]) == ["alice", "carol"]

    me = await service.data(
        ALICE,
        "{ me { groups { edges { node { id } } } nextSessions { id }"
        " practitioner { school { name } } } }",
    )
    assert ids(e["node"] for e in me["me"]["groups"]["edges"]) == ["g1"]
    assert ids(me["me"]["nextSessions"]) == ["s2"]
    assert me["me"]["practitioner"]["school"]["name"] == "Oak"

    page = await service.data(
        ADMIN,
        "{ schools(first: 1) { edges { node { id } cursor } pageInfo { hasNextPage endCursor } } }",
    )
    assert ids(e["node"] for e in page["schools"]["edges"]) == ["elm"]
    after = page["schools"]["pageInfo"]["endCursor"]
    rest = await service.data(
        ADMIN,
        "query($after: String) { schools(first: 5, after: $after) {"
        " edges { node { id } } pageInfo { hasNextPage } } }",
        after=after,
    )
    assert ids(e["node"] for e in rest["schools"]["edges"]) == ["oak"]
    assert rest["schools"]["pageInfo"]["hasNextPage"] is False


async def test_another_tenant_reads_nothing_and_cannot_mutate(service) -> None:  # type: ignore[no-untyped-def]
    last = await ok(service, "registerSchool", "school", schoolId="birch", name="Birch")
    data = await service.data(
        INTRUDER,
        'query($t: String) { school(id: "birch", consistencyToken: $t) { id }'
        " schools { edges { node { id } } } }",
        t=last,
    )
    assert data == {"school": None, "schools": {"edges": []}}
    body = await service.data(
        INTRUDER,
        'mutation { updateSchool(input: {schoolId: "birch", name: "Mine"})'
        f" {{ school {{ id }} {PAYLOAD} }} }}",
    )
    (error,) = body["updateSchool"]["userErrors"]
    assert (error["code"], error["field"]) == ("SCHOOL_NOT_FOUND", "schoolId")
    assert body["updateSchool"]["consistencyToken"] is None


async def test_shared_leadership_needs_co_leaders_from_two_member_schools(service) -> None:  # type: ignore[no-untyped-def]
    async def shared(last: str) -> bool:
        data = await service.data(
            ADMIN,
            'query($t: String) { network(id: "duo", consistencyToken: $t)'
            " { hasSharedLeadership } }",
            t=last,
        )
        return bool(data["network"]["hasSharedLeadership"])

    for school in ("lime", "pine"):
        await ok(service, "registerSchool", "school", schoolId=school, name=school.title())
    for person, school in (("lena", "lime"), ("liam", "lime"), ("pia", "pine")):
        await ok(
            service,
            "registerPractitioner",
            "practitioner",
            practitionerId=person,
            schoolId=school,
            givenName=person.title(),
            familyName="Example",
            role="HEAD_TEACHER",
        )
    last = await ok(service, "establishNetwork", "network", networkId="duo", name="Duo")
    assert await shared(last) is False
    for school in ("lime", "pine"):
        await ok(service, "joinNetwork", "network", networkId="duo", schoolId=school)
    for person in ("lena", "liam"):
        last = await ok(
            service, "appointNetworkCoLeader", "network", networkId="duo", practitionerId=person
        )
    assert await shared(last) is False  # two co-leaders, one school
    last = await ok(
        service, "appointNetworkCoLeader", "network", networkId="duo", practitionerId="pia"
    )
    assert await shared(last) is True
    last = await ok(service, "leaveNetwork", "network", networkId="duo", schoolId="pine")
    assert await shared(last) is False  # pia stood down with her school


async def test_a_value_outside_an_enum_is_a_validation_error_naming_the_argument(service) -> None:  # type: ignore[no-untyped-def]
    body = await service.gql(
        ADMIN,
        "mutation($input: RegisterPractitionerInput!) {"
        f" registerPractitioner(input: $input) {{ {PAYLOAD} }} }}",
        input={
            "practitionerId": "zed",
            "schoolId": "oak",
            "givenName": "Zed",
            "familyName": "Example",
            "role": "WIZARD",
        },
    )
    (error,) = body["errors"]
    assert ".role" in error["message"]
    assert "PractitionerRole" in error["message"]
    inline = await service.gql(
        ADMIN,
        'mutation { formLearningGroup(input: {groupId: "x", name: "X", kind: BOOK_CLUB})'
        f" {{ {PAYLOAD} }} }}",
    )
    assert "GroupKind" in inline["errors"][0]["message"]


async def test_bad_input_is_a_user_error_naming_the_field(service) -> None:  # type: ignore[no-untyped-def]
    result = await mutate(service, "registerSchool", "school", schoolId="x", name="  ")
    errors: Any = result["userErrors"]
    (error,) = errors
    assert (error["code"], error["field"]) == ("INVALID_INPUT", "name")
    assert result["school"] is None


async def test_a_missing_or_forged_token_is_unauthenticated(service) -> None:  # type: ignore[no-untyped-def]
    for credential in (None, "not-a-jwt"):
        body = await service.gql(credential, '{ school(id: "oak") { id } }')
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_the_subgraph_sdl_declares_the_four_entities(service) -> None:  # type: ignore[no-untyped-def]
    # Every operation needs a token, _service included: the gateway composes from SDL printed
    # offline (`clc-groups sdl`).
    data = await service.data(token("gateway"), "{ _service { sdl } }")
    sdl = data["_service"]["sdl"]
    for entity in ("School", "Practitioner", "Network", "LearningGroup"):
        assert f'type {entity} @key(fields: "id")' in sdl


async def test_health_readiness_and_metrics(service) -> None:  # type: ignore[no-untyped-def]
    assert (await service.http.get("/healthz")).status_code == 200
    ready = await service.http.get("/readyz")
    assert ready.json() == {
        "database": True,
        "projector": True,
        "degraded": False,
        "deadLetters": {},
    }
    metrics = (await service.http.get("/metrics")).text
    assert "groups_events_appended_total" in metrics
    assert "groups_projector_dead_lettered_total 0" in metrics


async def test_proposed_but_not_agreed_ground_rules_leave_the_group_readable(service) -> None:  # type: ignore[no-untyped-def]
    await ok(
        service,
        "formLearningGroup",
        "learningGroup",
        groupId="g-rules",
        name="R",
        kind="STUDY_GROUP",
    )
    data = await service.data(
        ADMIN,
        "mutation($input: ProposeGroundRulesInput!) { proposeGroundRules(input: $input) {"
        " learningGroup { groundRulesVersion groundRulesAgreed groundRules { agreed } }"
        f" {PAYLOAD} }} }}",
        input={"groupId": "g-rules", "text": "Listen first"},
    )
    group = data["proposeGroundRules"]["learningGroup"]
    assert group == {
        "groundRulesVersion": 1,
        "groundRulesAgreed": False,
        "groundRules": [{"agreed": False}],
    }
    token_value = data["proposeGroundRules"]["consistencyToken"]
    read = await service.data(
        ADMIN,
        'query($t: String) { learningGroup(id: "g-rules", consistencyToken: $t)'
        " { groundRulesAgreed } }",
        t=token_value,
    )
    assert read["learningGroup"] == {"groundRulesAgreed": False}


async def test_a_command_id_reused_for_another_mutation_is_a_user_error(service) -> None:  # type: ignore[no-untyped-def]
    """The reported case: one key for establishNetwork then formLearningGroup used to return no
    errors and the network's token."""
    first = await ok(
        service, "establishNetwork", "network", networkId="n-key", name="N", commandId="key-1"
    )
    again = await ok(
        service, "establishNetwork", "network", networkId="n-key", name="N", commandId="key-1"
    )
    assert again == first
    reused = await mutate(
        service,
        "formLearningGroup",
        "learningGroup",
        groupId="g-key",
        name="G",
        kind="STUDY_GROUP",
        commandId="key-1",
    )
    (error,) = reused["userErrors"]  # type: ignore[misc]
    assert (error["code"], error["field"]) == ("IDEMPOTENCY_KEY_REUSED", "commandId")
    assert reused["consistencyToken"] is None
    for bad in ("", "k" * 3000):
        refused = await mutate(
            service, "registerSchool", "school", schoolId="s-key", name="S", commandId=bad
        )
        (error,) = refused["userErrors"]  # type: ignore[misc]
        assert (error["code"], error["field"]) == ("INVALID_COMMAND_ID", "commandId")

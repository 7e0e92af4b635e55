"""People beyond schools through the subgraph: an organisation, its people as practitioners,
network partners beside the co-leaders, and a facilitator and co-tutor of a network group; read
models under RLS (another tenant sees none of it)."""

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


async def run(service: Service, name: str, /, **fields: Any) -> dict[str, Any]:
    query = (
        f"mutation($input: {name[0].upper()}{name[1:]}Input!) {{"
        f" {name}(input: $input) {{ {PAYLOAD} }} }}"
    )
    result: dict[str, Any] = (await service.data(ADMIN, query, input=fields))[name]
    return result


async def ok(service: Service, name: str, /, **fields: Any) -> str:
    result = await run(service, name, **fields)
    assert result["userErrors"] == [], (name, result)
    token_value: str = result["consistencyToken"]
    return token_value


async def a_network_with_partners(service: Service) -> str:
    await ok(service, "registerSchool", schoolId="oak", name="Oak")
    await ok(service, "registerSchool", schoolId="elm", name="Elm")
    for org, kind in (("council", "LOCAL_AUTHORITY"), ("uni", "UNIVERSITY")):
        await ok(service, "registerOrganisation", organisationId=org, name=org, kind=kind)
    people = (("alice", "schoolId", "oak"), ("bob", "schoolId", "elm"))
    people += (("olive", "organisationId", "council"), ("uma", "organisationId", "uni"))
    for person, where, place in people:
        await ok(
            service,
            "registerPractitioner",
            practitionerId=person,
            givenName=person.title(),
            familyName="X",
            role="OFFICER" if where == "organisationId" else "TEACHER",
            **{where: place},
        )
    await ok(service, "establishNetwork", networkId="net", name="Valley")
    for school, person in (("oak", "alice"), ("elm", "bob")):
        await ok(service, "joinNetwork", networkId="net", schoolId=school)
        await ok(service, "appointNetworkCoLeader", networkId="net", practitionerId=person)
    await ok(service, "appointNetworkPartner", networkId="net", practitionerId="uma")
    await ok(service, "formLearningGroup", groupId="grp", name="G", kind="ENQUIRY_GROUP",
             networkId="net")  # fmt: skip
    await ok(service, "addMember", groupId="grp", practitionerId="alice", role="CO_LEADER")
    await ok(service, "addMember", groupId="grp", practitionerId="olive", role="FACILITATOR")
    return await ok(service, "addMember", groupId="grp", practitionerId="uma", role="CO_TUTOR")


async def test_people_of_organisations_take_part_beside_the_schools(service) -> None:  # type: ignore[no-untyped-def]
    last = await a_network_with_partners(service)
    data = await service.data(
        ADMIN,
        """query($t: String) {
          organisation(id: "council", consistencyToken: $t) {
            name kind practitioners { edges { node { id organisationId worksAtSchoolId } } } }
          organisations { edges { node { id kind } } }
          network(id: "net") {
            hasSharedLeadership coLeaders { id } partners { id organisation { kind } } }
          learningGroup(id: "grp") { members { edges { node {
            practitionerId role schoolId fromSchoolId organisationId organisation { name } } } } }
          practitioner(id: "uma") { schoolId worksAtSchoolId organisationId school { id }
            organisation { id kind } }
        }""",
        t=last,
    )
    council = data["organisation"]
    assert (council["name"], council["kind"]) == ("council", "LOCAL_AUTHORITY")
    [olive] = [e["node"] for e in council["practitioners"]["edges"]]
    assert olive == {"id": "olive", "organisationId": "council", "worksAtSchoolId": None}
    kinds = {e["node"]["id"]: e["node"]["kind"] for e in data["organisations"]["edges"]}
    assert kinds == {"council": "LOCAL_AUTHORITY", "uni": "UNIVERSITY"}
    network = data["network"]
    assert network["hasSharedLeadership"] is True
    assert [p["id"] for p in network["coLeaders"]] == ["alice", "bob"]
    assert network["partners"] == [{"id": "uma", "organisation": {"kind": "UNIVERSITY"}}]
    members = {e["node"]["practitionerId"]: e["node"] for e in
               data["learningGroup"]["members"]["edges"]}  # fmt: skip
    assert members["olive"]["role"] == "FACILITATOR"
    assert members["olive"]["fromSchoolId"] is None
    assert members["olive"]["organisation"] == {"name": "council"}
    assert members["uma"]["role"] == "CO_TUTOR"
    assert members["alice"]["fromSchoolId"] == members["alice"]["schoolId"] == "oak"
    uma = data["practitioner"]
    # schoolId stays non-null for existing clients: the organisation's id for its staff.
    assert (uma["schoolId"], uma["worksAtSchoolId"], uma["school"]) == ("uni", None, None)
    assert uma["organisation"] == {"id": "uni", "kind": "UNIVERSITY"}


async def test_the_rules_refuse_with_named_user_errors(service) -> None:  # type: ignore[no-untyped-def]
    zed = {"practitionerId": "zed", "givenName": "Z", "familyName": "Z", "role": "TEACHER"}
    both = await run(service, "registerPractitioner", **zed, schoolId="oak", organisationId="uni")
    assert [e["code"] for e in both["userErrors"]] == ["WORKS_AT_SCHOOL_OR_ORGANISATION"]
    unknown = await run(service, "registerPractitioner", **zed, organisationId="nowhere")
    assert unknown["userErrors"][0]["code"] == "ORGANISATION_NOT_REGISTERED"
    assert unknown["userErrors"][0]["field"] == "organisationId"
    partner = await run(service, "appointNetworkPartner", networkId="net", practitionerId="alice")
    assert partner["userErrors"][0]["code"] == "PARTNER_NOT_FROM_ORGANISATION"
    co_leader = await run(
        service, "appointNetworkCoLeader", networkId="net", practitionerId="olive"
    )
    assert co_leader["userErrors"][0]["code"] == "CO_LEADER_NOT_FROM_MEMBER_SCHOOL"


async def test_another_tenant_sees_no_organisation_nor_partner(service) -> None:  # type: ignore[no-untyped-def]
    data = await service.data(
        INTRUDER,
        '{ organisation(id: "council") { id } organisations { edges { node { id } } } }',
    )
    assert data == {"organisation": None, "organisations": {"edges": []}}
    result = await service.data(
        INTRUDER,
        'mutation { updateOrganisation(input: {organisationId: "council", name: "X",'
        " kind: CHARITY}) { userErrors { code } } }",
    )
    assert result["updateOrganisation"]["userErrors"] == [{"code": "ORGANISATION_NOT_FOUND"}]

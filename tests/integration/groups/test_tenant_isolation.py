"""Tenant isolation, systematically: a tenant-B admin who knows every id of tenant A reads
nothing of A by any query and changes nothing of A by any mutation.

Tenant A gets one of everything through the API. The root queries and the mutations are taken from
the schema itself (introspection): queries aimed at A's ids (``A_ENTITY_IDS``), ``_entities`` for
every entity type, and mutations with minimal inputs built from their types that aim at A's ids
(``A_IDS``). A query or mutation added later is covered without touching this test (or fails it,
if it takes an id of a kind this test does not know yet — then say which of A's ids it should aim
at). B's ``me`` (B's admin carries the person id of one of A's practitioners) is no one.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from eventkit.pg import connect

from tests.integration.groups.rig import a_groups_database
from tests.integration.groups.service import Service, a_running_service, settings_for, token
from tests.support.privacy_isolation import PRIVACY_ROOTS, PRIVACY_TYPES, assert_privacy_isolated

pytestmark = pytest.mark.integration

ADMIN_A = token("admin-a", "tenant_admin", tenant="tenant-a")
# B's admin even carries the person id of one of A's practitioners.
ADMIN_B = token("a-alice", "tenant_admin", tenant="tenant-b")

#: input field name -> the id of tenant A it aims at
A_IDS = {
    "schoolId": "a-oak",
    "organisationId": "a-council",
    "practitionerId": "a-alice",
    "networkId": "a-net",
    "groupId": "a-grp",
    "sessionId": "a-s1",
    "artefactId": "a-artefact",
    "activityId": "a-activity",
    "peerReviewId": "a-review",
    "programmeId": "a-prog",
    "partnerTenantId": "tenant-a",
    "partnerNetworkId": "a-net",
    "cohortId": "a-cohort",
    "homeGroupId": "a-grp",
    "cohortGroupId": "a-grp",
}

SAMPLE_SCALARS: dict[str, Any] = {
    "String": "x",
    "Int": 1,
    "Float": 1.0,
    "Boolean": True,
    "DateTime": "2035-01-01T09:00:00Z",
}

#: refusals that reveal nothing: the id is unknown (to B), taken, or B may not act on it.
REFUSALS = {
    "CONCURRENT_CHANGE",
    # registerPractitioner aimed at both a school and an organisation of A: refused on its shape
    "WORKS_AT_SCHOOL_OR_ORGANISATION",
    "NOT_TENANT_ADMIN",
    "NOT_NETWORK_LEADER",
    "NOT_GROUP_LEADER",
}


def a_refusal(code: str) -> bool:
    return code in REFUSALS or code.endswith(("_NOT_FOUND", "_NOT_REGISTERED"))


@pytest.fixture(scope="module")
async def world(new_database, kafka_bootstrap: str) -> AsyncIterator[tuple[Service, str]]:  # type: ignore[no-untyped-def]
    db = await a_groups_database(new_database)
    async with a_running_service(settings_for(db.owner_dsn, kafka_bootstrap)) as running:
        await everything_of_tenant_a(running)
        yield running, db.owner_dsn


async def ok(service: Service, name: str, /, **fields: Any) -> str:
    query = (
        f"mutation($input: {name[0].upper()}{name[1:]}Input!) {{"
        f" {name}(input: $input) {{ userErrors {{ code message }} consistencyToken }} }}"
    )
    result = (await service.data(ADMIN_A, query, input=fields))[name]
    assert result["userErrors"] == [], (name, result)
    token_value: str = result["consistencyToken"]
    return token_value


async def everything_of_tenant_a(service: Service) -> None:
    for school in ("a-oak", "a-elm"):
        await ok(service, "registerSchool", schoolId=school, name=school)
    for person, school in (("a-alice", "a-oak"), ("a-bob", "a-elm")):
        await ok(
            service,
            "registerPractitioner",
            practitionerId=person,
            schoolId=school,
            givenName=person,
            familyName="A",
            role="TEACHER",
        )
    await ok(
        service,
        "registerOrganisation",
        organisationId="a-council",
        name="A council",
        kind="LOCAL_AUTHORITY",
    )
    await ok(
        service,
        "registerPractitioner",
        practitionerId="a-olive",
        organisationId="a-council",
        givenName="Olive",
        familyName="A",
        role="OFFICER",
    )
    await ok(service, "establishNetwork", networkId="a-net", name="A net")
    await ok(service, "appointNetworkPartner", networkId="a-net", practitionerId="a-olive")
    await ok(service, "stateNetworkPurpose", networkId="a-net", moralPurpose="A purpose")
    for school, person in (("a-oak", "a-alice"), ("a-elm", "a-bob")):
        await ok(service, "joinNetwork", networkId="a-net", schoolId=school)
        await ok(service, "appointNetworkCoLeader", networkId="a-net", practitionerId=person)
    await ok(service, "launchNetwork", networkId="a-net")
    group = {"groupId": "a-grp"}
    await ok(
        service, "formLearningGroup", **group, name="A group", kind="STUDY_GROUP", networkId="a-net"
    )
    await ok(service, "addMember", **group, practitionerId="a-alice", role="CO_LEADER")
    await ok(service, "addMember", **group, practitionerId="a-bob")
    await ok(service, "addMember", **group, practitionerId="a-olive", role="FACILITATOR")
    await ok(service, "proposeGroundRules", **group, text="A rules")
    for member in ("a-alice", "a-bob", "a-olive"):  # consent: each agrees by their own act
        body = await service.data(
            token(member, tenant="tenant-a"),
            'mutation { agreeGroundRules(input: {groupId: "a-grp", version: 1})'
            " { userErrors { code } } }",
        )
        assert body["agreeGroundRules"]["userErrors"] == []
    await ok(service, "launchLearningGroup", **group)
    await ok(service, "establishProgramme", programmeId="a-prog", name="A programme")
    await ok(service, "formCohort", programmeId="a-prog", cohortId="a-cohort", name="A cohort")
    await ok(service, "enrolParticipant", programmeId="a-prog", cohortId="a-cohort",
             practitionerId="a-alice", homeGroupId="a-grp")  # fmt: skip
    for session in ("a-s1", "a-s2"):
        await ok(
            service,
            "scheduleSession",
            **group,
            sessionId=session,
            startsAt="2035-01-01T09:00:00Z",
            protocol="DIALOGUE",
        )
    last = await ok(service, "holdSession", **group, sessionId="a-s2", attendeeIds=["a-alice"])
    # A itself sees it all, so what B does not see is hidden, not missing.
    data = await service.data(
        ADMIN_A,
        'query($t: String) { learningGroup(id: "a-grp", consistencyToken: $t) {'
        " participation { sessionsHeld } } }",
        t=last,
    )
    assert data["learningGroup"]["participation"]["sessionsHeld"] == 1


async def stream_versions(owner_dsn: str) -> dict[str, Any]:
    conn = await connect(owner_dsn)
    try:
        rows = await conn.fetch(
            "select tenant_id, stream_id, max(stream_version) as version from events"
            " group by tenant_id, stream_id"
        )
    finally:
        await conn.close()
    return {f"{r['tenant_id']}/{r['stream_id']}": r["version"] for r in rows}


#: entity type -> the id of tenant A a query for it aims at
A_ENTITY_IDS = {
    "School": "a-oak",
    "Organisation": "a-council",
    "Practitioner": "a-alice",
    "Network": "a-net",
    "LearningGroup": "a-grp",
    "Programme": "a-prog",
}


async def query_fields(service: Service) -> list[dict[str, Any]]:
    data = await service.data(
        ADMIN_A,
        "{ __schema { queryType { fields { name type { " + TYPE_REF + " }"
        " args { name type { " + TYPE_REF + " } } } } } }",
    )
    fields: list[dict[str, Any]] = data["__schema"]["queryType"]["fields"]
    return fields


def named(ref: dict[str, Any]) -> str:
    while ref["ofType"] is not None:
        ref = ref["ofType"]
    return str(ref["name"])


async def test_tenant_b_reads_nothing_of_tenant_a_by_any_query(world) -> None:  # type: ignore[no-untyped-def]
    """Every root query field (found by introspection, so new ones are covered) aimed at A's
    ids, and ``_entities`` for every entity type, read as B's admin: nothing at all."""
    service, _ = world
    parts, expected = [], {}
    for field in await query_fields(service):
        name, returns = field["name"], named(field["type"])
        required = [a["name"] for a in field["args"] if a["type"]["kind"] == "NON_NULL"]
        if name in ("_service", "_entities", "me", *PRIVACY_ROOTS):
            continue  # the SDL; entities just below; me is B's own; privacy: its own test
        if returns.endswith("Connection"):
            assert required == [], (name, required)
            parts.append(f"{name} {{ edges {{ node {{ __typename }} }} }}")
            expected[name] = {"edges": []}
        else:
            assert required == ["id"], f"which of tenant A's ids should {name}{required} aim at?"
            assert returns in A_ENTITY_IDS, f"which of tenant A's ids should {name} aim at?"
            parts.append(f'{name}(id: "{A_ENTITY_IDS[returns]}") {{ __typename }}')
            expected[name] = None
    assert set(expected) >= {"school", "schools", "network", "learningGroups"}
    entity_types = await service.data(
        ADMIN_A, '{ __type(name: "_Entity") { possibleTypes { name } } }'
    )
    types = [t["name"] for t in entity_types["__type"]["possibleTypes"]]
    types = [t for t in types if t not in PRIVACY_TYPES]  # not keyed by id: their own test
    assert set(types) == set(A_ENTITY_IDS), "which of tenant A's ids should _entities aim at?"
    data = await service.data(
        ADMIN_B,
        "query($reps: [_Any!]!) { " + " ".join(parts) + " _entities(representations: $reps)"
        " { __typename } }",
        reps=[{"__typename": t, "id": A_ENTITY_IDS[t]} for t in types],
    )
    assert data == {**expected, "_entities": [None] * len(types)}
    # …while A, with the same query, sees each of them: what B does not see is hidden.
    seen = await service.data(
        ADMIN_A,
        "query($reps: [_Any!]!) { " + " ".join(parts) + " _entities(representations: $reps)"
        " { __typename } }",
        reps=[{"__typename": t, "id": A_ENTITY_IDS[t]} for t in types],
    )
    assert all(v is not None and v != {"edges": []} for v in seen.values()), seen
    assert None not in seen["_entities"]


async def test_tenant_b_has_no_me_even_with_the_person_id_of_one_of_tenant_a(world) -> None:  # type: ignore[no-untyped-def]
    service, _ = world
    body = await service.gql(
        ADMIN_B, "{ me { personId practitioner { id } groups { edges { node { id } } } } }"
    )
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["PERSON_NOT_REGISTERED"]


TYPE_REF = "kind name ofType { kind name ofType { kind name ofType { kind name } } }"


async def mutation_fields(service: Service) -> list[dict[str, Any]]:
    # Introspection needs a token too (every operation does).
    data = await service.data(
        ADMIN_B,
        "{ __schema { mutationType { fields { name args { name type { " + TYPE_REF + " } } } } } }",
    )
    fields: list[dict[str, Any]] = data["__schema"]["mutationType"]["fields"]
    return fields


class Inputs:
    """Minimal values for a type, aiming every id at tenant A, built from introspection."""

    def __init__(self, service: Service) -> None:
        self._service = service
        self.aimed = 0  # how many of A's ids the values built so far name

    async def value(self, ref: dict[str, Any], field: str) -> Any:
        kind = ref["kind"]
        if kind == "NON_NULL":
            return await self.value(ref["ofType"], field)
        if kind == "LIST":
            return []
        if kind == "ENUM":
            data = await self._type(ref["name"])
            return data["enumValues"][0]["name"]
        if kind == "INPUT_OBJECT":
            data = await self._type(ref["name"])
            built = {}
            for f in data["inputFields"]:
                required = f["type"]["kind"] == "NON_NULL" and f["defaultValue"] is None
                if required or f["name"] in A_IDS:
                    built[f["name"]] = await self.value(f["type"], f["name"])
            return built
        if ref["name"] == "ID":
            assert field in A_IDS, f"which of tenant A's ids should {field!r} aim at?"
            self.aimed += 1
            return A_IDS[field]
        return SAMPLE_SCALARS[ref["name"]]

    async def _type(self, name: str) -> dict[str, Any]:
        data = await self._service.data(
            ADMIN_B,
            "query($n: String!) { __type(name: $n) { enumValues { name }"
            " inputFields { name defaultValue type { " + TYPE_REF + " } } } }",
            n=name,
        )
        found: dict[str, Any] = data["__type"]
        return found


def type_literal(ref: dict[str, Any]) -> str:
    if ref["kind"] == "NON_NULL":
        return f"{type_literal(ref['ofType'])}!"
    if ref["kind"] == "LIST":
        return f"[{type_literal(ref['ofType'])}]"
    return str(ref["name"])


async def test_tenant_b_changes_nothing_of_tenant_a_by_any_mutation(world) -> None:  # type: ignore[no-untyped-def]
    service, owner_dsn = world
    before = await stream_versions(owner_dsn)
    assert any(key.startswith("tenant-a/") for key in before)
    inputs = Inputs(service)
    fields = await mutation_fields(service)
    assert len(fields) >= 25
    outcomes = {}
    untargeted = set()
    created: set[str] = set()
    for field in fields:
        name, args = field["name"], field["args"]
        params = ", ".join(f"${a['name']}: {type_literal(a['type'])}" for a in args)
        passed = ", ".join(f"{a['name']}: ${a['name']}" for a in args)
        inputs.aimed = 0
        variables = {a["name"]: await inputs.value(a["type"], a["name"]) for a in args}
        if not inputs.aimed:
            untargeted.add(name)
        selection = "userErrors { code } consistencyToken"
        body = await service.data(
            ADMIN_B, f"mutation({params}) {{ {name}({passed}) {{ {selection} }} }}", **variables
        )
        result = body[name]
        codes = [e["code"] for e in result["userErrors"]]
        outcomes[name] = codes
        if result["consistencyToken"] is not None:
            # Stream ids are per tenant: B may create its own aggregate under an id A uses,
            # without an error that would reveal A's. It lands in B's tenant (checked below).
            assert not codes, (name, variables, result)
            created.add(name)
            continue
        # A mutation aimed at A's ids is refused, as if they did not exist (or were taken).
        if name not in untargeted:
            assert codes, (name, variables, result)
        # Once B has created its own aggregates under A's ids (above), later refusals concern
        # those, and may be any rule of B's own; until then only "unknown or not yours".
        if not created:
            assert all(a_refusal(c) for c in codes), (name, variables, codes)
    # Only a mutation that cannot name an id (the roster import takes files) aims at nothing.
    assert untargeted == {"importRoster"}
    after = await stream_versions(owner_dsn)
    assert {k: v for k, v in after.items() if k.startswith("tenant-a/")} == before, outcomes
    new_streams = set(after) - set(before)
    assert all(k.startswith("tenant-b/") for k in new_streams), new_streams
    # B registered its own school under A's school id: ids are per tenant.
    assert "registerSchool" in created, outcomes


async def test_tenant_b_exports_and_audits_nothing_of_tenant_a(world) -> None:  # type: ignore[no-untyped-def]
    service, _ = world

    async def data(bearer: str, query: str) -> dict[str, Any]:
        return await service.data(bearer, query)

    await assert_privacy_isolated(data, "groups", ADMIN_A, ADMIN_B, "a-alice", "tenant-a")
    # the root fields too: B's admin gets B's (empty) part and B's own log, nothing of A's
    roots = (
        '{ personalDataExport(practitionerId: "a-alice") { groups }'
        " personalDataAudit { groups { edges { node { practitioner { id } } } } } }"
    )
    as_b = await service.data(ADMIN_B, roots)
    tables = as_b["personalDataExport"]["groups"]["tables"]
    assert all(r["tenant_id"] == "tenant-b" for rows in tables.values() for r in rows)
    about = [e["node"]["practitioner"] for e in as_b["personalDataAudit"]["groups"]["edges"]]
    assert all(p is None for p in about)  # B has no practitioners: none of A's resolves
    as_a = await service.data(ADMIN_A, roots)
    profile = as_a["personalDataExport"]["groups"]["tables"]["gr_practitioners"]
    assert [p["practitioner_id"] for p in profile] == ["a-alice"]

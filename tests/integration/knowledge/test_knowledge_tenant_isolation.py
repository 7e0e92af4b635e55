"""Tenant isolation of the knowledge subgraph, systematically: a tenant-B admin who knows every
id of tenant A reads nothing of A by any query and changes nothing of A by any mutation.

Tenant A gets one of everything through the API. The root queries and the mutations are taken from
the schema itself (introspection), as in the groups and enquiry services' tests: queries aimed at
A's ids (``A_ENTITY_IDS``), ``_entities`` for every entity type, and mutations with minimal inputs
built from their types that aim at A's ids (``A_IDS``). A query or mutation added later is covered
without touching this test (or fails it, if it takes an id of a kind this test does not know yet —
then say which of A's ids it should aim at).

The commons is the one place made for sharing across tenants: what A *published to the commons*
B may read (the travel test shows it). Here A publishes nothing there, so the commons is empty for
both, and ``commonsArtefact`` aimed at the commons id of A's artefact finds nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from clc_knowledge.application import commons_id
from eventkit.pg import connect

from tests.integration.knowledge.files import multipart_data, pdf_with
from tests.integration.knowledge.service import Service, a_running_service, settings_for, token
from tests.support.privacy_isolation import PRIVACY_TYPES, assert_privacy_isolated

pytestmark = pytest.mark.integration

ADMIN_A = token("admin-a", "tenant_admin", tenant="tenant-a")
ADMIN_B = token("a-alice", "tenant_admin", tenant="tenant-b")  # even with a person id of A's

A_ARTEFACT = "6f1b3c2d-1e0f-4a9b-8c7d-5e4f3a2b1c01"
A_ADAPTATION = "6f1b3c2d-1e0f-4a9b-8c7d-5e4f3a2b1c02"
A_USE = "6f1b3c2d-1e0f-4a9b-8c7d-5e4f3a2b1c03"

#: input field name -> the id of tenant A it aims at
A_IDS = {
    "artefactId": A_ARTEFACT,
    "sourceArtefactId": A_ARTEFACT,
    "sourceCommonsId": commons_id("tenant-a", A_ARTEFACT),
    "useId": A_USE,
    "groupId": "a-grp",
    "schoolId": "a-oak",
    "networkId": "a-net",
    "enquiryId": "a-enq",
    "sessionId": "a-s1",
    "contributorIds": "a-bob",
    "attachmentId": "6f1b3c2d-1e0f-4a9b-8c7d-5e4f3a2b1c04",
    # toolkits and climate audits (their own test, test_toolkit_audit_tenants.py, seeds A's)
    "toolkitId": "6f1b3c2d-1e0f-4a9b-8c7d-5e4f3a2b1c05",
    "auditId": "6f1b3c2d-1e0f-4a9b-8c7d-5e4f3a2b1c06",
    "toolArtefactId": A_ARTEFACT,
}

#: queries that read no tenant's data (the built-in climate instrument's statements)
NOT_TENANT_DATA = ("climateAuditStatements",)

#: entity type -> the id of tenant A a query for it aims at
A_ENTITY_IDS = {
    "Artefact": A_ARTEFACT,
    "CommonsArtefact": commons_id("tenant-a", A_ARTEFACT),
    "Toolkit": "6f1b3c2d-1e0f-4a9b-8c7d-5e4f3a2b1c05",
    "ClimateAudit": "6f1b3c2d-1e0f-4a9b-8c7d-5e4f3a2b1c06",
}

#: entity types of other services this subgraph extends -> (A's id, the list field it adds)
A_EXTENDED = {
    "LearningGroup": ("a-grp", "artefacts"),
    "Network": ("a-net", "artefacts"),
    "Enquiry": ("a-enq", "artefacts"),
    "Practitioner": ("a-alice", "contributedArtefacts"),
}

SAMPLE_SCALARS: dict[str, Any] = {
    "String": "x",
    "Int": 1,
    "Float": 1.0,
    "Boolean": True,
    "Date": "2035-01-01",
    "DateTime": "2035-01-01T09:00:00Z",
    "Upload": None,  # the file travels as a part of a multipart request (see the mutations)
}

#: refusals that reveal nothing: the id is unknown (to B), or taken
REFUSALS = {"CONCURRENT_CHANGE"}

SELECTION = "userErrors { code } consistencyToken"

#: mutations that create an aggregate under the id they are given (B may, in its own tenant)
CREATING = ("draft", "adapt", "create")

TYPE_REF = "kind name ofType { kind name ofType { kind name ofType { kind name } } }"


def a_refusal(code: str) -> bool:
    return code in REFUSALS or code.endswith("_NOT_FOUND")


@pytest.fixture(scope="module")
async def service(new_database, kafka_bootstrap: str) -> AsyncIterator[Service]:  # type: ignore[no-untyped-def]
    owner_dsn = await new_database(f"knowledge_{uuid.uuid4().hex[:8]}")
    async with a_running_service(settings_for(owner_dsn, kafka_bootstrap)) as running:
        await everything_of_tenant_a(running)
        yield running


async def everything_of_tenant_a(service: Service) -> None:
    place = {"groupId": "a-grp", "schoolId": "a-oak", "networkId": "a-net"}
    await service.ok(
        ADMIN_A,
        "draftArtefact",
        "artefact",
        artefactId=A_ARTEFACT,
        kind="CASE_STUDY",
        knowledgeField="PRACTITIONER",
        title="A case",
        body="What happened at Oak.",
        levels=["SCHOOL_WIDE"],
        provenance={"kind": "ENQUIRY", "id": "a-enq"},
        contributorIds=["a-alice"],
        visibility="NETWORK",
        **place,
    )
    await service.ok(ADMIN_A, "publishArtefact", "artefact", artefactId=A_ARTEFACT)
    await service.ok(
        ADMIN_A,
        "adaptArtefact",
        "artefact",
        artefactId=A_ADAPTATION,
        sourceArtefactId=A_ARTEFACT,
        visibility="TENANT",
    )
    last = await service.ok(
        ADMIN_A,
        "recordArtefactUse",
        "artefact",
        artefactId=A_ARTEFACT,
        useId=A_USE,
        context="SESSION",
        groupId="a-grp",
        sessionId="a-s1",
    )
    seen = await service.data(
        ADMIN_A,
        'query($t: String) { artefact(id: "' + A_ARTEFACT + '", consistencyToken: $t) {'
        " uses lineage { adaptations { artefact { id } } } } }",
        t=last,
    )
    assert seen["artefact"]["uses"] == 1
    assert seen["artefact"]["lineage"]["adaptations"] != []


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


def named(ref: dict[str, Any]) -> str:
    while ref.get("ofType") is not None:
        ref = ref["ofType"]
    return str(ref["name"])


async def reads(service: Service) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
    """The query reading everything of A, what B must get, and ``_entities`` representations."""
    data = await service.data(
        ADMIN_A,
        "{ __schema { queryType { fields { name type { " + TYPE_REF + " }"
        " args { name type { " + TYPE_REF + " } } } } } }",
    )
    parts, expected = [], {}
    for field in data["__schema"]["queryType"]["fields"]:
        name, returns = field["name"], named(field["type"])
        required = [a["name"] for a in field["args"] if a["type"]["kind"] == "NON_NULL"]
        if name in ("_service", "_entities", *NOT_TENANT_DATA):
            continue
        if returns.endswith("Connection"):
            assert all(a in A_IDS for a in required), f"which of A's ids should {name} aim at?"
            args = ", ".join(f'{a}: "{A_IDS[a]}"' for a in required)
            call = f"{name}({args})" if args else name
            parts.append(f"{call} {{ edges {{ node {{ __typename }} }} }}")
            expected[name] = {"edges": []}
        else:
            assert required == ["id"], f"which of tenant A's ids should {name}{required} aim at?"
            assert returns in A_ENTITY_IDS, f"which of tenant A's ids should {name} aim at?"
            parts.append(f'{name}(id: "{A_ENTITY_IDS[returns]}") {{ __typename }}')
            expected[name] = None
    types = await service.data(ADMIN_A, '{ __type(name: "_Entity") { possibleTypes { name } } }')
    entity_types = [t["name"] for t in types["__type"]["possibleTypes"]]
    entity_types = [t for t in entity_types if t not in PRIVACY_TYPES]  # their own test
    assert set(entity_types) == {"Artefact", "Toolkit", "ClimateAudit", *A_EXTENDED}, (
        "which of A's ids should they aim at?"
    )
    selections = " ".join(
        f"... on {t} {{ {f} {{ edges {{ node {{ id }} }} }} }}" for t, (_, f) in A_EXTENDED.items()
    )
    reps = [{"__typename": "Artefact", "id": A_ARTEFACT}] + [
        {"__typename": t, "id": i} for t, (i, _) in A_EXTENDED.items()
    ]
    query = (
        "query($reps: [_Any!]!) { " + " ".join(parts) + " _entities(representations: $reps)"
        " { __typename ... on Artefact { id } " + selections + " } }"
    )
    return query, expected, reps


async def test_tenant_b_reads_nothing_of_tenant_a_by_any_query(service: Service) -> None:
    query, expected, reps = await reads(service)
    data = await service.data(ADMIN_B, query, reps=reps)
    entities = data.pop("_entities")
    assert data == expected
    assert entities[0] is None  # A's artefact
    for found, (typename, (_, field)) in zip(entities[1:], A_EXTENDED.items(), strict=True):
        assert found == {"__typename": typename, field: {"edges": []}}
    # …while A, with the same query, sees each of them (the commons aside: see the docstring)
    seen = await service.data(ADMIN_A, query, reps=reps)
    assert seen["artefact"] is not None
    assert seen["_entities"][0] == {"__typename": "Artefact", "id": A_ARTEFACT}
    for found, (_, field) in zip(seen["_entities"][1:], A_EXTENDED.values(), strict=True):
        assert found[field]["edges"] != [], found


class Inputs:
    """Minimal values for a type, aiming every id at tenant A, built from introspection; a
    required list of enum values gets the first value (an empty one would be refused before any
    id is looked at)."""

    def __init__(self, service: Service) -> None:
        self._service = service
        self.aimed = 0

    async def value(self, ref: dict[str, Any], field: str) -> Any:
        kind = ref["kind"]
        if kind == "NON_NULL":
            return await self.value(ref["ofType"], field)
        if kind == "LIST":
            inner = ref["ofType"]["ofType"] or ref["ofType"]
            if field in A_IDS:
                self.aimed += 1
                return [A_IDS[field]]
            return [await self.value(inner, field)] if inner["kind"] == "ENUM" else []
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


async def test_tenant_b_changes_nothing_of_tenant_a_by_any_mutation(service: Service) -> None:
    owner_dsn = service.settings.database_url
    before = await stream_versions(owner_dsn)
    assert any(key.startswith("tenant-a/") for key in before)
    data = await service.data(
        ADMIN_B,
        "{ __schema { mutationType { fields { name args { name type { " + TYPE_REF + " } } } } } }",
    )
    # Mutations that create come last: until then every one aims at A's existing aggregates.
    fields = sorted(
        data["__schema"]["mutationType"]["fields"],
        key=lambda f: f["name"].startswith(CREATING),
    )
    assert len(fields) >= 11
    inputs = Inputs(service)
    outcomes: dict[str, list[str]] = {}
    created: set[str] = set()
    for field in fields:
        name, args = field["name"], field["args"]
        params = ", ".join(f"${a['name']}: {type_literal(a['type'])}" for a in args)
        passed = ", ".join(f"{a['name']}: ${a['name']}" for a in args)
        inputs.aimed = 0
        variables = {a["name"]: await inputs.value(a["type"], a["name"]) for a in args}
        assert inputs.aimed, f"{name} aims at none of tenant A's ids"
        mutation = f"mutation({params}) {{ {name}({passed}) {{ {SELECTION} }} }}"
        files = {a["name"]: ("a.pdf", pdf_with("B")) for a in args if named(a["type"]) == "Upload"}
        if files:
            body = await multipart_data(service, ADMIN_B, mutation, files, **variables)
        else:
            body = await service.data(ADMIN_B, mutation, **variables)
        result = body[name]
        codes = [e["code"] for e in result["userErrors"]]
        outcomes[name] = codes
        if result["consistencyToken"] is not None:
            # Stream ids are per tenant: B may create its own artefact under an id A uses,
            # without an error that would reveal A's. It lands in B's tenant (checked below).
            assert not codes, (name, variables, result)
            created.add(name)
            continue
        assert codes, (name, variables, result)
        if not created:
            assert all(a_refusal(c) for c in codes), (name, variables, codes)
    after = await stream_versions(owner_dsn)
    assert {k: v for k, v in after.items() if k.startswith("tenant-a/")} == before, outcomes
    new_streams = set(after) - set(before)
    assert all(k.startswith("tenant-b/") for k in new_streams), new_streams
    # creations under ids A's streams use (A's toolkits are seeded in test_toolkit_audit_tenants)
    assert created <= {"draftArtefact", "createToolkit"} and "draftArtefact" in created, outcomes


async def test_tenant_b_exports_and_audits_nothing_of_tenant_a(service: Service) -> None:
    async def data(bearer: str, query: str) -> dict[str, Any]:
        return await service.data(bearer, query)

    await assert_privacy_isolated(data, "knowledge", ADMIN_A, ADMIN_B, "a-alice", "tenant-a")

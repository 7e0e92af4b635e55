"""Tenant isolation, systematically: tenant B, knowing every id of tenant A, reads nothing of A by
any query and changes nothing of A by any mutation.

Tenant A gets one of everything through the API, with a marker in every text. The queries and
mutations are walked from the schema itself (graphql-core's view of it), every id argument aimed
at A's ids and every field of the result selected (``schema_walk.select``), so a field or mutation
added later is covered without touching this test — or fails it, if it takes an id of a kind this
test does not know yet (then say which of A's ids it should aim at in ``a_ids``).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from clc_enquiry.api import build_schema
from eventkit.pg import connect
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    Undefined,
    get_named_type,
)

from tests.integration.enquiry.rig import GroupsStream
from tests.integration.enquiry.schema_walk import select
from tests.integration.enquiry.test_api import LEA, MO, Service, a_running_service, new_id, token
from tests.support.privacy_isolation import assert_privacy_isolated

pytestmark = pytest.mark.integration

A, B, C = "tenant-a", "tenant-b", "tenant-c"
SECRET = "A-SECRET"
# B's people: a co-leader of B's own group, and an admin carrying the person id of A's member.
B_TOKENS = {
    "B co-leader": token("bea", tenant=B),
    "B admin as 'mo'": token("mo", "tenant_admin", tenant=B),
}

SAMPLES: dict[str, Any] = {
    "String": "x",
    "Int": 1,
    "Float": 1.0,
    "Boolean": True,
    "Date": "2025-03-04",
    "DateTime": "2025-03-04T09:00:00Z",
}


#: refusals that reveal nothing: the id is unknown (to B), taken, or B may not act on it
def a_refusal(code: str) -> bool:
    # B may have created its own aggregate under an id A also uses (stream identity is
    # (tenant, id)); then B is refused by B's own rules about it (NOT_…, …_ALREADY_…, order).
    if code.startswith("NOT_") or "_ALREADY_" in code or code.endswith("_OUT_OF_ORDER"):
        return True
    return code.endswith("_NOT_FOUND") or code in {
        "CONCURRENT_CHANGE",
        "NOT_A_GROUP_MEMBER",
        "NOT_A_GROUP_LEADER",
        "NOT_THE_HOST_SCHOOL",
        "NOT_A_REVIEWING_SCHOOL",
    }


async def everything_of_tenant_a(s: Service) -> dict[str, Any]:
    a = s.groups[A]
    await a.practitioner("lea", "oak", "Lea", "Hart")
    await a.practitioner("mo", "oak", "Mo", "Khan")
    await a.practitioner("ned", "ash", "Ned", "Ray")
    await a.group("g1", network_id="n1")
    await a.member("g1", "lea", "oak", role="co_leader")
    await a.member("g1", "mo", "oak")
    await a.emit("programme", "p1", "CohortFormed", programme_id="p1", cohort_id="c1", name=SECRET)
    await a.emit(
        "programme",
        "p1",
        "ParticipantJoinedCohort",
        programme_id="p1",
        cohort_id="c1",
        practitioner_id="lea",
        home_group_id="g1",
    )
    await a.emit(
        "network",
        "n1",
        "NetworkPlanLevelSet",
        network_id="n1",
        level="pupil",
        focus=SECRET,
        success_measures=[SECRET],
    )
    # A's network is partnered with a third tenant's (both consent): what A shares with partners
    # crosses to C, never to B
    c = s.groups[C] = GroupsStream(a.store, tenant=C)
    for side, network, other, partner in ((a, "n1", C, "nc"), (c, "nc", A, "n1")):
        await side.emit(
            "network",
            network,
            "PartnershipConsented",
            network_id=network,
            partner_tenant_id=other,
            partner_network_id=partner,
            consented_by="someone",
        )
    b = s.groups[B]
    await b.practitioner("bea", "birch", "Bea", "Stone")
    await b.group("gb")
    await b.member("gb", "bea", "birch", role="co_leader")
    await s.sync_groups()

    enquiry, cycle, entry, action = new_id(), new_id(), new_id(), new_id()
    claim, review, finding = new_id(), new_id(), new_id()
    e = {"enquiryId": enquiry}
    c = {**e, "cycleId": cycle}
    await s.ok(
        MO,
        "proposeEnquiry",
        "enquiry",
        **e,
        groupId="g1",
        title=f"{SECRET} title",
        question=f"{SECRET} question?",
        approach="LESSON_STUDY",
        levels=["PUPIL"],
    )
    await s.ok(LEA, "launchEnquiry", "enquiry", **e)
    await s.ok(LEA, "shareEnquiryWithPartnerNetworks", "enquiry", **e)
    await s.ok(LEA, "startCycle", "enquiry", **c, focus=f"{SECRET} focus")
    await s.ok(MO, "recordExperience", "enquiry", **c, entryId=entry, text=f"{SECRET} experience")
    await s.ok(LEA, "advanceCyclePhase", "enquiry", **c)
    await s.ok(MO, "recordReflection", "enquiry", **c, entryId=new_id(), text=f"{SECRET} thought")
    await s.ok(LEA, "advanceCyclePhase", "enquiry", **c)
    await s.ok(
        MO,
        "proposeIdea",
        "enquiry",
        **c,
        entryId=new_id(),
        text=f"{SECRET} idea",
        knowledgeField="PRACTITIONER",
    )
    await s.ok(LEA, "advanceCyclePhase", "enquiry", **c)
    await s.ok(
        LEA,
        "planAction",
        "enquiry",
        **c,
        entryId=action,
        description=f"{SECRET} action",
        ownerId="mo",
    )
    turn = new_id()
    await s.ok(MO, "takeTurn", "enquiry", **c, turnId=turn, issue=f"{SECRET} issue")
    await s.ok(
        LEA, "askTurnQuestion", "enquiry", **e, turnId=turn, entryId=new_id(), question=SECRET
    )
    await s.ok(MO, "commitToAction", "enquiry", **e, turnId=turn, actionId=action)
    log = {"entryId": new_id()}
    await s.ok(MO, "writeReflectiveLogEntry", "reflectiveLogEntry", **log, text=f"{SECRET} log")
    await s.ok(MO, "shareReflectiveLogEntry", "reflectiveLogEntry", **log, groupId="g1")
    await s.ok(
        MO,
        "claimLearning",
        "learningClaim",
        claimId=claim,
        groupId="g1",
        level="ADULT",
        depth="DEEP",
        statement=f"{SECRET} claim",
        evidenceRefs=[f"{SECRET} evidence"],
        enquiryId=enquiry,
    )
    await s.ok(LEA, "validateLearningClaim", "learningClaim", claimId=claim)
    measure = {
        "kind": "OUTCOME",
        "measure": f"{SECRET} measure",
        "about": "PUPILS",
        "count": 12,
        "cohortSize": 20,
    }
    await s.ok(
        MO, "recordClaimImpact", "learningClaim", claimId=claim, measureId=new_id(), measure=measure
    )
    await s.ok(
        MO,
        "recordActionImpact",
        "enquiry",
        **e,
        actionId=action,
        measureId=new_id(),
        measure=measure,
    )
    r = {"peerReviewId": review}
    await s.ok(
        LEA,
        "requestPeerReview",
        "peerReview",
        **r,
        title=f"{SECRET} review",
        hostSchoolId="oak",
        reviewingSchoolIds=["ash"],
        networkId="n1",
    )
    await s.ok(LEA, "agreePeerReviewFocus", "peerReview", **r, focus=f"{SECRET} focus")
    ned = token("ned")
    await s.ok(ned, "holdPeerReviewVisit", "peerReview", **r, visitDate="2025-03-04")
    last = await s.ok(
        ned, "recordPeerReviewFindings", "peerReview", **r, entryId=finding, findings=SECRET
    )
    await s.data(
        MO, "query($t: String) { myOpenActions(consistencyToken: $t) { edges { cursor } } }", t=last
    )
    return {
        "enquiryId": enquiry,
        "cycleId": cycle,
        "entryId": entry,
        "aboutEntryId": entry,
        "actionId": action,
        "turnId": turn,
        "logEntryId": log["entryId"],
        "cohortId": "c1",
        "measureId": new_id(),
        "claimId": claim,
        "peerReviewId": review,
        "groupId": "g1",
        "networkId": "n1",
        "schoolId": "oak",
        "hostSchoolId": "oak",
        "reviewingSchoolIds": "ash",
        "ownerId": "mo",
    }


@pytest.fixture(scope="module")
async def world(
    new_database, kafka_bootstrap: str
) -> AsyncIterator[tuple[Service, dict[str, Any]]]:  # type: ignore[no-untyped-def]
    async with a_running_service(new_database, kafka_bootstrap) as running:
        yield running, await everything_of_tenant_a(running)


def root_id(field: str, a_ids: dict[str, Any]) -> str:
    return {
        "enquiry": a_ids["enquiryId"],
        "learningClaim": a_ids["claimId"],
        "reflectiveLogEntry": a_ids["logEntryId"],
    }.get(field, a_ids["peerReviewId"])


ENTITIES = ("Enquiry", "LearningClaim", "PeerReview", "LearningGroup", "Network", "Practitioner")
STUBS = ("LearningGroup", "Network", "Practitioner")  # the groups service's: B names the id


def every_query(schema: GraphQLSchema, a_ids: dict[str, Any]) -> dict[str, str]:
    """Documents reading every root field (aimed at A) and every entity of A, by name."""
    assert schema.query_type is not None
    parts = []
    for name, field in schema.query_type.fields.items():
        if name.startswith("_"):
            continue
        args = []
        for arg in field.args:
            if arg == "id":
                args.append(f'id: "{root_id(name, a_ids)}"')
            elif arg.endswith("Id"):
                assert arg in a_ids, f"which of tenant A's ids should {name}({arg}) aim at?"
                args.append(f'{arg}: "{a_ids[arg]}"')
        call = f"{name}({', '.join(args)})" if args else name
        parts.append(f"{call} {{ {select(schema, get_named_type(field.type).name)} }}")
    documents = {"roots": f"{{ {' '.join(parts)} }}"}
    entity_ids = {
        "Enquiry": a_ids["enquiryId"],
        "LearningClaim": a_ids["claimId"],
        "PeerReview": a_ids["peerReviewId"],
        "LearningGroup": "g1",
        "Network": "n1",
        "Practitioner": "mo",
    }
    for entity in ENTITIES:
        rep = f'{{__typename: "{entity}", id: "{entity_ids[entity]}"}}'
        # the groups' entities extended here, one field at a time ("Network.enquiries"): all of
        # a network's fields at once would cost more than a query may
        selections = (
            {
                f"{entity}.{name}": select_field(schema, entity, name)
                for name in fields_of(schema, entity)
            }
            if entity in STUBS
            else {entity: select(schema, entity)}
        )
        for name, selection in selections.items():
            documents[name] = (
                f"{{ _entities(representations: [{rep}]) {{ ... on {entity} {{"
                f" id {selection} }} }} }}"
            )
    return documents


def fields_of(schema: GraphQLSchema, entity: str) -> list[str]:
    found = schema.get_type(entity)
    assert isinstance(found, GraphQLObjectType)
    return [name for name in found.fields if name != "id"]


def select_field(schema: GraphQLSchema, entity: str, name: str) -> str:
    """One field of ``entity`` as ``select`` selects it among all of them."""
    found = schema.get_type(entity)
    assert isinstance(found, GraphQLObjectType)
    named = get_named_type(found.fields[name].type)
    if isinstance(named, GraphQLObjectType):
        return f"{name} {{ {select(schema, named.name, 3, (entity,))} }}"
    return name


def leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in leaves(v)]
    return [value]


async def test_tenant_b_reads_nothing_of_tenant_a_by_any_query(world) -> None:  # type: ignore[no-untyped-def]
    service, a_ids = world
    documents = every_query(build_schema()._schema, a_ids)
    as_a = {name: await service.data(MO, doc) for name, doc in documents.items()}
    # A sees its own, so what B does not see is hidden, not missing.
    assert SECRET in json.dumps(as_a["roots"])
    # what A's network shows its partner networks (a third tenant) is among what B reads for
    shown = as_a["Network.sharedWithPartners"]["_entities"][0]["sharedWithPartners"]
    assert SECRET in json.dumps(shown["enquiries"])
    for entity in ("Enquiry", "LearningClaim", "PeerReview", "Practitioner.openActions"):
        assert SECRET in json.dumps(as_a[entity]), entity
    hidden = {
        a_ids[k] for k in ("enquiryId", "cycleId", "entryId", "actionId", "claimId", "turnId")
    }
    hidden.add(a_ids["peerReviewId"])
    for who, credential in B_TOKENS.items():
        for name, document in documents.items():
            seen = await service.data(credential, document)
            text = json.dumps(seen)
            assert SECRET not in text, (who, name)
            assert not any(i in text for i in hidden), (who, name)
            numbers = [
                v for v in leaves(seen) if isinstance(v, int | float) and not isinstance(v, bool)
            ]
            assert set(numbers) <= {0}, (who, name, numbers)  # no count of A's work either
            if name == "roots":
                roots = ("enquiry", "learningClaim", "peerReview", "reflectiveLogEntry")
                assert [seen[r] for r in roots] == [None] * 4
            elif name.split(".")[0] not in STUBS:
                assert seen == {"_entities": [None]}, (who, name)
    # and A's own view is the same after B's attempts
    assert {name: await service.data(MO, doc) for name, doc in documents.items()} == as_a


def value_for(type_: Any, field: str, a_ids: dict[str, Any]) -> Any:
    if isinstance(type_, GraphQLNonNull):
        return value_for(type_.of_type, field, a_ids)
    if isinstance(type_, GraphQLList):
        return [value_for(type_.of_type, field, a_ids)]
    if isinstance(type_, GraphQLEnumType):
        return next(iter(type_.values))
    if isinstance(type_, GraphQLInputObjectType):
        built = {}
        for name, f in type_.fields.items():
            required = isinstance(f.type, GraphQLNonNull) and f.default_value is Undefined
            if required or name in a_ids:
                built[name] = value_for(f.type, name, a_ids)
        return built
    if type_.name == "ID":
        assert field in a_ids, f"which of tenant A's ids should {field!r} aim at?"
        return a_ids[field]
    return SAMPLES[type_.name]


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


async def test_tenant_b_changes_nothing_of_tenant_a_by_any_mutation(world) -> None:  # type: ignore[no-untyped-def]
    service, a_ids = world
    schema = build_schema()._schema
    assert schema.mutation_type is not None
    before = await stream_versions(service.settings.database_url)
    assert any(key.startswith(f"{A}/") for key in before)
    outcomes: dict[str, list[str]] = {}
    for name, field in schema.mutation_type.fields.items():
        (arg,) = field.args.values()
        variables = {"input": value_for(arg.type, "input", a_ids)}
        query = (
            f"mutation($input: {arg.type}) {{ {name}(input: $input)"
            " { userErrors { code } consistencyToken } }"
        )
        for who, credential in B_TOKENS.items():
            result = (await service.data(credential, query, **variables))[name]
            codes = [e["code"] for e in result["userErrors"]]
            outcomes[f"{who}: {name}"] = codes
            if codes:
                # refused as if A's ids did not exist (or were B's own, taken)
                assert result["consistencyToken"] is None, (who, name, variables, result)
                assert all(a_refusal(c) for c in codes), (who, name, variables, codes)
            else:
                # stream identity is (tenant, id): creating under an id A also uses is B's own
                # new aggregate, in B's tenant (checked below), and reveals nothing of A's
                assert result["consistencyToken"] is not None, (who, name, result)
    assert len(outcomes) == 2 * len(schema.mutation_type.fields)
    after = await stream_versions(service.settings.database_url)
    assert {k: v for k, v in after.items() if k.startswith(f"{A}/")} == {
        k: v for k, v in before.items() if k.startswith(f"{A}/")
    }, outcomes
    assert all(k.startswith((f"{A}/", f"{B}/")) for k in after)


async def test_tenant_b_exports_and_audits_nothing_of_tenant_a(world) -> None:  # type: ignore[no-untyped-def]
    service, _ = world

    async def data(bearer: str, query: str) -> dict[str, Any]:
        return await service.data(bearer, query)

    admin_a, admin_b = token("admin", "tenant_admin"), B_TOKENS["B admin as 'mo'"]
    await assert_privacy_isolated(data, "enquiry", admin_a, admin_b, "mo", A)

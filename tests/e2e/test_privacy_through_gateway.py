"""Data protection as a client meets it, through the gateway in front of the real services: a
person's data as one document (``clc privacy export``'s code, each service's part merged), the
audit logs of personal data, and an erasure that relabels the person's work in every service
(``Practitioner`` resolves to the neutral label in groups) while keeping it."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from clc_cli.privacy import PrivacyError, audit_log, export_document

from tests.e2e.gateway_world import Gateway, must, mutate, start_gateway, supergraph_sdl, token

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

TENANT = f"priv-{uuid.uuid4().hex[:6]}"
ADMIN = token(TENANT, "admin", "tenant_admin")
SCHOOL, GROUP, ENQUIRY, ARTEFACT = (str(uuid.uuid4()) for _ in range(4))
ZOE, LEA = str(uuid.uuid4()), str(uuid.uuid4())
SECRETS = ("Zoltana", "Quillfeather", "zoltana.q@oak.example")
WORK = """query($e: ID!, $a: ID!) { enquiry(id: $e) { title proposedBy { displayName } }
  artefact(id: $a) { title draftedBy { displayName } } }"""


@pytest.fixture(scope="module")
async def gateway(services: dict[str, str]) -> AsyncIterator[Gateway]:
    gw = start_gateway(supergraph_sdl(services), services)
    yield gw
    await gw.close()


async def eventually(gw: Gateway, bearer: str, name: str, input_type: str, **values: Any) -> None:
    """The other services hear of groups through Kafka: retry until they have."""
    deadline = time.monotonic() + 60
    while True:
        result = await mutate(gw, bearer, name, input_type, **values)
        if not result["userErrors"] or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.25)
    assert not result["userErrors"], result["userErrors"]


@pytest.fixture(scope="module")
async def zoe(gateway: Gateway) -> str:
    gw = gateway
    await must(gw, ADMIN, "registerSchool", "RegisterSchoolInput", schoolId=SCHOOL, name="Oak")
    for person, given, family, email in (
        (ZOE, "Zoltana", "Quillfeather", "zoltana.q@oak.example"),
        (LEA, "Lea", "Hart", "lea@oak.example"),
    ):
        await must(
            gw, ADMIN, "registerPractitioner", "RegisterPractitionerInput",
            practitionerId=person, schoolId=SCHOOL, givenName=given, familyName=family,
            email=email, role="TEACHER",
        )  # fmt: skip
    await must(
        gw, ADMIN, "formLearningGroup", "FormLearningGroupInput",
        groupId=GROUP, name="Readers", kind="ENQUIRY_GROUP",
    )  # fmt: skip
    for person, role in ((ZOE, "CO_LEADER"), (LEA, "MEMBER")):
        await must(
            gw, ADMIN, "addMember", "AddMemberInput", groupId=GROUP, practitionerId=person,
            role=role,
        )  # fmt: skip
    zoe = token(TENANT, ZOE, "teacher")
    await eventually(
        gw, zoe, "proposeEnquiry", "ProposeEnquiryInput",
        enquiryId=ENQUIRY, groupId=GROUP, title="Reading for pleasure", question="Why?",
        approach="COLLABORATIVE_ENQUIRY", levels=["PUPIL"], commandId=f"propose-{ENQUIRY}",
    )  # fmt: skip
    await eventually(
        gw, zoe, "draftArtefact", "DraftArtefactInput",
        artefactId=ARTEFACT, kind="PROTOCOL", knowledgeField="PRACTITIONER",
        title="Choice before books", body="Let them choose.", levels=["PUPIL"],
        visibility="TENANT", commandId=f"draft-{ARTEFACT}",
    )  # fmt: skip
    return ZOE


async def test_one_document_per_person_for_themself_or_an_admin_only(
    gateway: Gateway, zoe: str
) -> None:
    document = await export_document(gateway.http, ADMIN, zoe)
    parts = document["services"]
    assert set(parts) == {"groups", "enquiry", "knowledge"}
    (profile,) = parts["groups"]["tables"]["gr_practitioners"]
    assert (profile["given_name"], profile["family_name"], profile["email"]) == SECRETS
    assert [e["enquiry_id"] for e in parts["enquiry"]["tables"]["enq_enquiries"]] == [ENQUIRY]
    assert [a["artefact_id"] for a in parts["knowledge"]["tables"]["kn_artefacts"]] == [ARTEFACT]
    assert any("Climate audit answers" in n for n in parts["knowledge"]["notes"])
    assert "Zoltana" not in json.dumps(parts["enquiry"]) + json.dumps(parts["knowledge"])

    own = await export_document(gateway.http, token(TENANT, zoe, "teacher"), zoe)
    assert own["services"]["groups"]["tables"]["gr_practitioners"] == [profile]
    with pytest.raises(PrivacyError):  # a colleague
        await export_document(gateway.http, token(TENANT, LEA, "teacher"), zoe)
    other_tenant = await export_document(gateway.http, token("elsewhere", "x", "tenant_admin"), zoe)
    assert all(part["tables"] == {} for part in other_tenant["services"].values())


async def test_the_audit_logs_say_who_did_what_by_id(gateway: Gateway, zoe: str) -> None:
    await export_document(gateway.http, ADMIN, zoe)
    await export_document(gateway.http, token(TENANT, zoe, "teacher"), zoe)
    profile = '{ practitioner(id: "' + zoe + '") { email } }'
    assert (await gateway.data(profile, ADMIN))["practitioner"]["email"] == SECRETS[2]
    log = await audit_log(gateway.http, ADMIN, zoe, 50)
    actions = {s: {(e["action"], e["performedById"]) for e in log[s]} for s in log}
    assert {
        ("REGISTRATION", "admin"),
        ("EXPORT", "admin"),
        ("PROFILE_READ", "admin"),
        ("EMAIL_READ", "admin"),
        ("EXPORT", zoe),  # her own request
    } <= actions["groups"]
    for service in ("enquiry", "knowledge"):
        assert ("EXPORT", "admin") in actions[service]
    assert all(e["practitionerId"] == zoe for s in log for e in log[s])
    with pytest.raises(PrivacyError):  # tenant admins only
        await audit_log(gateway.http, token(TENANT, zoe, "teacher"), None, 10)


async def test_erasure_relabels_the_work_everywhere_and_keeps_it(
    gateway: Gateway, zoe: str
) -> None:
    before = await gateway.data(WORK, ADMIN, e=ENQUIRY, a=ARTEFACT)
    assert before["enquiry"]["proposedBy"] == {"displayName": "Zoltana Quillfeather"}
    await must(gateway, ADMIN, "erasePractitioner", "ErasePractitionerInput", practitionerId=zoe)
    for _ in range(120):
        after = await gateway.data(WORK, ADMIN, e=ENQUIRY, a=ARTEFACT)
        if after["enquiry"]["proposedBy"] == {"displayName": "Former practitioner"}:
            break
        await asyncio.sleep(0.25)
    assert after == {
        "enquiry": {
            "title": "Reading for pleasure",
            "proposedBy": {"displayName": "Former practitioner"},
        },
        "artefact": {
            "title": "Choice before books",
            "draftedBy": {"displayName": "Former practitioner"},
        },
    }
    document = json.dumps(await export_document(gateway.http, ADMIN, zoe))
    assert not [s for s in SECRETS if s in document]
    assert ENQUIRY in document and ARTEFACT in document  # the work stays
    log = await audit_log(gateway.http, ADMIN, zoe, 50)
    assert "ERASURE" in {e["action"] for e in log["groups"]}

"""Groups and enquiry as separate processes: membership formed in one decides, through Kafka
alone, who may contribute in the other."""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import token

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

TENANT = f"e2e-{uuid.uuid4().hex[:6]}"


def new_id() -> str:
    return str(uuid.uuid4())


SCHOOL, GROUP, ENQUIRY, CYCLE = new_id(), new_id(), new_id(), new_id()
ANN, BO, CY = new_id(), new_id(), new_id()  # co-leader, member, colleague outside the group


def call(url: str, bearer: str, query: str, **variables: Any) -> dict[str, Any]:
    answer = httpx.post(
        f"{url}/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {bearer}"},
        timeout=30,
    )
    answer.raise_for_status()
    body = answer.json()
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


def mutate(url: str, bearer: str, field: str, input_type: str, **values: Any) -> dict[str, Any]:
    query = (
        f"mutation($input: {input_type}!) {{ {field}(input: $input)"
        " { userErrors { code field } consistencyToken } }"
    )
    result: dict[str, Any] = call(url, bearer, query, input=values)[field]
    return result


def eventually(attempt: Any, until: Any, timeout_s: float = 30.0) -> Any:
    """The enquiry service learns about groups asynchronously: retry until it has."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = attempt()
        if until(result) or time.monotonic() > deadline:
            return result
        time.sleep(0.25)


def codes(result: dict[str, Any]) -> set[str]:
    return {e["code"] for e in result["userErrors"]}


def test_membership_in_groups_decides_who_contributes_in_enquiry(services: dict[str, str]) -> None:
    groups, enquiry = services["groups"], services["enquiry"]
    admin = token(TENANT, "admin", "tenant_admin")
    ann, bo, cy = (token(TENANT, p, "teacher") for p in (ANN, BO, CY))

    assert not codes(
        mutate(
            groups,
            admin,
            "registerSchool",
            "RegisterSchoolInput",
            schoolId=SCHOOL,
            name="Brook Lane Primary",
        )
    )
    for person, given in ((ANN, "Ann"), (BO, "Bo"), (CY, "Cy")):
        assert not codes(
            mutate(
                groups,
                admin,
                "registerPractitioner",
                "RegisterPractitionerInput",
                practitionerId=person,
                schoolId=SCHOOL,
                givenName=given,
                familyName="Teacher",
                role="TEACHER",
            )
        )
    assert not codes(
        mutate(
            groups,
            admin,
            "formLearningGroup",
            "FormLearningGroupInput",
            groupId=GROUP,
            name="Questioning group",
            kind="ENQUIRY_GROUP",
        )
    )
    assert not codes(
        mutate(
            groups,
            admin,
            "addMember",
            "AddMemberInput",
            groupId=GROUP,
            practitionerId=ANN,
            role="CO_LEADER",
        )
    )
    assert not codes(
        mutate(
            groups,
            admin,
            "addMember",
            "AddMemberInput",
            groupId=GROUP,
            practitionerId=BO,
            role="MEMBER",
        )
    )

    # Ann proposes as soon as the enquiry service has heard of her group (through Kafka only).
    proposed = eventually(
        lambda: mutate(
            enquiry,
            ann,
            "proposeEnquiry",
            "ProposeEnquiryInput",
            enquiryId=ENQUIRY,
            groupId=GROUP,
            title="Questioning",
            question="Do hinge questions help?",
            approach="COLLABORATIVE_ENQUIRY",
            levels=["PUPIL"],
            commandId="p1",
        ),
        until=lambda r: not codes(r),
    )
    assert not codes(proposed)
    assert not codes(mutate(enquiry, ann, "launchEnquiry", "LaunchEnquiryInput", enquiryId=ENQUIRY))
    assert not codes(
        mutate(enquiry, ann, "startCycle", "StartCycleInput", enquiryId=ENQUIRY, cycleId=CYCLE)
    )
    wrote = mutate(
        enquiry,
        bo,
        "recordExperience",
        "RecordExperienceInput",
        enquiryId=ENQUIRY,
        cycleId=CYCLE,
        entryId=new_id(),
        text="Tried hinge questions in maths",
    )
    assert not codes(wrote)
    outsider = mutate(
        enquiry,
        cy,
        "recordExperience",
        "RecordExperienceInput",
        enquiryId=ENQUIRY,
        cycleId=CYCLE,
        entryId=new_id(),
        text="Me too",
    )
    assert codes(outsider) == {"NOT_A_GROUP_MEMBER"}

    # The journal reads Bo's own write back, by id (the gateway asks groups for names).
    journal = call(
        enquiry,
        ann,
        "query($id: ID!, $t: String) { enquiry(id: $id, consistencyToken: $t)"
        " { journal(first: 100) { edges { node { kind recordedBy { id } } } } } }",
        id=ENQUIRY,
        t=wrote["consistencyToken"],
    )
    last_entry = journal["enquiry"]["journal"]["edges"][-1]["node"]
    assert last_entry == {"kind": "EXPERIENCE", "recordedBy": {"id": BO}}

    # Bo leaves the group in the groups service and reads his own write back with its token
    # (an opaque string); the enquiry service soon refuses him.
    left = mutate(groups, bo, "leaveGroup", "LeaveGroupInput", groupId=GROUP, practitionerId=BO)
    assert not codes(left) and isinstance(left["consistencyToken"], str)
    group = call(
        groups,
        ann,
        "query($id: ID!, $t: String) { learningGroup(id: $id, consistencyToken: $t)"
        " { kind foundedById members { edges { node { role practitionerId schoolId } } } } }",
        id=GROUP,
        t=left["consistencyToken"],
    )
    assert group["learningGroup"] == {
        "kind": "ENQUIRY_GROUP",
        "foundedById": "admin",
        "members": {
            "edges": [{"node": {"role": "CO_LEADER", "practitionerId": ANN, "schoolId": SCHOOL}}]
        },
    }
    refused = eventually(
        lambda: mutate(
            enquiry,
            bo,
            "recordExperience",
            "RecordExperienceInput",
            enquiryId=ENQUIRY,
            cycleId=CYCLE,
            entryId=new_id(),
            text="Still here?",
        ),
        until=lambda r: codes(r) == {"NOT_A_GROUP_MEMBER"},
    )
    assert codes(refused) == {"NOT_A_GROUP_MEMBER"}


def test_another_tenant_sees_nothing_of_it_through_either_service(services: dict[str, str]) -> None:
    intruder = token(f"{TENANT}-other", "admin", "tenant_admin")
    seen = call(
        services["enquiry"], intruder, "query($id: ID!) { enquiry(id: $id) { id } }", id=ENQUIRY
    )
    assert seen == {"enquiry": None}
    seen = call(
        services["groups"], intruder, "query($id: ID!) { learningGroup(id: $id) { id } }", id=GROUP
    )
    assert seen == {"learningGroup": None}


def test_every_service_answers_health_readiness_and_metrics(services: dict[str, str]) -> None:
    for url in services.values():
        assert httpx.get(f"{url}/healthz", timeout=5).status_code == 200
        assert httpx.get(f"{url}/readyz", timeout=5).status_code == 200
        metrics = httpx.get(f"{url}/metrics", timeout=5)
        assert metrics.status_code == 200
        assert "events_appended_total" in metrics.text


def test_the_demo_seeds_the_groups_service_through_its_public_api(services: dict[str, str]) -> None:
    from devstack.demo import DEMO_TENANT, seed_groups
    from devstack.services import DEV_JWT_SECRET

    seeded = seed_groups(services["groups"], DEV_JWT_SECRET)
    amara = token(DEMO_TENANT, seeded["practitioner (Amara)"], "teacher")
    data = call(
        services["groups"],
        amara,
        "query($id: ID!) { learningGroup(id: $id) { status kind groundRulesAgreed"
        " members { edges { node { role } } } sessions { edges { node { protocol status } } } } }",
        id=seeded["learning group"],
    )
    group = data["learningGroup"]
    assert (group["status"], group["kind"], group["groundRulesAgreed"]) == (
        "LAUNCHED",
        "ENQUIRY_GROUP",
        True,
    )
    # ... with a facilitator from the local authority and a co-tutor from the university
    assert sorted(e["node"]["role"] for e in group["members"]["edges"]) == [
        "CO_LEADER",
        "CO_TUTOR",
        "FACILITATOR",
        "FACILITATOR",
        "MEMBER",
        "MEMBER",
        "MEMBER",
    ]
    sessions = [e["node"] for e in group["sessions"]["edges"]]
    assert sessions == [{"protocol": "COLLABORATIVE_LEARNING", "status": "SCHEDULED"}]

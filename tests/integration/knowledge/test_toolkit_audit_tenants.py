"""Cross-tenant isolation of the toolkit, climate-audit and balance API: tenant B, knowing every
id of tenant A (and even carrying A's person ids), reads nothing of A by any of these queries and
changes nothing of A by any of these mutations.

``COVERED`` lists every root field and entity field these modules add; a test checks it against
the schema, so a field added later without joining this test fails it. (The service-wide
schema-walking test, as in groups and enquiry, belongs with the artefact API.)
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from clc_knowledge.api.audits import AuditsOfGroup, ClimateAuditMutations, ClimateAuditQueries
from clc_knowledge.api.balance import BalanceOfGroup, BalanceOfNetwork
from clc_knowledge.api.toolkits import (
    ToolkitMutations,
    ToolkitQueries,
    ToolkitsOfGroup,
    ToolkitsOfNetwork,
)
from clc_knowledge.domain.climate_audit import INSTRUMENT

from tests.integration.knowledge.service import Service, a_running_service, settings_for, token

pytestmark = pytest.mark.integration

A, B = "tenant-a", "tenant-b"
A_ADMIN = token("curator", "tenant_admin", tenant=A)
B_TOKENS = {
    "B admin": token("bea", "tenant_admin", tenant=B),
    "B admin as A's curator": token("curator", "tenant_admin", tenant=B),
}
GROUP, SCHOOL, NETWORK = "g-a", "s-a", "n-a"
ANSWERS = [{"itemId": i.id, "score": 4} for i in INSTRUMENT]

COVERED = {
    "toolkit",
    "climateAudit",
    "schoolClimateAudits",
    "climateAuditStatements",
    "createToolkit",
    "addArtefactToToolkit",
    "removeArtefactFromToolkit",
    "reorderToolkit",
    "publishToolkit",
    "adoptToolkit",
    "openClimateAudit",
    "answerClimateAudit",
    "closeClimateAudit",
    "LearningGroup.toolkits",
    "LearningGroup.climateAudits",
    "LearningGroup.artefactBalance",
    "Network.toolkits",
    "Network.artefactBalance",
}

READ_A = """query($toolkit: ID!, $audit: ID!) {
  toolkit(id: $toolkit) { id title adoptionCount artefacts { id } adoptions { note } }
  climateAudit(id: $audit) { id participants status results { shown respondents } } }"""
READ_ALL = """query($toolkit: ID!, $audit: ID!, $school: ID!, $reps: [_Any!]!) {
  toolkit(id: $toolkit) { id }
  climateAudit(id: $audit) { id }
  schoolClimateAudits(schoolId: $school) { edges { node { id } } }
  climateAuditStatements { id }
  _entities(representations: $reps) {
    ... on Toolkit { id title }
    ... on ClimateAudit { id participants }
    ... on LearningGroup { toolkits { edges { node { id } } }
                           climateAudits { edges { node { id } } }
                           artefactBalance { count } }
    ... on Network { toolkits { edges { node { id } } } artefactBalance { count } } } }"""


def fields_of(*classes: type, on: str | None = None) -> set[str]:
    """The GraphQL names of the fields the strawberry ``classes`` declare (``id`` aside)."""
    names = {
        f.python_name
        for cls in classes
        for f in cls.__strawberry_definition__.fields  # type: ignore[attr-defined]
        if f.python_name != "id"
    }
    camel = {n.split("_")[0] + "".join(p.title() for p in n.split("_")[1:]) for n in names}
    return {f"{on}.{n}" for n in camel} if on else camel


def test_every_field_of_these_modules_is_covered() -> None:
    added = (
        fields_of(ToolkitQueries, ClimateAuditQueries, ToolkitMutations, ClimateAuditMutations)
        | fields_of(ToolkitsOfGroup, AuditsOfGroup, BalanceOfGroup, on="LearningGroup")
        | fields_of(ToolkitsOfNetwork, BalanceOfNetwork, on="Network")
    )
    assert added == COVERED


@pytest.fixture(scope="module")
async def service(new_database, kafka_bootstrap: str) -> AsyncIterator[Service]:  # type: ignore[no-untyped-def]
    owner_dsn = await new_database(f"knowledge_{uuid.uuid4().hex[:8]}")
    async with a_running_service(settings_for(owner_dsn, kafka_bootstrap)) as running:
        yield running


async def everything_of_tenant_a(s: Service) -> dict[str, Any]:
    ids = {k: str(uuid.uuid4()) for k in ("artefact", "tool", "toolkit", "audit")}
    for key, kind in (("artefact", "PROTOCOL"), ("tool", "CLIMATE_AUDIT_TOOL")):
        await s.ok(
            A_ADMIN,
            "draftArtefact",
            "artefact",
            artefactId=ids[key],
            kind=kind,
            knowledgeField="PRACTITIONER",
            title="A-SECRET",
            body="A-SECRET",
            levels=["ADULT"],
            groupId=GROUP,
            schoolId=SCHOOL,
            networkId=NETWORK,
            visibility="TENANT",
        )
        await s.ok(A_ADMIN, "publishArtefact", "artefact", artefactId=ids[key])
    toolkit = {"toolkitId": ids["toolkit"]}
    await s.ok(
        A_ADMIN,
        "createToolkit",
        "toolkit",
        **toolkit,
        title="A-SECRET",
        purpose="A-SECRET",
        groupId=GROUP,
        networkId=NETWORK,
        visibility="TENANT",
    )
    await s.ok(A_ADMIN, "addArtefactToToolkit", "toolkit", **toolkit, artefactId=ids["artefact"])
    await s.ok(A_ADMIN, "publishToolkit", "toolkit", **toolkit)
    await s.ok(A_ADMIN, "adoptToolkit", "toolkit", **toolkit, groupId=GROUP, note="A-SECRET")
    audit = {"auditId": ids["audit"]}
    await s.ok(
        A_ADMIN,
        "openClimateAudit",
        "climateAudit",
        **audit,
        toolArtefactId=ids["tool"],
        schoolId=SCHOOL,
    )
    last = ""
    for n in range(5):
        respondent = token(f"a-{n}", "tenant_admin", tenant=A)
        last = await s.ok(
            respondent, "answerClimateAudit", "climateAudit", **audit, answers=ANSWERS
        )
    ids["token"] = last
    return ids


def mutations_at(a: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    toolkit, audit = {"toolkitId": a["toolkit"]}, {"auditId": a["audit"]}
    return [
        ("addArtefactToToolkit", "toolkit", {**toolkit, "artefactId": a["artefact"]}),
        ("removeArtefactFromToolkit", "toolkit", {**toolkit, "artefactId": a["artefact"]}),
        ("reorderToolkit", "toolkit", {**toolkit, "artefactIds": [a["artefact"]]}),
        ("publishToolkit", "toolkit", toolkit),
        ("adoptToolkit", "toolkit", {**toolkit, "groupId": GROUP}),
        ("answerClimateAudit", "climateAudit", {**audit, "answers": ANSWERS}),
        ("closeClimateAudit", "climateAudit", audit),
        (
            "openClimateAudit",
            "climateAudit",
            {**audit, "toolArtefactId": a["tool"], "groupId": GROUP},
        ),
    ]


async def test_tenant_b_reads_nothing_of_a_and_changes_nothing(service: Service) -> None:
    a = await everything_of_tenant_a(service)
    before = await service.data(A_ADMIN, READ_A, toolkit=a["toolkit"], audit=a["audit"])
    assert before["toolkit"]["adoptionCount"] == 1
    assert before["climateAudit"]["results"] == {"shown": True, "respondents": 5}

    reps = [
        {"__typename": "Toolkit", "id": a["toolkit"]},
        {"__typename": "ClimateAudit", "id": a["audit"]},
        {"__typename": "LearningGroup", "id": GROUP},
        {"__typename": "Network", "id": NETWORK},
    ]
    for who, b in B_TOKENS.items():
        for name, entity, fields in mutations_at(a):
            result = await service.mutate(b, name, entity, **fields)
            codes = [e["code"] for e in result["userErrors"]]
            assert codes and all(c.endswith("_NOT_FOUND") for c in codes), (who, name, codes)
        body = await service.gql(
            b, READ_ALL, toolkit=a["toolkit"], audit=a["audit"], school=SCHOOL, reps=reps
        )
        assert "A-SECRET" not in str(body), who
        data = body["data"]
        assert (data["toolkit"], data["climateAudit"]) == (None, None), who
        assert data["schoolClimateAudits"]["edges"] == []
        toolkit_rep, audit_rep, group, network = data["_entities"]
        assert (toolkit_rep, audit_rep) == (None, None), who
        assert group["toolkits"]["edges"] == group["climateAudits"]["edges"] == []
        assert network["toolkits"]["edges"] == []
        assert {b["count"] for b in group["artefactBalance"] + network["artefactBalance"]} == {0}

    # B may create its own toolkit under A's id (ids are per tenant); A's stays untouched
    mine = {"title": "B", "purpose": "B", "visibility": "TENANT"}
    await service.ok(
        B_TOKENS["B admin"], "createToolkit", "toolkit", toolkitId=a["toolkit"], **mine
    )
    after = await service.data(A_ADMIN, READ_A, toolkit=a["toolkit"], audit=a["audit"])
    assert after == before

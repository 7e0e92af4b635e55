"""The demo's starter toolkit and climate audits, seeded through the gateway in front of the real
service processes: a new leadership learning group holds the six starter artefacts in a published,
adopted toolkit, and its climate audit, run twice, shows change over time. Seeding twice changes
nothing (fixed ids and command ids; an answer already given is left as it is)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from devstack.demo import _id, dev_token, seed_groups, seed_starter_toolkit_and_audits
from devstack.services import DEV_JWT_SECRET, start_gateway

pytestmark = [pytest.mark.e2e, pytest.mark.integration]

KINDS = [
    "START_UP_GUIDELINE",
    "GROUND_RULES_TEMPLATE",
    "REFLECTIVE_EXERCISE",
    "DISCUSSION_PAPER",
    "CLIMATE_AUDIT_TOOL",
    "CASE_STUDY",
]
QUERY = """query($group: ID!) { learningGroup(id: $group) { name
    toolkits { edges { node { title published adoptionCount artefacts { kind } } } }
    climateAudits { edges { node { status participants
      results { shown respondents dimensions { dimension mean } } } } } } }"""


@pytest.fixture(scope="module")
def gateway(services: dict[str, str]) -> Iterator[str]:
    running = start_gateway(services, free_port=True)
    assert running is not None
    try:
        yield running.service.url
    finally:
        running.stop()


def gql(url: str, token: str, query: str, **variables: Any) -> dict[str, Any]:
    answer = httpx.post(
        f"{url}/graphql",
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    body: dict[str, Any] = answer.json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def starter_artefacts(url: str, token: str) -> list[str]:
    """Stand-ins for the six starter artefacts the artefact seed drafts (one of each kind)."""
    ids = []
    for kind in KINDS:
        artefact = _id("e2e-starter", kind)
        for field, values in (
            (
                "draftArtefact",
                {
                    "artefactId": artefact,
                    "kind": kind,
                    "knowledgeField": "PRACTITIONER",
                    "title": kind.replace("_", " ").capitalize(),
                    "body": "For a new leadership learning group.",
                    "levels": ["LEADERSHIP"],
                    "visibility": "TENANT",
                },
            ),
            ("publishArtefact", {"artefactId": artefact}),
        ):
            values["commandId"] = _id("e2e-command", f"{field}:{kind}")
            input_type = f"{field[0].upper()}{field[1:]}Input"
            mutation = (
                f"mutation($input: {input_type}!) {{ {field}(input: $input)"
                " { userErrors { code } } }"
            )
            assert gql(url, token, mutation, input=values)[field]["userErrors"] == []
        ids.append(artefact)
    return ids


def test_the_demo_seeds_a_starter_toolkit_and_an_audit_run_twice(gateway: str) -> None:
    seed_groups(gateway, DEV_JWT_SECRET)
    admin = dev_token(DEV_JWT_SECRET, "demo-admin", ["tenant_admin"])
    artefacts = starter_artefacts(gateway, admin)
    tool = artefacts[KINDS.index("CLIMATE_AUDIT_TOOL")]
    # Members answer as tenant admins here: the knowledge service's membership lookup is not
    # built yet (only a tenant admin passes its checks without it).
    roles = ("teacher", "tenant_admin")
    for _ in range(2):
        ids = seed_starter_toolkit_and_audits(
            gateway, DEV_JWT_SECRET, artefacts, tool, member_roles=roles
        )

    group = gql(gateway, admin, QUERY, group=ids["leadership learning group"])["learningGroup"]
    assert group["name"] == "New heads' leadership learning group"  # from groups
    (toolkit,) = [e["node"] for e in group["toolkits"]["edges"]]
    assert (toolkit["published"], toolkit["adoptionCount"]) == (True, 1)
    assert [a["kind"] for a in toolkit["artefacts"]] == KINDS
    runs = [e["node"] for e in group["climateAudits"]["edges"]]
    assert [(r["status"], r["participants"]) for r in runs] == [("CLOSED", 6), ("CLOSED", 5)]
    assert all(r["results"]["shown"] for r in runs)
    trust = [r["results"]["dimensions"][0]["mean"] for r in runs]
    assert trust == [2.83, 4.0]  # autumn, spring: trust grew

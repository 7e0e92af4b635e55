"""The knowledge service as a client meets it: the real processes (groups, enquiry, knowledge and
the gateway in front), the demo seeded through the gateway as ``make run`` seeds it, and one
query running network → groups → enquiries → the artefacts drawn from them, across all three
services."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from devstack.demo import dev_token, seed_enquiry, seed_groups
from devstack.demo_knowledge import KNOWLEDGE_QUERY, STARTER_KINDS, seed_knowledge
from devstack.services import DEV_JWT_SECRET, start_gateway

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


@pytest.fixture(scope="module")
def gateway(services: dict[str, str]) -> Iterator[str]:
    running = start_gateway(services, free_port=True)
    assert running is not None
    try:
        yield running.service.url
    finally:
        running.stop()


def test_network_groups_enquiries_and_the_artefacts_drawn_from_them(gateway: str) -> None:
    seed_groups(gateway, DEV_JWT_SECRET)
    seed_enquiry(gateway, DEV_JWT_SECRET)
    ids = seed_knowledge(gateway, DEV_JWT_SECRET)
    token = dev_token(DEV_JWT_SECRET, "demo-admin", ["tenant_admin"])
    answer = httpx.post(
        f"{gateway}/graphql",
        json={"query": KNOWLEDGE_QUERY},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert answer.status_code == 200
    body = answer.json()
    assert "errors" not in body, body["errors"]
    networks = {e["node"]["name"]: e["node"] for e in body["data"]["networks"]["edges"]}
    north = networks["North Star Learning Network"]
    kinds = {e["node"]["kind"] for e in north["artefacts"]["edges"]}
    assert {kind for kind, _, _ in STARTER_KINDS} <= kinds
    river = networks["Riverbend Schools Network"]
    assert [e["node"]["title"] for e in river["artefacts"]["edges"]] == [
        "Learning together at St Mary's: adapting Hillside's first year"
    ]
    group = north["learningGroups"]["edges"][0]["node"]
    enquiry = group["enquiries"]["edges"][0]["node"]
    assert enquiry["title"] == "Reading for pleasure"
    assert enquiry["artefacts"]["edges"] == [
        {
            "node": {
                "title": "Choice before books: what reluctant readers taught us",
                "knowledgeField": "CO_CONSTRUCTED",
                "contributedBy": [{"displayName": "Amara Okafor"}, {"displayName": "Ben Hughes"}],
            }
        }
    ]
    assert ids["its Riverbend adaptation"]

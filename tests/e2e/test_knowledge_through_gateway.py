"""The knowledge service as a client meets it: the real processes (groups, enquiry, knowledge and
the gateway in front), the demo seeded through the gateway as ``make run`` seeds it, and one
query running network → groups → enquiries → the artefacts drawn from them, across all three
services."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

import httpx
import pytest
from devstack.demo import dev_token, seed_enquiry, seed_groups
from devstack.demo_knowledge import KNOWLEDGE_QUERY, STARTER_KINDS, seed_knowledge
from devstack.services import DEV_JWT_SECRET, start_gateway

from tests.integration.knowledge.files import pdf_with

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


@pytest.fixture(scope="module")
def gateway(services: dict[str, str]) -> Iterator[str]:
    running = start_gateway(services, free_port=True)
    assert running is not None
    try:
        yield running.service.url
    finally:
        running.stop()


@pytest.fixture(scope="module")
def ids(gateway: str) -> dict[str, str]:
    """The demo, seeded through the gateway as ``make run`` seeds it."""
    seed_groups(gateway, DEV_JWT_SECRET)
    seed_enquiry(gateway, DEV_JWT_SECRET)
    return seed_knowledge(gateway, DEV_JWT_SECRET)


def test_network_groups_enquiries_and_the_artefacts_drawn_from_them(
    gateway: str, ids: dict[str, str]
) -> None:
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


ATTACH = """mutation($a: ID!, $f: Upload!) { attachToArtefact(artefactId: $a, file: $f) {
  userErrors { code field } artefact { attachments { filename mediaType sizeBytes sha256 } } } }"""


def upload(gateway: str, artefact: str, content: bytes) -> httpx.Response:
    """``attachToArtefact`` through the gateway by the GraphQL multipart request spec."""
    token = dev_token(DEV_JWT_SECRET, "demo-admin", ["tenant_admin"])
    operations = {"query": ATTACH, "variables": {"a": artefact, "f": None}}
    return httpx.post(
        f"{gateway}/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.f"]})},
        files={"0": ("handbook.pdf", content, "application/pdf")},
        headers={"Authorization": f"Bearer {token}"},
        timeout=120,
    )


def test_a_15_mb_pdf_reaches_the_knowledge_service_and_a_25_mb_one_is_refused(
    gateway: str, ids: dict[str, str]
) -> None:
    pdf = pdf_with("Ground rules we agreed", padding=15_000_000)
    answer = upload(gateway, ids["case study"], pdf)
    assert answer.status_code == 200, answer.text
    payload = answer.json()["data"]["attachToArtefact"]
    assert payload["userErrors"] == []
    [attached] = [a for a in payload["artefact"]["attachments"] if a["filename"] == "handbook.pdf"]
    assert attached["mediaType"] == "application/pdf"
    assert attached["sizeBytes"] == len(pdf)
    assert attached["sha256"] == hashlib.sha256(pdf).hexdigest()

    refused = upload(gateway, ids["case study"], pdf_with("Too big", padding=25_000_000))
    assert refused.status_code == 413
    [error] = refused.json()["errors"]
    assert error["extensions"]["code"] == "UPLOAD_TOO_LARGE"
    assert "variables.f" in error["message"]

"""Toolkits and artefactBalance over real PostgreSQL and Kafka: a toolkit is curated in order,
published and adopted (the adoption recorded, and a use of each artefact); a group and a network
list their toolkits and their balance of artefacts per field of knowledge."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.integration.knowledge.service import Service, a_running_service, settings_for, token

pytestmark = pytest.mark.integration

ADMIN = token("curator", "tenant_admin")
GROUP, ADOPTER, NETWORK = "g-home", "g-adopter", "n-north"

TOOLKIT = """query($id: ID!, $token: String) { toolkit(id: $id, consistencyToken: $token) {
  id title purpose published visibility adoptionCount curatedBy { id }
  artefacts { id title uses } group { id } network { id }
  adoptions { group { id } adoptedBy { id } note } } }"""
ENTITIES = """query($token: String) { _entities(representations: [
  {__typename: "LearningGroup", id: "g-adopter"}, {__typename: "LearningGroup", id: "g-home"},
  {__typename: "Network", id: "n-north"}]) {
  ... on LearningGroup { id toolkits(consistencyToken: $token) { edges { node { id } } }
                          artefactBalance { field count share } }
  ... on Network { id toolkits { edges { node { id } } } artefactBalance { field count } } } }"""


@pytest.fixture(scope="module")
async def service(new_database, kafka_bootstrap: str) -> AsyncIterator[Service]:  # type: ignore[no-untyped-def]
    owner_dsn = await new_database(f"knowledge_{uuid.uuid4().hex[:8]}")
    async with a_running_service(settings_for(owner_dsn, kafka_bootstrap)) as running:
        yield running


async def an_artefact(service: Service, title: str, field: str = "PRACTITIONER") -> str:
    artefact = str(uuid.uuid4())
    extra: dict[str, Any] = {}
    if field == "PUBLIC":
        extra["citations"] = [{"text": "Stoll, L. (2010)."}]
    await service.ok(
        ADMIN,
        "draftArtefact",
        "artefact",
        artefactId=artefact,
        kind="START_UP_GUIDELINE",
        knowledgeField=field,
        title=title,
        body="How to begin.",
        levels=["LEADERSHIP"],
        groupId=GROUP,
        networkId=NETWORK,
        visibility="TENANT",
        **extra,
    )
    await service.ok(ADMIN, "publishArtefact", "artefact", artefactId=artefact)
    return artefact


async def test_a_toolkit_is_curated_published_and_adopted(service: Service) -> None:
    first = await an_artefact(service, "Start-up guideline")
    second = await an_artefact(service, "Research summary", "PUBLIC")
    toolkit = str(uuid.uuid4())
    await service.ok(
        ADMIN,
        "createToolkit",
        "toolkit",
        toolkitId=toolkit,
        title="Starter toolkit",
        purpose="Starting a leadership learning group",
        groupId=GROUP,
        networkId=NETWORK,
        visibility="TENANT",
    )
    for artefact in (first, second):
        await service.ok(
            ADMIN, "addArtefactToToolkit", "toolkit", toolkitId=toolkit, artefactId=artefact
        )
    again = await service.mutate(
        ADMIN, "addArtefactToToolkit", "toolkit", toolkitId=toolkit, artefactId=first
    )
    assert [e["code"] for e in again["userErrors"]] == ["ARTEFACT_ALREADY_IN_TOOLKIT"]
    await service.ok(
        ADMIN, "reorderToolkit", "toolkit", toolkitId=toolkit, artefactIds=[second, first]
    )
    third = await an_artefact(service, "Reflective exercise")
    await service.ok(
        ADMIN,
        "addArtefactToToolkit",
        "toolkit",
        toolkitId=toolkit,
        artefactId=third,
        position=1,
    )
    not_yet = await service.mutate(
        ADMIN, "adoptToolkit", "toolkit", toolkitId=toolkit, groupId=ADOPTER
    )
    assert [e["code"] for e in not_yet["userErrors"]] == ["TOOLKIT_NOT_PUBLISHED"]
    await service.ok(ADMIN, "publishToolkit", "toolkit", toolkitId=toolkit)
    adopted = await service.ok(
        ADMIN, "adoptToolkit", "toolkit", toolkitId=toolkit, groupId=ADOPTER, note="term one"
    )

    found = (await service.data(ADMIN, TOOLKIT, id=toolkit, token=adopted))["toolkit"]
    assert (found["published"], found["visibility"], found["adoptionCount"]) == (
        True,
        "TENANT",
        1,
    )
    assert [a["id"] for a in found["artefacts"]] == [second, third, first]
    assert [a["uses"] for a in found["artefacts"]] == [1, 1, 1]  # each use recorded
    assert found["adoptions"] == [
        {"group": {"id": ADOPTER}, "adoptedBy": {"id": "curator"}, "note": "term one"}
    ]
    assert (found["group"], found["network"]) == ({"id": GROUP}, {"id": NETWORK})

    adopter, home, network = (await service.data(ADMIN, ENTITIES, token=adopted))["_entities"]
    for entity in (adopter, home, network):
        assert [e["node"]["id"] for e in entity["toolkits"]["edges"]] == [toolkit]
    balance = {b["field"]: (b["count"], round(b["share"], 2)) for b in home["artefactBalance"]}
    assert balance == {"PRACTITIONER": (2, 0.67), "PUBLIC": (1, 0.33), "CO_CONSTRUCTED": (0, 0.0)}
    assert {b["field"]: b["count"] for b in network["artefactBalance"]}["PUBLIC"] == 1
    assert [b["count"] for b in adopter["artefactBalance"]] == [0, 0, 0]

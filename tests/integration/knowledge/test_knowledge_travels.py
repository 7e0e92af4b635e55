"""How an artefact travels, over real PostgreSQL and Kafka: visibility by network, adaptation in a
second network, the commons, an adaptation in another tenant, lineage across both, withdrawal,
and a use recorded from a groups ``SessionHeld`` — all through the subgraph, membership learnt
from the groups topic only."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.integration.knowledge.service import (
    Service,
    a_running_service,
    eventually,
    settings_for,
    token,
)
from tests.integration.knowledge.world import Groups

pytestmark = pytest.mark.integration

ANN = token("ann")  # oak, in network n1, leads group g1
BOB = token("bob")  # elm, in no network
DAN = token("dan")  # oak too
CAT = token("cat")  # pine, in network n2, which she co-leads
BEA = token("bea", "tenant_admin", tenant="tenant-b")

READ = """query($id: ID!, $token: String) { artefact(id: $id, consistencyToken: $token) {
  id title status visibility inCommons uses version
  derivedFrom { title version acrossTenants sourceWithdrawn artefact { id } commons { id } }
  commonsCopy { id attribution title } } }"""

LINEAGE = """query($id: ID!, $token: String) { artefact(id: $id, consistencyToken: $token) {
  lineage {
    ancestors { title acrossTenants artefact { id } commons { id title } }
    adaptations { artefact { id title } parentId depth
                  elsewhere { tenants adaptations uses } }
    elsewhere { tenants adaptations uses } } } }"""


@pytest.fixture(scope="module")
async def service(new_database, kafka_bootstrap: str) -> AsyncIterator[Service]:  # type: ignore[no-untyped-def]
    owner_dsn = await new_database(f"knowledge_{uuid.uuid4().hex[:8]}")
    async with a_running_service(settings_for(owner_dsn, kafka_bootstrap)) as running:
        groups = Groups(running)
        groups.person("ann", "oak").person("bob", "elm").person("dan", "oak")
        groups.person("cat", "pine").school_in_network("oak", "n1")
        groups.school_in_network("pine", "n2").co_leader("cat", "n2")
        groups.group("g1", "n1", ("ann", "oak", "co_leader"))
        groups.group("g2", "n2", ("cat", "pine", "co_leader"))
        await groups.send()
        yield running


async def read(service: Service, who: str, artefact: str, token: str | None) -> Any:
    return (await service.data(who, READ, id=artefact, token=token))["artefact"]


async def a_published_protocol(service: Service) -> tuple[str, str]:
    artefact = str(uuid.uuid4())
    await service.ok(
        ANN,
        "draftArtefact",
        "artefact",
        artefactId=artefact,
        kind="PROTOCOL",
        knowledgeField="PRACTITIONER",
        title="Tuning protocol",
        body="Present, clarify, probe, warm and cool feedback, reflect.",
        levels=["ADULT", "LEADERSHIP"],
        groupId="g1",
        schoolId="oak",
        networkId="n1",
        visibility="NETWORK",
    )
    written = await service.ok(ANN, "publishArtefact", "artefact", artefactId=artefact)
    return artefact, written


async def test_a_network_artefact_is_seen_by_its_network_only(service: Service) -> None:
    artefact, written = await a_published_protocol(service)
    assert (await read(service, ANN, artefact, written))["visibility"] == "NETWORK"
    assert (await read(service, DAN, artefact, written)) is not None  # same school
    assert (await read(service, BOB, artefact, written)) is None  # school outside the network
    assert (await read(service, CAT, artefact, written)) is None  # another network
    assert (await read(service, BEA, artefact, None)) is None  # another tenant
    # and one cannot act on what one cannot see: it does not exist for them
    refused = await service.mutate(BOB, "endorseArtefact", "artefact", artefactId=artefact)
    assert [e["code"] for e in refused["userErrors"]] == ["ARTEFACT_NOT_FOUND"]


async def test_an_artefact_travels_to_another_network_and_tenant_and_its_lineage_is_whole(
    service: Service,
) -> None:
    source, _ = await a_published_protocol(service)
    await service.ok(
        ANN, "setArtefactVisibility", "artefact", artefactId=source, visibility="TENANT"
    )
    # a second network adapts it, and its co-leader publishes the adaptation to the commons
    adapted = str(uuid.uuid4())
    await service.ok(
        CAT,
        "adaptArtefact",
        "artefact",
        artefactId=adapted,
        sourceArtefactId=source,
        title="Tuning protocol for network two",
        groupId="g2",
        schoolId="pine",
        networkId="n2",
        visibility="NETWORK",
    )
    ready = await service.ok(CAT, "publishArtefact", "artefact", artefactId=adapted)
    shown = (
        "{ id kind knowledgeField levels title summary body version attribution"
        " links { url } citations { text } }"
    )
    preview = await service.data(
        CAT,
        "query($id: ID!, $t: String) { artefact(id: $id, consistencyToken: $t) {"
        f' commonsPreview(attribution: "Network Two") {shown} }} }}',
        id=adapted,
        t=ready,
    )
    written = await service.ok(
        CAT, "publishArtefactToCommons", "artefact", artefactId=adapted, attribution="Network Two"
    )
    mine = await read(service, CAT, adapted, written)
    assert mine["inCommons"] and mine["visibility"] == "COMMONS"
    assert mine["commonsCopy"]["attribution"] == "Network Two"
    assert mine["derivedFrom"]["artefact"] == {"id": source}
    commons_id = mine["commonsCopy"]["id"]
    # the publisher saw beforehand exactly what every tenant now sees
    copy_seen = await service.data(
        BEA, f"query($id: ID!) {{ commonsArtefact(id: $id) {shown} }}", id=commons_id
    )
    assert copy_seen["commonsArtefact"] == preview["artefact"]["commonsPreview"]

    # another tenant sees the copy, adapts it and uses its adaptation
    copy = (
        await service.data(
            BEA, "query($id: ID!) { commonsArtefact(id: $id) { title mine } }", id=commons_id
        )
    )["commonsArtefact"]
    assert copy == {"title": "Tuning protocol for network two", "mine": False}
    theirs = str(uuid.uuid4())
    await service.ok(
        BEA,
        "adaptArtefact",
        "artefact",
        artefactId=theirs,
        sourceCommonsId=commons_id,
        visibility="TENANT",
    )
    await service.ok(BEA, "publishArtefact", "artefact", artefactId=theirs)
    used = await service.ok(
        BEA,
        "recordArtefactUse",
        "artefact",
        artefactId=theirs,
        useId=str(uuid.uuid4()),
        context="OTHER",
        note="our first leadership session",
    )

    # from the first tenant: the whole tree, and only counts where it crossed into tenant b
    tree = (await service.data(ANN, LINEAGE, id=source, token=used))["artefact"]["lineage"]
    assert tree["ancestors"] == []
    assert tree["adaptations"] == [
        {
            "artefact": {"id": adapted, "title": "Tuning protocol for network two"},
            "parentId": source,
            "depth": 1,
            "elsewhere": {"tenants": 1, "adaptations": 1, "uses": 1},
        }
    ]
    # from the second tenant: back through the commons copy to the first tenant's original,
    # which it never reads
    back = (await service.data(BEA, LINEAGE, id=theirs, token=used))["artefact"]["lineage"]
    assert back["ancestors"] == [
        {
            "title": "Tuning protocol for network two",
            "acrossTenants": True,
            "artefact": None,
            "commons": {"id": commons_id, "title": "Tuning protocol for network two"},
        },
        {"title": None, "acrossTenants": True, "artefact": None, "commons": None},
    ]
    assert (await read(service, BEA, source, None)) is None

    # withdrawn: new readers no longer find it; the adaptation keeps its copy and a mark
    withdrawn = await service.ok(CAT, "withdrawArtefactFromCommons", "artefact", artefactId=adapted)
    kept = await read(service, BEA, theirs, withdrawn)
    assert kept["title"] == "Tuning protocol for network two"
    assert kept["derivedFrom"]["sourceWithdrawn"] is True
    assert kept["derivedFrom"]["commons"] is None
    gone = await service.data(
        BEA, "query($id: ID!) { commonsArtefact(id: $id) { id } }", id=commons_id
    )
    assert gone["commonsArtefact"] is None


async def test_a_session_held_with_an_artefact_records_its_use_once(service: Service) -> None:
    artefact, _ = await a_published_protocol(service)
    groups = Groups(service)
    groups.session_held("g1", "s-1", artefact, by="ann")
    await groups.send()

    async def recorded() -> bool:
        found = await read(service, ANN, artefact, None)
        return bool(found and found["uses"] == 1)

    await eventually(recorded)
    uses = await service.data(
        ANN,
        "query($id: ID!) { artefact(id: $id) { recordedUses { edges { node {"
        " context sessionId usedOn group { id } recordedBy { id } } } } } }",
        id=artefact,
    )
    assert uses["artefact"]["recordedUses"]["edges"] == [
        {
            "node": {
                "context": "SESSION",
                "sessionId": "s-1",
                "usedOn": "2026-11-20",
                "group": {"id": "g1"},
                "recordedBy": {"id": "ann"},
            }
        }
    ]

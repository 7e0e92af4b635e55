"""Partner networks through the real app (PostgreSQL, Kafka): tenant A's network n1 and tenant
B's network nb are partnered (each side's consent is a groups event in its own tenant). A group of
n1 marks an enquiry "shared with partner networks"; B's people of nb read it, its findings and
n1's learning matrix — read-only, nothing else; a third tenant and B's people of another network
read nothing; ending the partnership (either side) or withdrawing the marking hides it again."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.integration.enquiry.rig import GroupsStream
from tests.integration.enquiry.test_api import (
    LEA,
    MO,
    NED,
    A,
    B,
    Service,
    a_running_service,
    new_id,
    token,
)

pytestmark = pytest.mark.integration

C = "tenant-c"
BEA = token("bea", tenant=B)  # co-leader of gb, a group of B's network nb
BO = token("bo", tenant=B)  # member of gb2, in B's other network nb2
B_ADMIN = token("b-admin", "tenant_admin", tenant=B)
CY = token("cy", tenant=C)  # co-leader of C's network nc's group
A_ADMIN = token("a-admin", "tenant_admin", tenant=A)
SECRET = "SHARED-WITH-PARTNERS"


async def consent(side: GroupsStream, network: str, partner: GroupsStream, other: str) -> None:
    await side.emit(
        "network",
        network,
        "PartnershipConsented",
        network_id=network,
        partner_tenant_id=partner.tenant,
        partner_network_id=other,
        consented_by="someone",
    )


async def end(side: GroupsStream, network: str, partner: GroupsStream, other: str) -> None:
    await side.emit(
        "network",
        network,
        "PartnershipEnded",
        network_id=network,
        partner_tenant_id=partner.tenant,
        partner_network_id=other,
    )


@pytest.fixture(scope="module")
async def service(new_database, kafka_bootstrap: str) -> AsyncIterator[Service]:  # type: ignore[no-untyped-def]
    async with a_running_service(new_database, kafka_bootstrap) as running:
        a, b = running.groups[A], running.groups[B]
        c = running.groups[C] = GroupsStream(a.store, tenant=C)
        await a.practitioner("lea", "oak", "Lea", "Hart")
        await a.practitioner("mo", "oak", "Mo", "Khan")
        await a.group("g1", network_id="n1")
        await a.member("g1", "lea", "oak", role="co_leader")
        await a.member("g1", "mo", "oak")
        for person, group, network in (("bea", "gb", "nb"), ("bo", "gb2", "nb2")):
            await b.practitioner(person, "birch", person.title(), "Stone")
            await b.group(group, network_id=network)
            await b.member(group, person, "birch", role="co_leader")
        await c.practitioner("cy", "cedar", "Cy", "Lane")
        await c.group("gc", network_id="nc")
        await c.member("gc", "cy", "cedar", role="co_leader")
        await consent(a, "n1", b, "nb")  # A's side only, for now
        await consent(c, "nc", a, "n1")  # C asks; A never consents
        await running.sync_groups()
        yield running


async def a_finished_cycle(s: Service, enquiry: str) -> str:
    """An enquiry of g1 through one completed cycle, a validated claim and shared findings."""
    e = {"enquiryId": enquiry}
    c = {**e, "cycleId": new_id()}
    await s.ok(
        MO,
        "proposeEnquiry",
        "enquiry",
        **e,
        groupId="g1",
        title=f"{SECRET} title",
        question="Does wait time deepen answers?",
        approach="LESSON_STUDY",
        levels=["PUPIL"],
    )
    await s.ok(LEA, "launchEnquiry", "enquiry", **e)
    await s.ok(LEA, "startCycle", "enquiry", **c)
    await s.ok(MO, "recordExperience", "enquiry", **c, entryId=new_id(), text="private exp")
    await s.ok(LEA, "advanceCyclePhase", "enquiry", **c)
    await s.ok(MO, "recordReflection", "enquiry", **c, entryId=new_id(), text="private thought")
    await s.ok(LEA, "advanceCyclePhase", "enquiry", **c)
    await s.ok(LEA, "advanceCyclePhase", "enquiry", **c)
    await s.ok(LEA, "planAction", "enquiry", **c, entryId=new_id(), description="private act")
    await s.ok(LEA, "completeCycle", "enquiry", **c)
    await s.ok(LEA, "shareFindings", "enquiry", **e, entryId=new_id(), summary=f"{SECRET} findings")
    claim = new_id()
    await s.ok(
        MO,
        "claimLearning",
        "learningClaim",
        claimId=claim,
        groupId="g1",
        level="ADULT",
        depth="DEEP",
        statement="private claim",
        evidenceRefs=["e"],
        enquiryId=enquiry,
    )
    return await s.ok(LEA, "validateLearningClaim", "learningClaim", claimId=claim)


PARTNER_WORK = """query($n: ID!, $t: String) { _entities(representations: [{__typename: "Network",
 id: $n}]) { ... on Network { partnerWork(consistencyToken: $t) { tenantId networkId
 enquiries { edges { node { id title status findings { title summary } } } }
 learningMatrix { level depth count } } } } }"""

OWN_WORK = """query($n: ID!, $t: String) { _entities(representations: [{__typename: "Network",
 id: $n}]) { ... on Network { sharedWithPartners(consistencyToken: $t) { tenantId networkId
 enquiries { edges { node { id title } } } learningMatrix { level depth count } } } } }"""


async def partner_work(s: Service, who: str, network: str, t: str | None) -> list[Any]:
    found = await s.data(who, PARTNER_WORK, n=network, t=t)
    work: list[Any] = found["_entities"][0]["partnerWork"]
    return work


def matrix_count(work: dict[str, Any]) -> int:
    return sum(cell["count"] for cell in work["learningMatrix"])


async def test_shared_work_crosses_to_the_partner_network_only(service: Service) -> None:
    s = service
    enquiry = new_id()
    t = await a_finished_cycle(s, enquiry)
    share = {"enquiryId": enquiry}
    # before B consents there is no partnership: the marking is refused, by name
    refused = await s.mutate(LEA, "shareEnquiryWithPartnerNetworks", "enquiry", **share)
    assert [e["code"] for e in refused["userErrors"]] == ["NO_PARTNERSHIP_WITH_CONSENT"]
    await consent(s.groups[B], "nb", s.groups[A], "n1")
    await s.sync_groups()
    # a member does not mark it; an admin does not decide it for the group; its leader does
    for who, code in ((MO, "ONLY_LEADERS_SHARE_WITH_PARTNERS"), (A_ADMIN, None)):
        result = await s.mutate(who, "shareEnquiryWithPartnerNetworks", "enquiry", **share)
        assert [e["code"] for e in result["userErrors"]] == [
            code or "ONLY_LEADERS_SHARE_WITH_PARTNERS"
        ]
    t = await s.ok(LEA, "shareEnquiryWithPartnerNetworks", "enquiry", **share)

    (work,) = await partner_work(s, BEA, "nb", t)
    assert (work["tenantId"], work["networkId"]) == (A, "n1")
    (edge,) = work["enquiries"]["edges"]
    assert edge["node"]["id"] == enquiry
    assert edge["node"]["title"] == f"{SECRET} title"
    assert [f["summary"] for f in edge["node"]["findings"]] == [f"{SECRET} findings"]
    assert matrix_count(work) == 1
    assert "private" not in json.dumps(work)  # entries, actions, claims stay in A
    # B's admin sees what B's network sees; B's people of another network and C see nothing
    assert await partner_work(s, B_ADMIN, "nb", t) == [work]
    assert await partner_work(s, BO, "nb", t) == []
    assert await partner_work(s, BO, "nb2", t) == []
    assert await partner_work(s, CY, "nc", t) == []
    # the partner's enquiry is no entity of B's tenant
    as_entity = await s.data(BEA, "query($id: ID!) { enquiry(id: $id) { id } }", id=enquiry)
    assert as_entity == {"enquiry": None}

    # A's side: the enquiry says it is shared; A's people and admin see what partners see
    marked = await s.data(
        MO, "query($id: ID!) { enquiry(id: $id) { sharedWithPartnerNetworks } }", id=enquiry
    )
    assert marked == {"enquiry": {"sharedWithPartnerNetworks": True}}
    for who in (MO, A_ADMIN):
        own = (await s.data(who, OWN_WORK, n="n1", t=t))["_entities"][0]["sharedWithPartners"]
        assert [e["node"]["id"] for e in own["enquiries"]["edges"]] == [enquiry], who
    nobody = (await s.data(NED, OWN_WORK, n="n1", t=t))["_entities"][0]
    assert nobody == {"sharedWithPartners": None}
    # and B's work shown back in A: nb marked nothing, its matrix is empty
    (back,) = await partner_work(s, LEA, "n1", t)
    assert (back["tenantId"], back["networkId"], back["enquiries"]["edges"]) == (B, "nb", [])

    # B ends the partnership: nothing crosses any more, either way
    await end(s.groups[B], "nb", s.groups[A], "n1")
    await s.sync_groups()
    assert await partner_work(s, BEA, "nb", t) == []
    assert await partner_work(s, LEA, "n1", t) == []
    # consent again: the marking still stands, so it is seen again
    await consent(s.groups[B], "nb", s.groups[A], "n1")
    await s.sync_groups()
    (work,) = await partner_work(s, BEA, "nb", t)
    assert len(work["enquiries"]["edges"]) == 1
    # A withdraws the marking: the enquiry is gone from B's view; the matrix stays shared
    t = await s.ok(LEA, "withdrawEnquiryFromPartnerNetworks", "enquiry", **share)
    (work,) = await partner_work(s, BEA, "nb", t)
    assert work["enquiries"]["edges"] == []
    assert matrix_count(work) == 1

"""The knowledge service holds no name or email, before or after an erasure and a rebuild (every
table of its database scanned); erasure keeps the person's co-constructed work, is idempotent and
leaves others alone. Its parts of the privacy entities answer only the person or a tenant admin,
record the export in its append-only audit log, and show that log to tenant admins only."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
from clc_knowledge.service import KNOWLEDGE
from servicekit.cli import rebuild

from tests.integration.knowledge.service import Service, a_running_service, settings_for, token
from tests.integration.knowledge.world import Groups
from tests.support.pii_scan import tables_holding

pytestmark = pytest.mark.integration

ZOE, LEA, ADMIN = token("zoe", "teacher"), token("lea", "teacher"), token("admin", "tenant_admin")
OTHER_ADMIN = token("admin", "tenant_admin", tenant="tenant-b")
SECRETS = ("Zoltana", "Quillfeather", "zoltana.q@oak.example")

EXPORT = """{ _entities(representations: [{__typename: "PersonalDataExport",
  practitionerId: "zoe"}]) { ... on PersonalDataExport { knowledge } } }"""
AUDIT = """query($tenant: ID!) { _entities(representations: [{__typename: "PersonalDataAudit",
  tenantId: $tenant}]) { ... on PersonalDataAudit { knowledge { edges { node {
  action performedBy { id } practitioner { id } } } } } } }"""
READ = """query($id: ID!, $t: String) { artefact(id: $id, consistencyToken: $t) {
  title draftedBy { id } contributedBy { id } } }"""


@pytest.fixture
async def service(new_database, kafka_bootstrap: str) -> AsyncIterator[tuple[Service, str]]:  # type: ignore[no-untyped-def]
    owner_dsn = await new_database(f"knowledge_{uuid.uuid4().hex[:8]}")
    async with a_running_service(settings_for(owner_dsn, kafka_bootstrap)) as running:
        yield running, owner_dsn


async def a_shared_artefact(s: Service) -> tuple[str, str]:
    g = Groups(s)
    g.person("lea", "oak")
    g.emit(
        "practitioner",
        "zoe",
        "PractitionerRegistered",
        practitioner_id="zoe",
        school_id="oak",
        given_name="Zoltana",
        family_name="Quillfeather",
        email="zoltana.q@oak.example",
    )
    g.group("g1", None, ("lea", "oak", "co_leader"), ("zoe", "oak", "member"))
    await g.send()
    artefact = str(uuid.uuid4())
    await s.ok(
        ZOE,
        "draftArtefact",
        "artefact",
        artefactId=artefact,
        kind="PROTOCOL",
        knowledgeField="PRACTITIONER",
        title="Talking protocol",
        body="Everyone speaks once before anyone speaks twice.",
        levels=["ADULT"],
        visibility="TENANT",
    )
    last = await s.ok(ZOE, "publishArtefact", "artefact", artefactId=artefact)
    return artefact, last


async def export_as(s: Service, bearer: str) -> Any:
    return (await s.data(bearer, EXPORT))["_entities"][0]["knowledge"]


async def test_erasure_leaves_no_name_anywhere_and_keeps_the_work(
    service: tuple[Service, str],
) -> None:
    s, owner_dsn = service
    artefact, last = await a_shared_artefact(s)
    assert await tables_holding(owner_dsn, SECRETS) == {}
    assert (
        "kn_artefacts"
        in (await tables_holding(owner_dsn, ["Talking protocol"]))["Talking protocol"]
    )

    g = Groups(s)
    for _ in range(2):  # idempotent
        g.emit("practitioner", "zoe", "PractitionerErased", practitioner_id="zoe")
        await g.send()
    assert await tables_holding(owner_dsn, SECRETS) == {}
    await rebuild(s.settings, KNOWLEDGE)
    assert await tables_holding(owner_dsn, SECRETS) == {}

    found = (await s.data(LEA, READ, id=artefact, t=last))["artefact"]
    assert found == {
        "title": "Talking protocol",
        "draftedBy": {"id": "zoe"},  # the gateway asks groups: "Former practitioner"
        "contributedBy": [{"id": "zoe"}],
    }
    pool = s.app.state.runtime.pool
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("select set_config('app.tenant_id', 'tenant-a', true)")
        erased = dict(await conn.fetch("select practitioner_id, erased from kn_practitioners"))
    assert erased == {"lea": False, "zoe": True}


async def test_the_export_and_the_audit_log_answer_whom_they_should(
    service: tuple[Service, str],
) -> None:
    s, _ = service
    artefact, _ = await a_shared_artefact(s)
    mine = await export_as(s, ZOE)
    assert mine["service"] == "knowledge" and mine["practitionerId"] == "zoe"
    assert [a["artefact_id"] for a in mine["tables"]["kn_artefacts"]] == [artefact]
    assert any("Climate audit answers" in note for note in mine["notes"])
    assert (await export_as(s, ADMIN))["tables"]["kn_artefacts"][0]["artefact_id"] == artefact
    assert await export_as(s, LEA) is None  # a colleague: not theirs to see
    assert (await export_as(s, OTHER_ADMIN))["tables"] == {}  # another tenant: nothing

    log = (await s.data(ADMIN, AUDIT, tenant="tenant-a"))["_entities"][0]["knowledge"]
    entries = [e["node"] for e in log["edges"]]
    assert entries == [
        {"action": "EXPORT", "performedBy": {"id": "admin"}, "practitioner": {"id": "zoe"}},
        {"action": "EXPORT", "performedBy": {"id": "zoe"}, "practitioner": {"id": "zoe"}},
    ]
    assert (await s.data(LEA, AUDIT, tenant="tenant-a"))["_entities"][0]["knowledge"] is None
    other = await s.data(OTHER_ADMIN, AUDIT, tenant="tenant-a")  # asking for another tenant's
    assert other["_entities"][0]["knowledge"] is None

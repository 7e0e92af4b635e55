"""Erasure reaches every table of the enquiry database: the service never holds a name or an
email (the groups service alone does), keeps the erased person's contributions attributed to
their id (the gateway shows the neutral label from groups), survives a rebuild, is idempotent and
touches no one else. The membership model accepts registrations whose names are encrypted or
absent. The access export finds the person's rows; the audit log is append-only."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
from clc_enquiry.readmodels import ALL_TABLES
from eventkit.pg import tenant_transaction
from eventkit.principal import Principal
from servicekit.privacy import AuditAction, audit_entries, record_audit, rows_about

from tests.integration.enquiry.rig import Rig, a_rig
from tests.support.pii_scan import tables_holding

pytestmark = pytest.mark.integration

A = "tenant-a"
LEA = Principal(tenant_id=A, person_id="lea")
ZOE = Principal(tenant_id=A, person_id="zoe")
ZOE_SECRETS = ("Zoltana", "Quillfeather", "zoltana.q@oak.example")


@pytest.fixture
async def rig(new_database, kafka_bootstrap: str) -> AsyncIterator[Rig]:  # type: ignore[no-untyped-def]
    async with a_rig(new_database, kafka_bootstrap) as r:
        yield r


def new_id() -> str:
    return str(uuid.uuid4())


async def people_and_work(rig: Rig) -> str:
    """Lea leads g1, Zoe (whose name and email must never land here) contributes to it."""
    g = rig.groups_of(A)
    await g.practitioner("lea", "oak", "Lea", "Hart")
    await g.emit(
        "practitioner",
        "zoe",
        "PractitionerRegistered",
        practitioner_id="zoe",
        tenant_id=A,
        school_id="oak",
        given_name="Zoltana",
        family_name="Quillfeather",
        email="zoltana.q@oak.example",
        role="teacher",
        source_id=None,
    )
    # after crypto-shredding the names arrive encrypted, or not at all: both are accepted
    await g.emit(
        "practitioner",
        "cy",
        "PractitionerRegistered",
        practitioner_id="cy",
        tenant_id=A,
        school_id="ash",
        given_name={"ciphertext": "q83vEjRWeJA=", "key_id": "k-cy"},
        family_name={"ciphertext": "3q2+7w==", "key_id": "k-cy"},
        email={"ciphertext": "ABEiM0RV", "key_id": "k-cy"},
        role="teacher",
    )
    await g.emit("practitioner", "nn", "PractitionerRegistered", practitioner_id="nn")
    await g.group("g1", network_id="n1")
    await g.member("g1", "lea", "oak", role="co_leader")
    await g.member("g1", "zoe", "oak")
    await rig.sync()
    e = rig.app.enquiries
    enquiry_id, cycle_id = new_id(), new_id()
    await e.propose(
        ZOE,
        enquiry_id=enquiry_id,
        group_id="g1",
        title="Wait time",
        question="Does wait time deepen answers?",
        approach="collaborative_enquiry",
        levels=["pupil"],
    )
    await e.launch(LEA, enquiry_id=enquiry_id)
    await e.start_cycle(LEA, enquiry_id=enquiry_id, cycle_id=cycle_id)
    await e.record_experience(
        ZOE, enquiry_id=enquiry_id, cycle_id=cycle_id, entry_id=new_id(), text="We waited"
    )
    await rig.app.reflective_logs.write(ZOE, entry_id=new_id(), text="My own note")
    await rig.sync()
    return enquiry_id


async def test_no_name_or_email_in_any_table_before_or_after_erasure_and_rebuild(
    rig: Rig,
) -> None:
    enquiry_id = await people_and_work(rig)
    async with tenant_transaction(rig.pool, A) as conn:
        people = {
            r["practitioner_id"]: (r["school_id"], r["erased"])
            for r in await conn.fetch("select * from enq_practitioners")
        }
    assert people == {
        "lea": ("oak", False),
        "zoe": ("oak", False),
        "cy": ("ash", False),
        "nn": (None, False),
    }
    assert await tables_holding(rig.owner_dsn, ZOE_SECRETS) == {}
    # (the scan does find what is there: Zoe's contribution, in the store and the journal)
    seen = await tables_holding(rig.owner_dsn, ["We waited"])
    assert {"events", "enq_journal"} <= set(seen["We waited"])

    for _ in range(2):  # idempotent: a second erasure (a redelivery, a retry) changes nothing
        await rig.groups_of(A).erase("zoe")
        await rig.sync()
    assert await tables_holding(rig.owner_dsn, ZOE_SECRETS) == {}
    await rig.runner.rebuild(rig.store)
    assert await tables_holding(rig.owner_dsn, ZOE_SECRETS) == {}

    async with tenant_transaction(rig.pool, A) as conn:
        erased = {
            r["practitioner_id"]: r["erased"]
            for r in await conn.fetch("select practitioner_id, erased from enq_practitioners")
        }
        journal = await conn.fetch(
            "select kind, author_id, body from enq_journal where enquiry_id = $1 order by seq",
            enquiry_id,
        )
        members = await conn.fetch("select practitioner_id from enq_group_members order by 1")
    # erased, and only Zoe; her work and the group's history stay, by id
    assert erased == {"lea": False, "zoe": True, "cy": False, "nn": False}
    assert [(j["kind"], j["author_id"]) for j in journal] == [
        ("proposed", "zoe"),
        ("launched", "lea"),
        ("cycle_started", "lea"),
        ("experience", "zoe"),
    ]
    assert journal[-1]["body"] == "We waited"
    assert [m["practitioner_id"] for m in members] == ["lea", "zoe"]


async def test_the_export_finds_the_persons_rows_and_the_audit_log_is_append_only(
    rig: Rig,
) -> None:
    enquiry_id = await people_and_work(rig)
    async with tenant_transaction(rig.pool, A) as conn:
        mine = await rows_about(conn, ALL_TABLES, "zoe")
        await record_audit(
            conn, "enq_", A, actor_id="admin", subject_id="zoe", action=AuditAction.EXPORT
        )
    assert {r["enquiry_id"] for r in mine["enq_enquiries"]} == {enquiry_id}
    assert {r["kind"] for r in mine["enq_journal"]} == {"proposed", "experience"}
    assert [r["text"] for r in mine["enq_log_entries"]] == ["My own note"]
    assert {r["group_id"] for r in mine["enq_group_members"]} == {"g1"}
    async with tenant_transaction(rig.pool, "tenant-b") as conn:
        assert await rows_about(conn, ALL_TABLES, "zoe") == {}  # another tenant sees none

    async with tenant_transaction(rig.pool, A) as conn:
        (entry,) = await audit_entries(conn, "enq_", A, subject_id="zoe", after=None, first=10)
    assert (entry.actor_id, entry.action) == ("admin", AuditAction.EXPORT)
    changes = (
        "update enq_personal_data_audit set actor_id = 'x'",
        "delete from enq_personal_data_audit",
    )
    for change in changes:  # the app role may only read and insert…
        async with tenant_transaction(rig.pool, A) as conn:
            with pytest.raises(asyncpg.InsufficientPrivilegeError):
                await conn.execute(change)
    owner = await asyncpg.connect(rig.owner_dsn)
    try:  # …and not even the owner changes it
        for change in (*changes, "truncate enq_personal_data_audit"):
            with pytest.raises(asyncpg.RaiseError, match="append-only"):
                await owner.execute(change)
    finally:
        await owner.close()

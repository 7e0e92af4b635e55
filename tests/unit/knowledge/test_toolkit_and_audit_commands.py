"""The toolkit and climate-audit use cases over an in-memory event store: adoption records a use
of each artefact, and an answer reaches the store only sealed in a batch, with no actor."""

from __future__ import annotations

import uuid

import pytest
from clc_knowledge.application import KnowledgeService
from clc_knowledge.application.climate_ballots import MemoryBallotBox
from clc_knowledge.domain import TENANT_ADMIN
from clc_knowledge.domain.climate_audit import INSTRUMENT, SEAL_BATCH, Ballot, ItemScore
from clc_knowledge.domain.climate_audit.errors import AlreadyAnswered
from eventkit.envelope import EventMetadata
from eventkit.principal import Principal
from eventkit.store import InMemoryEventStore

TENANT = "tenant-a"
GROUP = "g-leaders"


def admin(person: str) -> Principal:
    return Principal(tenant_id=TENANT, person_id=person, roles=frozenset({TENANT_ADMIN}))


def new_id() -> str:
    return str(uuid.uuid4())


ROOT = admin("root")
SCORES = [{"item_id": i.id, "score": 3} for i in INSTRUMENT]


async def published_artefact(service: KnowledgeService, kind: str = "protocol") -> str:
    artefact = new_id()
    await service.artefacts.draft(
        ROOT,
        artefact_id=artefact,
        kind=kind,
        knowledge_field="practitioner",
        title=f"A {kind}",
        body="Read it together.",
        levels=("leadership",),
        visibility="tenant",
    )
    await service.artefacts.publish(ROOT, artefact_id=artefact)
    return artefact


async def test_adopting_a_toolkit_records_a_use_of_each_artefact_once() -> None:
    service = KnowledgeService(InMemoryEventStore())
    artefacts = [await published_artefact(service) for _ in range(2)]
    toolkit = new_id()
    await service.toolkits.create(
        ROOT, toolkit_id=toolkit, title="Starter", purpose="Starting", visibility="tenant"
    )
    for a in artefacts:
        await service.toolkits.add_artefact(ROOT, toolkit_id=toolkit, artefact_id=a)
    await service.toolkits.publish(ROOT, toolkit_id=toolkit)
    adopted = await service.toolkits.adopt(
        ROOT, toolkit_id=toolkit, group_id=GROUP, command_id="adopt-1"
    )
    assert [type(e).__name__ for e in adopted.events] == ["ToolkitAdopted"]
    await service.toolkits.adopt(ROOT, toolkit_id=toolkit, group_id=GROUP, command_id="adopt-1")
    for a in artefacts:
        assert len((await service.artefacts.state_of(ROOT, a)).use_ids) == 1


async def test_answers_are_sealed_in_batches_with_no_actor_and_once_per_member() -> None:
    store, ballots = InMemoryEventStore(), MemoryBallotBox()
    service = KnowledgeService(store, ballots=ballots)
    tool = await published_artefact(service, "climate_audit_tool")
    audit = new_id()
    audits = service.climate_audits
    await audits.open(ROOT, audit_id=audit, tool_artefact_id=tool, group_id=GROUP)
    people = [f"member-{n}" for n in range(SEAL_BATCH + 2)]

    for person in people[: SEAL_BATCH - 1]:
        await audits.answer(admin(person), audit_id=audit, answers=SCORES)
    assert (await audits.state_of(ROOT, audit)).sealed == frozenset()  # all still waiting
    await audits.answer(admin(people[SEAL_BATCH - 1]), audit_id=audit, answers=SCORES)
    assert len((await audits.state_of(ROOT, audit)).sealed) == SEAL_BATCH
    assert await ballots.pending(TENANT, audit) == []

    with pytest.raises(AlreadyAnswered):
        await audits.answer(admin(people[0]), audit_id=audit, answers=SCORES)

    for person in people[SEAL_BATCH:]:
        await audits.answer(admin(person), audit_id=audit, answers=SCORES)
    await audits.close(ROOT, audit_id=audit)
    assert len((await audits.state_of(ROOT, audit)).sealed) == len(people)

    recorded = await store.read_all()
    answered = [e for e in recorded if e.event_type == "ClimateAuditAnswered"]
    assert len(answered) == len(people)
    for event in answered:
        assert event.metadata == EventMetadata()
        assert not any(p in str(event.data) for p in people)
    roll = [e for e in recorded if e.event_type == "ClimateAuditParticipationRecorded"]
    assert sorted(e.data["person_id"] for e in roll) == sorted(people)
    assert all("scores" not in e.data for e in roll)


async def test_a_seal_that_lost_a_race_leaves_a_lone_answer_waiting() -> None:
    store, ballots = InMemoryEventStore(), MemoryBallotBox()
    service = KnowledgeService(store, ballots=ballots)
    audits = service.climate_audits
    tool = await published_artefact(service, "climate_audit_tool")
    audit = new_id()
    await audits.open(ROOT, audit_id=audit, tool_artefact_id=tool, group_id=GROUP)
    for n in range(SEAL_BATCH):
        await audits.answer(admin(f"member-{n}"), audit_id=audit, answers=SCORES)
    sealed = await audits.state_of(ROOT, audit)
    # A concurrent request read the box before the seal emptied it, and one more ballot since:
    # its seal finds one new ballot, fewer than a batch, and writes nothing.
    late = await ballots.pending(TENANT, audit)
    assert late == []
    for ballot_id in sealed.sealed:
        scores = tuple(ItemScore(item_id=i.id, score=3) for i in INSTRUMENT)
        await ballots.put(TENANT, audit, Ballot(ballot_id=ballot_id, scores=scores))
    await audits.answer(admin("member-late"), audit_id=audit, answers=SCORES)
    assert len((await audits.state_of(ROOT, audit)).sealed) == SEAL_BATCH
    assert len(await ballots.pending(TENANT, audit)) == 1  # the late one waits
    await audits.close(ROOT, audit_id=audit)
    assert len((await audits.state_of(ROOT, audit)).sealed) == SEAL_BATCH + 1
    assert await ballots.pending(TENANT, audit) == []

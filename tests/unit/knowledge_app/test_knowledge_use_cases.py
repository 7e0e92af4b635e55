"""The knowledge use cases and reactions over an in-memory event store, with fakes for the
membership model (``Standings``) and the commons: no database, no broker."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from clc_knowledge.application import KnowledgeService, commons_id, registry
from clc_knowledge.application.facts import parse_commons_id
from clc_knowledge.application.reactions import Reactions, findings_artefact_id
from clc_knowledge.domain import ArtefactAdapted, Reader, Standing
from clc_knowledge.domain.errors import ArtefactNotFound, NotInScope
from clc_knowledge.domain.values import ArtefactRef
from eventkit.envelope import EventMetadata, RecordedEvent
from eventkit.errors import InvalidInput
from eventkit.principal import Principal
from eventkit.store import InMemoryEventStore

TENANT = "tenant-a"
ANN = Principal(tenant_id=TENANT, person_id="ann")
BEA = Principal(tenant_id="tenant-b", person_id="bea", roles=frozenset({"tenant_admin"}))


@dataclass
class FakeStandings:
    """Ann: oak, member of g-1, in network n-1. Everyone else: nobody."""

    async def standing(
        self, principal: Principal, group_id: str | None, network_id: str | None
    ) -> Standing:
        if principal.person_id != "ann":
            return Standing()
        return Standing(
            school_id="oak",
            group_member=group_id == "g-1",
            group_leader=group_id == "g-1",
            network_member=network_id == "n-1",
        )

    async def reader(self, principal: Principal) -> Reader:
        mine = principal.person_id == "ann"
        return Reader(
            tenant_id=principal.tenant_id,
            person_id=principal.person_id,
            admin=principal.has_role("tenant_admin"),
            school_id="oak" if mine else None,
            group_ids=frozenset({"g-1"} if mine else ()),
            network_ids=frozenset({"n-1"} if mine else ()),
        )


@dataclass
class FakeCommons:
    copies: dict[tuple[str, str], Mapping[str, Any]] = field(default_factory=dict)

    async def copy_of(self, tenant_id: str, artefact_id: str) -> Mapping[str, Any] | None:
        return self.copies.get((tenant_id, artefact_id))


def new_id() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def world() -> tuple[KnowledgeService, InMemoryEventStore, FakeCommons]:
    store, commons = InMemoryEventStore(), FakeCommons()
    return KnowledgeService(store, FakeStandings(), commons), store, commons


DRAFT: dict[str, Any] = {
    "kind": "protocol",
    "knowledge_field": "practitioner",
    "title": "Tuning protocol",
    "body": "Present, clarify, probe, feedback, reflect.",
    "levels": ("adult",),
    "group_id": "g-1",
    "school_id": "oak",
    "network_id": "n-1",
    "visibility": "tenant",
}


async def test_a_member_drafts_and_publishes_and_an_outsider_cannot_place_one_in_the_group(
    world: tuple[KnowledgeService, InMemoryEventStore, FakeCommons],
) -> None:
    service, _, _ = world
    artefact = new_id()
    await service.artefacts.draft(ANN, artefact_id=artefact, **DRAFT)
    result = await service.artefacts.publish(ANN, artefact_id=artefact)
    assert result.state.status is not None and result.state.status.value == "published"
    with pytest.raises(NotInScope):
        await service.artefacts.draft(
            Principal(tenant_id=TENANT, person_id="ned"), artefact_id=new_id(), **DRAFT
        )


async def test_an_adaptation_starts_from_the_source_text_where_none_is_given(
    world: tuple[KnowledgeService, InMemoryEventStore, FakeCommons],
) -> None:
    service, _, _ = world
    source = new_id()
    await service.artefacts.draft(ANN, artefact_id=source, **DRAFT)
    await service.artefacts.publish(ANN, artefact_id=source)
    adapted = await service.artefacts.adapt(
        ANN, artefact_id=new_id(), source_artefact_id=source, title="Ours", visibility="school",
        school_id="oak",
    )  # fmt: skip
    content = adapted.state.content
    assert content is not None
    assert (content.title, content.body) == ("Ours", DRAFT["body"])
    assert adapted.state.derived_from == ArtefactRef(tenant_id=TENANT, artefact_id=source)


async def test_another_tenant_adapts_only_what_is_in_the_commons(
    world: tuple[KnowledgeService, InMemoryEventStore, FakeCommons],
) -> None:
    service, store, commons = world
    source = new_id()
    shared = commons_id(TENANT, source)
    with pytest.raises(ArtefactNotFound):  # not (or no longer) in the commons
        await service.artefacts.adapt(BEA, artefact_id=new_id(), source_commons_id=shared)
    commons.copies[(TENANT, source)] = {
        "version": 3, "title": "Tuning protocol", "summary": None, "body": "Present...",
        "kind": "protocol", "knowledge_field": "practitioner", "levels": ["adult"],
        "links": "[]", "citations": "[]",
    }  # fmt: skip
    theirs = new_id()
    await service.artefacts.adapt(
        BEA, artefact_id=theirs, source_commons_id=shared, visibility="tenant"
    )
    [recorded] = await store.read_stream(theirs, tenant_id="tenant-b")
    adapted = registry().to_domain(recorded)
    assert isinstance(adapted, ArtefactAdapted)
    assert adapted.across_tenants and adapted.derived_from_version == 3
    assert adapted.commons_origin == ArtefactRef(tenant_id=TENANT, artefact_id=source)


def test_a_commons_id_names_a_tenant_and_an_artefact_and_nothing_else_passes() -> None:
    artefact = new_id()
    assert parse_commons_id(commons_id(TENANT, artefact)) == (TENANT, artefact)
    with pytest.raises(InvalidInput):
        parse_commons_id("not-one")


def findings_shared(enquiry: str, entry: str) -> RecordedEvent:
    return RecordedEvent(
        event_id=uuid.uuid4(),
        event_type="FindingsShared",
        schema_version=1,
        stream_id=enquiry,
        stream_type="enquiry",
        stream_version=9,
        tenant_id=TENANT,
        data={
            "enquiry_id": enquiry, "author_id": "ann", "entry_id": entry,
            "title": "What we learned", "summary": "Talk first.", "question": "How?",
            "levels": ["adult"], "group_id": "g-1", "network_id": None,
            "contributor_ids": ["ann", "bob"],
        },
        metadata=EventMetadata(),
        recorded_at=datetime.now(UTC),
        global_position=9,
    )  # fmt: skip


async def test_findings_shared_twice_drafts_one_artefact(
    world: tuple[KnowledgeService, InMemoryEventStore, FakeCommons],
) -> None:
    service, store, _ = world
    enquiry, entry = new_id(), new_id()
    event = findings_shared(enquiry, entry)
    reactions = Reactions(service.artefacts)
    await reactions.apply(None, event)  # type: ignore[arg-type]
    await reactions.apply(None, event)  # type: ignore[arg-type]
    drafted = await store.read_stream(
        findings_artefact_id(TENANT, enquiry, entry), tenant_id=TENANT
    )
    assert [e.event_type for e in drafted] == ["ArtefactDrafted"]
    assert drafted[0].data["provenance"] == {"kind": "enquiry", "id": enquiry}
    assert drafted[0].data["visibility"] == "group"


async def test_a_session_naming_an_unpublished_artefact_records_nothing(
    world: tuple[KnowledgeService, InMemoryEventStore, FakeCommons],
) -> None:
    service, store, _ = world
    artefact = new_id()
    await service.artefacts.draft(ANN, artefact_id=artefact, **DRAFT)
    held = findings_shared(new_id(), new_id()).model_copy(
        update={
            "event_type": "SessionHeld",
            "stream_type": "learning_group",
            "data": {"group_id": "g-1", "session_id": "s-1", "artefact_id": artefact,
                     "starts_at": "2026-11-20T15:30:00+00:00"},
        }
    )  # fmt: skip
    await Reactions(service.artefacts).apply(None, held)  # type: ignore[arg-type]
    assert [e.event_type for e in await store.read_stream(artefact, tenant_id=TENANT)] == [
        "ArtefactDrafted"
    ]

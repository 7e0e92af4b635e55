"""Reactions through Kafka only, over real PostgreSQL and Kafka: enquiry's ``FindingsShared``
drafts exactly one co-constructed artefact even when delivered twice; groups' ``SessionHeld``
naming a published artefact records its use once."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from clc_knowledge.application.reactions import Reactions, findings_artefact_id
from eventkit.projection import ProjectionConnection

from tests.integration.knowledge.service import (
    Service,
    a_foreign_event,
    a_running_service,
    eventually,
    publish,
    settings_for,
    token,
)

pytestmark = pytest.mark.integration

ADMIN = token("admin", "tenant_admin")

READ = """query($id: ID!) { artefact(id: $id) {
  kind knowledgeField status visibility uses title
  provenance { kind id } contributedBy { id } group { id } network { id } } }"""


@pytest.fixture(scope="module")
async def service(new_database, kafka_bootstrap: str) -> AsyncIterator[Service]:  # type: ignore[no-untyped-def]
    owner_dsn = await new_database(f"knowledge_{uuid.uuid4().hex[:8]}")
    async with a_running_service(settings_for(owner_dsn, kafka_bootstrap)) as running:
        yield running


async def _events_of(service: Service, artefact_id: str) -> int:
    pool = service.app.state.runtime.pool
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("select set_config('app.tenant_id', 'tenant-a', true)")
        count: int = await conn.fetchval(
            "select count(*) from events where stream_id = $1", artefact_id
        )
    return count


async def test_findings_shared_twice_drafts_one_co_constructed_artefact(service: Service) -> None:
    enquiry, entry = str(uuid.uuid4()), str(uuid.uuid4())
    shared = a_foreign_event(
        "enquiry",
        enquiry,
        "FindingsShared",
        {
            "enquiry_id": enquiry,
            "author_id": "lead",
            "entry_id": entry,
            "title": "What we learned about talk",
            "summary": "Structured talk doubled pupil questions.",
            "question": "How does structured talk change questioning?",
            "levels": ["pupil", "adult"],
            "group_id": "g-1",
            "network_id": "n-1",
            "contributor_ids": ["lead", "member"],
        },
        version=12,
    )
    settings = service.settings
    await publish(settings.kafka_bootstrap_servers, settings.enquiry_topic, "/clc/enquiry", shared)
    await publish(settings.kafka_bootstrap_servers, settings.enquiry_topic, "/clc/enquiry", shared)
    artefact = findings_artefact_id("tenant-a", enquiry, entry)

    async def drafted() -> bool:
        return (await service.data(ADMIN, READ, id=artefact))["artefact"] is not None

    await eventually(drafted)
    found = (await service.data(ADMIN, READ, id=artefact))["artefact"]
    assert found == {
        "kind": "ENQUIRY_FINDINGS",
        "knowledgeField": "CO_CONSTRUCTED",
        "status": "DRAFT",
        "visibility": "NETWORK",
        "uses": 0,
        "title": "What we learned about talk",
        "provenance": {"kind": "ENQUIRY", "id": enquiry},
        "contributedBy": [{"id": "lead"}, {"id": "member"}],
        "group": {"id": "g-1"},
        "network": {"id": "n-1"},
    }
    # the reaction itself is idempotent too: delivered again (as after a crash between the
    # command and the projector's commit), it appends nothing
    runtime = service.app.state.runtime
    async with runtime.pool.acquire() as conn:
        await Reactions(runtime.services.commands.artefacts).apply(
            ProjectionConnection(conn), shared
        )
    assert await _events_of(service, artefact) == 1

"""The knowledge subgraph in-process over real PostgreSQL and Kafka: an artefact drafted and
published through GraphQL reads back through the read model, never from another tenant, and the
service's event topics keep their whole history."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType

from tests.integration.knowledge.service import Service, a_running_service, settings_for, token

pytestmark = pytest.mark.integration

ADMIN = token("admin", "tenant_admin")
OTHER_TENANT = token("admin-b", "tenant_admin", tenant="tenant-b")

READ = """query($id: ID!, $token: String) { artefact(id: $id, consistencyToken: $token) {
  id kind knowledgeField levels title body status visibility version
  draftedBy { id } contributedBy { id }
  versions { edges { node { version title } } } } }"""


@pytest.fixture(scope="module")
async def service(new_database, kafka_bootstrap: str) -> AsyncIterator[Service]:  # type: ignore[no-untyped-def]
    owner_dsn = await new_database(f"knowledge_{uuid.uuid4().hex[:8]}")
    async with a_running_service(settings_for(owner_dsn, kafka_bootstrap)) as running:
        yield running


async def test_a_drafted_and_published_artefact_reads_back_in_its_tenant_only(
    service: Service,
) -> None:
    artefact = str(uuid.uuid4())
    await service.ok(
        ADMIN,
        "draftArtefact",
        "artefact",
        artefactId=artefact,
        kind="PROTOCOL",
        knowledgeField="PRACTITIONER",
        title="Talking protocol",
        body="# Rounds\n\nEveryone speaks once before anyone speaks twice.",
        levels=["ADULT"],
        visibility="TENANT",
    )
    published = await service.ok(ADMIN, "publishArtefact", "artefact", artefactId=artefact)

    found = (await service.data(ADMIN, READ, id=artefact, token=published))["artefact"]
    assert found["title"] == "Talking protocol"
    assert (found["status"], found["visibility"], found["version"]) == ("PUBLISHED", "TENANT", 1)
    assert found["draftedBy"] == {"id": "admin"}
    assert found["contributedBy"] == [{"id": "admin"}]
    assert found["versions"]["edges"] == [{"node": {"version": 1, "title": "Talking protocol"}}]

    assert (await service.data(OTHER_TENANT, READ, id=artefact, token=None))["artefact"] is None


async def test_the_service_topics_keep_their_whole_history(service: Service) -> None:
    settings = service.settings
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.kafka_bootstrap_servers)
    await admin.start()
    try:
        topics = [settings.topic, settings.groups_topic, settings.enquiry_topic]
        described = await admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, t) for t in topics]
        )
    finally:
        await admin.close()
    retention = {
        resource[3]: {c[0]: c[1] for c in resource[4]}["retention.ms"]
        for response in described
        for resource in response.resources
    }
    assert retention == dict.fromkeys(topics, "-1")

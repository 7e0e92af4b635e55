"""With ``create_topics`` off (Kubernetes: Strimzi's KafkaTopics own the topics), a service's
start waits for its topics and creates none; here on the real broker, for topics that exist.
(Whether a missing topic stays missing is the broker's ``auto.create.topics.enable=false`` and
the users' ACLs without Create in deploy/k8s; the local broker auto-creates on metadata requests.)
"""

from __future__ import annotations

import time
import uuid

import pytest
from eventkit.topics import create_topics
from servicekit.runtime import ensure_topics

from tests.unit.servicekit.harness import ShopSettings

pytestmark = pytest.mark.integration


async def test_a_service_that_may_not_create_topics_waits_for_existing_ones(
    kafka_bootstrap: str,
) -> None:
    name = f"deploy-owned-{uuid.uuid4().hex[:8]}"
    settings = ShopSettings(
        kafka_bootstrap_servers=kafka_bootstrap,
        topic=name,
        dead_letter_topic=f"{name}.dlq",
        create_topics=False,
    )
    # what the operator does before the service starts: its own partitions
    await create_topics(kafka_bootstrap, [name, f"{name}.dlq"], partitions=6)
    started = time.monotonic()
    await ensure_topics(settings)
    assert time.monotonic() - started < 10

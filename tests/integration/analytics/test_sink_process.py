"""The sink as ``make run`` starts it (``devstack.analytics``): its own process, ready once its
partitions are assigned, landing what is published, counting it on ``/metrics``, and stopping
cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
from pathlib import Path

import pytest
from devstack.analytics import start_analytics

from tests.integration.analytics.test_sink import landed, publish
from tests.support.analytics_world import history
from tests.support.kafka import create_topics, unique_topic

pytestmark = pytest.mark.integration


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as answer:
        return answer.status, answer.read().decode()


def metric(text: str, name: str) -> float:
    return next(float(line.split()[1]) for line in text.splitlines() if line.startswith(name + " "))


async def test_the_sink_process_serves_health_and_metrics(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    topics = {t: unique_topic(t) for t in ("clc.groups.events", "clc.enquiry.events")}
    await create_topics(kafka_bootstrap, *topics.values())
    events = history()
    await publish(kafka_bootstrap, topics, events)
    running = start_analytics(
        {"KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap},
        free_port=True,
        data_dir=tmp_path,
        settings={
            "ANALYTICS_TOPICS": json.dumps(list(topics.values())),
            "ANALYTICS_BATCH_MAX_SECONDS": "0.5",
        },
    )
    assert running is not None
    try:
        url = running.service.url
        assert get(f"{url}/healthz")[0] == 200
        status, body = get(f"{url}/readyz")
        assert status == 200 and json.loads(body)["ready"] is True
        deadline = time.monotonic() + 60
        while metric(get(f"{url}/metrics")[1], "analytics_records_landed_total") < len(events):
            assert time.monotonic() < deadline, "not landed in time"
            await asyncio.sleep(0.3)
        assert metric(get(f"{url}/metrics")[1], "analytics_batches_total") >= 1
    finally:
        running.stop()
    # uvicorn re-raises the SIGTERM it handled once it has shut down cleanly
    assert running.process.returncode in (0, -15)
    assert landed(tmp_path) == (len(events), len(events))

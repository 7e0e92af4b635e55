"""Creating Kafka topics, written once for services, the dev runtime, tests and benchmarks.

Creation is idempotent (a topic that exists is left as it is, whatever its settings) and waits
until every partition has a leader: a producer or consumer started right after creation would
otherwise see ``UNKNOWN_TOPIC_OR_PARTITION`` for a moment on a fresh broker.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Mapping
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from .errors import EventkitError

__all__ = ["TOPIC_ALREADY_EXISTS", "TopicCreationFailed", "await_topics", "create_topics"]

TOPIC_ALREADY_EXISTS = 36  # Kafka's error code


class TopicCreationFailed(EventkitError):
    """The broker refused a topic, or its partitions had no leader in time."""


async def create_topics(
    bootstrap_servers: str,
    names: Iterable[str],
    partitions: int = 3,
    *,
    replication_factor: int = 1,
    config: Mapping[str, str] | None = None,
    wait_seconds: float = 30.0,
    client_options: Mapping[str, Any] | None = None,
) -> None:
    """Create the topics that do not exist yet and wait until all of them have leaders.

    ``config`` applies to topics created now (e.g. ``{"retention.ms": "-1"}``), never to
    existing ones. ``client_options`` are aiokafka's security arguments (TLS, SASL).
    """
    wanted = list(dict.fromkeys(names))
    if not wanted:
        return
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, **(client_options or {}))
    try:
        await admin.start()
        topic_config = dict(config or {})
        response = await admin.create_topics(
            [
                NewTopic(n, partitions, replication_factor, topic_configs=topic_config)
                for n in wanted
            ],
            timeout_ms=int(wait_seconds * 1000),
        )
        for entry in response.topic_errors:
            topic, code = entry[0], entry[1]
            if code not in (0, TOPIC_ALREADY_EXISTS):
                raise TopicCreationFailed(f"creating topic {topic!r} failed: error {code} {entry}")
        await _await_leaders(admin, wanted, wait_seconds)
    finally:
        await admin.close()


async def await_topics(
    bootstrap_servers: str,
    names: Iterable[str],
    *,
    wait_seconds: float = 30.0,
    client_options: Mapping[str, Any] | None = None,
) -> None:
    """Wait until every topic exists with leaders, creating none (where an operator such as
    Strimzi owns the topics and their settings); ``TopicCreationFailed`` after ``wait_seconds``."""
    wanted = list(dict.fromkeys(names))
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, **(client_options or {}))
    try:
        await admin.start()
        await _await_leaders(admin, wanted, wait_seconds)
    finally:
        await admin.close()


async def _await_leaders(admin: AIOKafkaAdminClient, names: list[str], wait_seconds: float) -> None:
    deadline = time.monotonic() + wait_seconds
    while True:
        topics: list[dict[str, Any]] = await admin.describe_topics(names)
        ready = [
            t
            for t in topics
            if t["error_code"] == 0
            and t["partitions"]
            and all(p["leader"] >= 0 for p in t["partitions"])
        ]
        if len(ready) == len(names):
            return
        if time.monotonic() > deadline:
            raise TopicCreationFailed(f"topics without leaders after {wait_seconds:.0f}s: {topics}")
        await asyncio.sleep(0.1)

"""The xAPI feed as ``make run`` starts it, over the real services: the demo seeded as a client
would, the feed process reading the services' own topics, statements arriving at an LRS
stand-in on loopback — every one valid xAPI 1.0.3, none naming anybody."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from devstack.demo import seed_enquiry, seed_groups
from devstack.demo_knowledge import seed_knowledge
from devstack.services import DEV_JWT_SECRET, start_gateway
from devstack.xapi import start_xapi
from eventkit.cloudevents import from_kafka

from tests.integration.xapi.test_xapi_feed import read_all
from tests.support.lrs import LrsStandIn, running_lrs
from tests.support.xapi_validator import validation_warnings

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


@pytest.fixture(scope="module")
def lrs() -> Iterator[LrsStandIn]:
    with running_lrs() as standing:
        yield standing


def test_the_demo_reaches_the_lrs_as_valid_statements_naming_nobody(
    services: dict[str, str], kafka_bootstrap: str, lrs: LrsStandIn
) -> None:
    run = uuid.uuid4().hex[:8]
    statements_topic = f"clc.xapi.statements.e2e-{run}"
    feed = start_xapi(
        {"KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap},
        free_port=True,
        settings={
            "XAPI_STATEMENTS_TOPIC": statements_topic,
            "XAPI_DEAD_LETTER_TOPIC": f"{statements_topic}.dlq",
            "XAPI_TRANSLATOR_GROUP": f"xapi-e2e-{run}",
            "XAPI_LRS_GROUP": f"xapi-e2e-lrs-{run}",
            "XAPI_TRANSACTIONAL_ID": f"xapi-e2e-{run}",
            "XAPI_LRS_URL": lrs.url,
            "XAPI_LRS_USERNAME": "feed",
            "XAPI_LRS_PASSWORD": "secret",
        },
    )
    assert feed is not None, "clc-xapi is a workspace member: it must be installed"
    gateway = start_gateway(services, free_port=True)
    assert gateway is not None
    try:  # the demo goes in through the gateway, as `make run` seeds it
        seed_groups(gateway.service.url, DEV_JWT_SECRET)
        seed_enquiry(gateway.service.url, DEV_JWT_SECRET)
        seed_knowledge(gateway.service.url, DEV_JWT_SECRET)
        made = asyncio.run(_settled(kafka_bootstrap, statements_topic, lrs))
    finally:
        gateway.stop()
        feed.stop()
    verbs = {s["verb"]["display"]["en"] for s in made}
    assert {"reflected", "shared", "adapted"} <= verbs, verbs
    assert validation_warnings(made) == [[] for _ in made]
    personal = asyncio.run(_personal_strings(kafka_bootstrap))
    assert personal, "the demo registers practitioners"
    text = json.dumps(made, ensure_ascii=False)
    assert [p for p in personal if p in text] == []


async def _settled(bootstrap: str, topic: str, lrs: LrsStandIn) -> list[dict[str, Any]]:
    """The statements topic once the LRS holds every statement in it (and it stopped growing)."""
    last = -1
    async with asyncio.timeout(120):
        while True:
            await asyncio.sleep(2.0)
            records = await read_all(bootstrap, topic)
            ids = {json.loads(r.value or b"")["id"] for r in records}
            if records and len(records) == last and ids == set(lrs.statements):
                return [json.loads(r.value or b"") for r in records]
            last = len(records)


async def _personal_strings(bootstrap: str) -> set[str]:
    """Names, emails and person ids of every practitioner registered on the groups topic."""
    found: set[str] = set()
    for r in await read_all(bootstrap, "clc.groups.events"):
        event = from_kafka(r.value or b"", r.headers)
        if event.event_type == "PractitionerRegistered":
            for key in ("given_name", "family_name", "email", "practitioner_id"):
                value = event.data.get(key)
                if isinstance(value, str) and len(value) > 2:
                    found.add(value)
    return found

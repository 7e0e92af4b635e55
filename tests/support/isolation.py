"""Topics and consumer groups of their own for a stack of service processes started by a test.

Service processes take their settings from the environment they inherit. Left at the defaults,
two stacks on one broker (say, the e2e package's and a replica test's) would share topics and
consumer groups: one stack's projectors would take partitions, and events, of the other's.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def own_topics(suffix: str) -> Iterator[None]:
    names = {
        "GROUPS_TOPIC": f"clc.groups.{suffix}",
        "GROUPS_DEAD_LETTER_TOPIC": f"clc.groups.{suffix}.dlq",
        "GROUPS_PROJECTOR_NAME": f"groups-{suffix}",
        "ENQUIRY_TOPIC": f"clc.enquiry.{suffix}",
        "ENQUIRY_GROUPS_TOPIC": f"clc.groups.{suffix}",
        "ENQUIRY_DEAD_LETTER_TOPIC": f"clc.enquiry.{suffix}.dlq",
        "ENQUIRY_PROJECTOR_NAME": f"enquiry-{suffix}",
        "WEBHOOKS_TOPIC": f"clc.webhooks.{suffix}",
        "WEBHOOKS_DEAD_LETTER_TOPIC": f"clc.webhooks.{suffix}.dlq",
        "WEBHOOKS_PROJECTOR_NAME": f"webhooks-{suffix}",
        "WEBHOOKS_DELIVERED_TOPICS": json.dumps(
            [f"clc.groups.{suffix}", f"clc.enquiry.{suffix}", "clc.knowledge.events"]
        ),
    }
    before = {name: os.environ.get(name) for name in names}
    os.environ.update(names)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

"""Dead-lettered statements back onto ``clc.xapi.statements``, once the LRS is fixed.

``clc-xapi dead-letters replay`` reads the dead-letter topic in its own consumer group from
where the last replay stopped, re-publishes each statement unchanged (key, value, original
headers; the ``dlq_*`` ones dropped) and commits: every dead letter is replayed once, and the
forwarder delivers it again with its usual retries. The LRS keeps a statement id once, so a
statement that did arrive after all is not duplicated.
"""

from __future__ import annotations

import time

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

__all__ = ["replay_dead_letters"]

#: how long to wait for the consumer group to hand this replay the topic's partitions
JOIN_TIMEOUT_S = 60.0


async def replay_dead_letters(
    *, bootstrap: str, dead_letter_topic: str, statements_topic: str, group: str
) -> int:
    """Re-publish every dead letter not replayed before; how many."""
    consumer = AIOKafkaConsumer(
        dead_letter_topic,
        bootstrap_servers=bootstrap,
        group_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, enable_idempotence=True)
    await consumer.start()
    await producer.start()
    replayed = 0
    deadline = time.monotonic() + JOIN_TIMEOUT_S
    try:
        while True:
            polled = await consumer.getmany(timeout_ms=500)
            for records in polled.values():
                for r in records:
                    headers = [(k, v) for k, v in r.headers or [] if not k.startswith("dlq_")]
                    await producer.send_and_wait(
                        statements_topic, value=r.value, key=r.key, headers=headers
                    )
                    replayed += 1
            if polled:
                await consumer.commit()  # after the sends: a crash replays again, never loses
            if await _caught_up(consumer):
                return replayed
            if not consumer.assignment() and time.monotonic() > deadline:
                raise TimeoutError(f"no partitions of {dead_letter_topic} assigned in time")
    finally:
        await producer.stop()
        await consumer.stop()


async def _caught_up(consumer: AIOKafkaConsumer) -> bool:
    """Assigned (the group joined) and at the end of every partition."""
    assigned = list(consumer.assignment())
    if not assigned:
        return False
    ends = await consumer.end_offsets(assigned)
    behind = [tp for tp in assigned if await consumer.position(tp) < ends[tp]]
    return not behind

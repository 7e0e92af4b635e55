"""A relay under leadership in a process of its own, for tests that SIGKILL it.

``python -m tests.support.relay_process DSN BOOTSTRAP TOPIC SOURCE`` prints ``leading`` when it
takes the lock and ``published N`` after each batch it checkpoints, and runs until killed.
"""

from __future__ import annotations

import asyncio
import sys

from eventkit.pg import create_pool
from eventkit.relay import Relay
from servicekit.leadership import LeaderSession, Leadership

from tests.support.kafka import started_producer

BATCH_SIZE = 50


async def main(dsn: str, bootstrap: str, topic: str, source: str) -> None:
    pool = await create_pool(dsn, max_size=2)
    producer = await started_producer(bootstrap)
    relay = Relay(
        dsn=dsn, pool=pool, producer=producer, topic=topic, source=source, batch_size=BATCH_SIZE
    )
    relay.stats.batch_observers.append(
        lambda batch, _: print(f"published {len(batch)}", flush=True)
    )

    async def lead(stop: asyncio.Event, session: LeaderSession) -> None:
        print("leading", flush=True)
        await relay.run(stop, session)

    await Leadership(dsn, f"eventkit.relay:{relay.name}", poll_s=0.2).run(asyncio.Event(), lead)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))

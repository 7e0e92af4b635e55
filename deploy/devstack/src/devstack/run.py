"""``make run``: the whole system on this machine.

For now it starts PostgreSQL and Kafka (see :mod:`devstack.runtime`) and waits; the services
are started in :func:`serve` (to come). Ctrl-C or SIGTERM stops everything cleanly.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Mapping

from devstack._proc import DevstackError, progress
from devstack.runtime import Infrastructure


async def serve(env: Mapping[str, str]) -> None:
    """Run the services against ``env`` (DATABASE_URL, KAFKA_BOOTSTRAP_SERVERS) until cancelled."""
    await asyncio.Event().wait()


async def _serve_until_signalled(env: Mapping[str, str]) -> None:
    task = asyncio.current_task()
    assert task is not None
    loop = asyncio.get_running_loop()
    with contextlib.suppress(NotImplementedError):
        loop.add_signal_handler(signal.SIGTERM, task.cancel)
    with contextlib.suppress(asyncio.CancelledError):
        await serve(env)


def main() -> int:
    try:
        with Infrastructure.start("dev") as infra:
            env = infra.env()
            for key, value in env.items():
                progress(f"{key}={value}")
            progress("running; Ctrl-C to stop")
            with contextlib.suppress(KeyboardInterrupt):
                asyncio.run(_serve_until_signalled(env))
            progress("stopping")
    except DevstackError as exc:
        print(f"devstack: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``make run``: the whole system on this machine.

Starts PostgreSQL and Kafka (see :mod:`devstack.runtime`), then every service that exists as its
own process (:mod:`devstack.services`), seeds the demo data through the public API
(:mod:`devstack.demo`), prints how to talk to it, and waits. Ctrl-C or SIGTERM stops everything
cleanly: services first, then Kafka, then PostgreSQL.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Mapping

from devstack._proc import DevstackError, progress
from devstack.demo import dev_token, seed_enquiry, seed_groups
from devstack.runtime import Infrastructure
from devstack.services import DEV_JWT_SECRET, RunningService, start_services


def _announce(services: list[RunningService], ids: Mapping[str, str]) -> None:
    token = dev_token(DEV_JWT_SECRET, "demo-admin", ["tenant_admin"])
    lines = ["", "The system is running. Ctrl-C stops it.", ""]
    lines += [f"  {s.service.name:<10} {s.service.url}/graphql" for s in services]
    lines += ["", "Demo tenant 'demo-trust'; a tenant-admin token (12 h):", f"  {token}", ""]
    lines += [f"  {name}: {value}" for name, value in ids.items()]
    lines += [
        "",
        "Try:",
        f"  curl -s {services[0].service.url}/graphql -H 'Content-Type: application/json' \\",
        '    -H "Authorization: Bearer $TOKEN" -d \'{"query": "{ networks { edges { node '
        "{ name moralPurpose status } } } }\"}'",
        "",
    ]
    print("\n".join(lines), flush=True)


async def _wait_for_signal() -> None:
    task = asyncio.current_task()
    assert task is not None
    with contextlib.suppress(NotImplementedError):
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.Event().wait()


def serve(env: Mapping[str, str]) -> None:
    services = start_services(env)
    try:
        ids: dict[str, str] = {}
        urls = {s.service.name: s.service.url for s in services}
        if "groups" in urls:
            ids = seed_groups(urls["groups"], DEV_JWT_SECRET)
            if "enquiry" in urls:
                ids |= seed_enquiry(urls["enquiry"], DEV_JWT_SECRET)
        if services:
            _announce(services, ids)
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(_wait_for_signal())
    finally:
        progress("stopping services")
        for running in reversed(services):
            running.stop()


def main() -> int:
    try:
        with Infrastructure.start("dev") as infra:
            env = infra.env()
            for key, value in env.items():
                progress(f"{key}={value}")
            with contextlib.suppress(KeyboardInterrupt):
                serve(env)
            progress("stopping infrastructure")
    except DevstackError as exc:
        print(f"devstack: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``clc-groups``: run the service or rebuild its read models.

::

    clc-groups serve             # the GraphQL subgraph on GROUPS_PORT (8001)
    clc-groups rebuild           # empty the read models and replay the event store into them
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from eventkit.pg import create_pool
from eventkit.store import PostgresEventStore

from .observability import configure_logging
from .runtime import prepare_database, projector_for
from .settings import GroupsSettings

__all__ = ["main"]


def _serve(settings: GroupsSettings) -> None:
    import uvicorn

    from .app import create_app

    # Logging is the process's, not the app's: tests embed the app and keep their own handlers.
    configure_logging(settings.log_level)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)


async def _rebuild(settings: GroupsSettings) -> int:
    await prepare_database(settings)
    pool = await create_pool(settings.app_dsn(), max_size=2)
    try:
        # No producer and no consuming: rebuild only reads the store and writes the read models.
        runner = projector_for(settings, pool, None)

        def progress(done: int) -> None:
            print(f"rebuilt {done} events", file=sys.stderr, flush=True)

        return await runner.rebuild(PostgresEventStore(pool), progress=progress)
    finally:
        await pool.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="clc-groups", description="Run the groups service or rebuild its read models."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the GraphQL subgraph")
    commands.add_parser("rebuild", help="rebuild the read models from the event store")
    args = parser.parse_args(argv)
    settings = GroupsSettings()
    if args.command == "serve":
        _serve(settings)
        return 0
    total = asyncio.run(_rebuild(settings))
    print(f"read models rebuilt from {total} events")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

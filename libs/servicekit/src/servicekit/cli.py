"""A service's command line: ``serve`` the subgraph or ``rebuild`` its read models.

::

    clc-groups serve             # the GraphQL subgraph on the configured port
    clc-groups rebuild           # empty the read models and replay the event store into them
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from eventkit.pg import create_pool
from eventkit.store import PostgresEventStore
from fastapi import FastAPI

from .definition import ServiceDefinition
from .logs import configure_logging
from .runtime import prepare_database, projector_for
from .settings import ServiceSettings

__all__ = ["rebuild", "run_cli", "serve"]

S = TypeVar("S", bound=ServiceSettings)


def serve(settings: S, create_app: Callable[[S], FastAPI]) -> None:
    """Run the app under uvicorn on ``settings.host``/``settings.port`` with JSON logs."""
    import uvicorn

    # Logging is the process's, not the app's: tests embed the app and keep their own handlers.
    configure_logging(settings.log_level)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_config=None)


async def rebuild(settings: ServiceSettings, definition: ServiceDefinition[Any, Any]) -> int:
    """Migrate, empty the read models and replay the whole event store; progress on stderr."""
    await prepare_database(settings, definition)
    pool = await create_pool(settings.app_dsn(), max_size=2)
    try:
        # No producer and no consuming: rebuild only reads the store and writes the read models.
        runner = projector_for(settings, definition, pool, None)

        def progress(done: int) -> None:
            print(f"rebuilt {done} events", file=sys.stderr, flush=True)

        return await runner.rebuild(PostgresEventStore(pool), progress=progress)
    finally:
        await pool.close()


def run_cli(
    prog: str,
    settings: Callable[[], S],
    definition: ServiceDefinition[S, Any],
    create_app: Callable[[S], FastAPI],
    argv: Sequence[str] | None = None,
    extra_commands: Mapping[str, tuple[str, Callable[[Sequence[str]], int]]] | None = None,
) -> int:
    """Parse ``argv`` and run ``serve``, ``rebuild`` or one of the service's ``extra_commands``
    (name -> (help, main taking the remaining arguments)); the exit status."""
    extras = dict(extra_commands or {})
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in extras:
        return extras[arguments[0]][1](arguments[1:])
    parser = argparse.ArgumentParser(
        prog=prog, description=f"Run the {definition.name} service or rebuild its read models."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("serve", help="run the GraphQL subgraph")
    commands.add_parser("rebuild", help="rebuild the read models from the event store")
    for name, (help_text, _) in extras.items():
        commands.add_parser(name, help=help_text, add_help=False)
    args = parser.parse_args(arguments)
    config = settings()
    if args.command == "serve":
        serve(config, create_app)
        return 0
    total = asyncio.run(rebuild(config, definition))
    print(f"read models rebuilt from {total} events")
    return 0

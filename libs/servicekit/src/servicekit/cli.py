"""A service's command line: ``serve`` the subgraph or ``rebuild`` its read models.

::

    clc-groups serve             # the GraphQL subgraph on the configured port
    clc-groups rebuild           # empty the read models and replay the event store into them
    clc-groups sdl               # print the subgraph SDL (what `_service { sdl }` serves), offline

``sdl`` needs no database, broker or token: the supergraph is composed from these files, since
``/graphql`` answers no operation — ``_service`` included — without a valid token.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from eventkit.pg import create_pool
from eventkit.store import PostgresEventStore
from fastapi import FastAPI

from .definition import ServiceDefinition
from .logs import configure_logging
from .runtime import prepare_database, projector_for, running
from .settings import ServiceSettings

__all__ = ["rebuild", "run_cli", "serve", "subgraph_sdl"]

S = TypeVar("S", bound=ServiceSettings)


def serve(
    settings: S,
    create_app: Callable[[S], FastAPI],
    definition: ServiceDefinition[S, Any] | None = None,
) -> None:
    """Run the app under uvicorn on ``settings.host``/``settings.port`` with JSON logs.

    With ``http_workers`` above 1 (and a ``definition``), uvicorn runs that many API processes,
    each building the app with ``create_app()`` from the environment (so configure such a
    deployment by environment variables only); they serve requests only. The database is
    prepared first, and one more process runs the relay and the projector, which must not run
    twice.
    """
    import uvicorn

    # Logging is the process's, not the app's: tests embed the app and keep their own handlers.
    configure_logging(settings.log_level)
    server: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_config": None,
        "timeout_keep_alive": settings.keep_alive_timeout_s,
        "timeout_graceful_shutdown": settings.graceful_shutdown_timeout_s,
        "limit_concurrency": settings.max_concurrent_connections,
        "h11_max_incomplete_event_size": settings.h11_max_incomplete_event_size,
        "access_log": settings.access_log,
    }
    # Everything imported and built so far lives as long as the process: keep it out of the
    # garbage collector's full collections, whose pauses otherwise land in the latency tail.
    gc.collect()
    gc.freeze()
    if settings.http_workers <= 1 or definition is None:
        uvicorn.run(create_app(settings), **server)
        return
    asyncio.run(prepare_database(settings, definition))
    background = multiprocessing.get_context("spawn").Process(
        target=_background, args=(settings, definition), name="relay-and-projector"
    )
    background.start()
    prefix = str(settings.model_config.get("env_prefix", ""))
    os.environ[f"{prefix}RUN_BACKGROUND"] = "false"  # read by every API worker's settings
    target = f"{create_app.__module__}:{create_app.__qualname__}"
    try:
        uvicorn.run(target, factory=True, workers=settings.http_workers, **server)
    finally:
        background.terminate()
        background.join(timeout=settings.graceful_shutdown_timeout_s)


def _background(settings: ServiceSettings, definition: ServiceDefinition[Any, Any]) -> None:
    """The relay and the projector, without HTTP, until SIGTERM or SIGINT."""
    configure_logging(settings.log_level)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        async with running(settings, definition):
            await stop.wait()

    asyncio.run(main())


def subgraph_sdl(app: FastAPI) -> str:
    """The federation SDL of the app's schema, as ``_service { sdl }`` serves it; nothing starts
    (building the app connects to nothing, only its lifespan would)."""
    result = app.state.schema.execute_sync("{ _service { sdl } }")
    if result.errors:
        raise RuntimeError(f"could not print the SDL: {result.errors}")
    sdl: str = result.data["_service"]["sdl"]
    return sdl


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
    commands.add_parser("sdl", help="print the subgraph SDL (no database needed)")
    for name, (help_text, _) in extras.items():
        commands.add_parser(name, help=help_text, add_help=False)
    args = parser.parse_args(arguments)
    config = settings()
    if args.command == "sdl":
        print(subgraph_sdl(create_app(config)))
        return 0
    if args.command == "serve":
        serve(config, create_app, definition)
        return 0
    total = asyncio.run(rebuild(config, definition))
    print(f"read models rebuilt from {total} events")
    return 0

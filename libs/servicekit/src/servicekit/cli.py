"""A service's command line: ``serve`` the subgraph, ``rebuild`` its read models, or look after
its dead letters.

::

    clc-groups serve                          # the GraphQL subgraph on the configured port
    clc-groups serve --role api               # one role only: api, relay, projector (or all)
    clc-groups rebuild                        # empty the read models and replay the event store
    clc-groups sdl                            # print the subgraph SDL (`_service { sdl }`), offline
    clc-groups dead-letters list [--handled]  # unhandled dead letters (with --handled: all)
    clc-groups dead-letters replay --all      # re-apply every unhandled one after a fix
    clc-groups dead-letters replay --id 3 --id 7
    clc-groups dead-letters skip --id 3       # mark handled without applying (nothing to fix)

The operator's one entry point is ``clc`` (``tools/clc``): ``clc dead-letters list groups``,
``clc projection rebuild groups`` run these same functions; the per-service commands stay as
thin aliases for scripts that use them.

``sdl`` needs no database, broker or token: the supergraph is composed from these files, since
``/graphql`` answers no operation — ``_service`` included — without a valid token.

``replay`` exits with status 1 if any dead letter still fails (it stays unhandled, with the new
error); ``list`` exits with 1 while any is unhandled, so scripts can wait for a clean state.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import multiprocessing
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from eventkit.pg import create_pool
from eventkit.projector import ProjectorRunner
from eventkit.store import PostgresEventStore
from fastapi import FastAPI

from .definition import ServiceDefinition
from .logs import configure_logging
from .runtime import prepare_database, projector_for, running
from .settings import ServiceSettings

__all__ = [
    "list_dead_letters",
    "rebuild",
    "replay_dead_letters",
    "run_cli",
    "serve",
    "subgraph_sdl",
    "with_runner",
]

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
        "ssl_certfile": settings.ssl_certfile,
        "ssl_keyfile": settings.ssl_keyfile,
    }
    # Everything imported and built so far lives as long as the process: keep it out of the
    # garbage collector's full collections, whose pauses otherwise land in the latency tail.
    gc.collect()
    gc.freeze()
    if settings.http_workers <= 1 or definition is None:
        uvicorn.run(create_app(settings), **server)
        return
    background: Any = None
    if settings.runs("relay") or settings.runs("projector"):  # not for an `api`-role process
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
        if background is not None:
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


async def with_runner(
    settings: ServiceSettings,
    definition: ServiceDefinition[Any, Any],
    use: Callable[[ProjectorRunner], Awaitable[int]],
) -> int:
    """Migrate, then run ``use`` on the service's projector (not consuming) as the app role."""
    await prepare_database(settings, definition)
    pool = await create_pool(settings.app_dsn(), max_size=2)
    try:
        return await use(projector_for(settings, definition, pool, None))
    finally:
        await pool.close()


async def list_dead_letters(runner: ProjectorRunner, *, include_handled: bool = False) -> int:
    letters = await runner.dead_letters(include_handled=include_handled)
    for d in letters:
        state = f"handled {d.handled_at:%Y-%m-%d %H:%M:%S}" if d.handled else "UNHANDLED"
        print(
            f"{d.id}\t{d.dead_at:%Y-%m-%d %H:%M:%S}\t{d.reason}\t{d.topic}/{d.partition}/{d.offset}"
            f"\t{d.event_type or '-'}\t{d.tenant_id or '-'}\t{d.event_id or '-'}"
            f"\tattempts={d.attempts}\t{state}"
        )
        last_line = d.error.strip().splitlines()[-1:] or [""]
        print(f"\t{last_line[0]}")
    unhandled = sum(not d.handled for d in letters)
    print(f"{unhandled} unhandled dead letter(s)", file=sys.stderr)
    return 1 if unhandled else 0


async def replay_dead_letters(runner: ProjectorRunner, ids: Sequence[int] | None) -> int:
    outcomes = await runner.replay_dead_letters(ids)
    for o in outcomes:
        print(f"{o.id}\thandled" if o.handled else f"{o.id}\tstill failing: {o.reason}")
    failing = sum(not o.handled for o in outcomes)
    print(f"replayed {len(outcomes)}, {failing} still failing", file=sys.stderr)
    return 1 if failing else 0


def _dead_letter_commands(commands: Any) -> None:
    dead = commands.add_parser("dead-letters", help="list or replay dead-lettered events")
    actions = dead.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="list dead letters (unhandled unless --handled)")
    listing.add_argument("--handled", action="store_true", help="include handled ones")
    replay = actions.add_parser("replay", help="re-apply dead letters through the projections")
    which = replay.add_mutually_exclusive_group(required=True)
    which.add_argument("--id", type=int, action="append", dest="ids", help="a dead letter id")
    which.add_argument("--all", action="store_true", help="every unhandled dead letter")
    skip = actions.add_parser("skip", help="mark dead letters handled without applying them")
    skip.add_argument("--id", type=int, action="append", dest="ids", required=True)


def _run_dead_letters(
    args: argparse.Namespace, config: ServiceSettings, definition: ServiceDefinition[Any, Any]
) -> int:
    if args.action == "list":

        async def use(runner: ProjectorRunner) -> int:
            return await list_dead_letters(runner, include_handled=args.handled)

    elif args.action == "skip":

        async def use(runner: ProjectorRunner) -> int:
            skipped = await runner.skip_dead_letters(args.ids)
            print(f"skipped {skipped} dead letter(s)")
            return 0

    else:

        async def use(runner: ProjectorRunner) -> int:
            return await replay_dead_letters(runner, None if args.all else args.ids)

    return asyncio.run(with_runner(config, definition, use))


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
    serving = commands.add_parser("serve", help="run the GraphQL subgraph")
    serving.add_argument(
        "--role",
        choices=["api", "relay", "projector", "all"],
        help="what this process runs (default: the ROLE setting, else all)",
    )
    commands.add_parser("rebuild", help="rebuild the read models from the event store")
    commands.add_parser("sdl", help="print the subgraph SDL (no database needed)")
    _dead_letter_commands(commands)
    for name, (help_text, _) in extras.items():
        commands.add_parser(name, help=help_text, add_help=False)
    args = parser.parse_args(arguments)
    config = settings()
    if getattr(args, "role", None):
        # Through the environment, so API worker processes (which build their settings from
        # it, see ``serve``) play the same role.
        prefix = str(config.model_config.get("env_prefix", ""))
        os.environ[f"{prefix}ROLE"] = args.role
        config = settings()
    if args.command == "sdl":
        print(subgraph_sdl(create_app(config)))
        return 0
    if args.command == "serve":
        serve(config, create_app, definition)
        return 0
    if args.command == "dead-letters":
        return _run_dead_letters(args, config, definition)
    total = asyncio.run(rebuild(config, definition))
    print(f"read models rebuilt from {total} events")
    return 0

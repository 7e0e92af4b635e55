"""A service's command line: ``serve`` the subgraph, ``rebuild`` its read models, or look after
its dead letters.

::

    clc-groups serve                          # the GraphQL subgraph on the configured port
    clc-groups rebuild                        # empty the read models and replay the event store
    clc-groups dead-letters list [--handled]  # unhandled dead letters (with --handled: all)
    clc-groups dead-letters replay --all      # re-apply every unhandled one after a fix
    clc-groups dead-letters replay --id 3 --id 7
    clc-groups dead-letters skip --id 3       # mark handled without applying (nothing to fix)

``replay`` exits with status 1 if any dead letter still fails (it stays unhandled, with the new
error); ``list`` exits with 1 while any is unhandled, so scripts can wait for a clean state.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from eventkit.pg import create_pool
from eventkit.projector import ProjectorRunner
from eventkit.store import PostgresEventStore
from fastapi import FastAPI

from .definition import ServiceDefinition
from .logs import configure_logging
from .runtime import prepare_database, projector_for
from .settings import ServiceSettings

__all__ = ["list_dead_letters", "rebuild", "replay_dead_letters", "run_cli", "serve"]

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


async def _with_runner(
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

    return asyncio.run(_with_runner(config, definition, use))


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
    _dead_letter_commands(commands)
    for name, (help_text, _) in extras.items():
        commands.add_parser(name, help=help_text, add_help=False)
    args = parser.parse_args(arguments)
    config = settings()
    if args.command == "serve":
        serve(config, create_app)
        return 0
    if args.command == "dead-letters":
        return _run_dead_letters(args, config, definition)
    total = asyncio.run(rebuild(config, definition))
    print(f"read models rebuilt from {total} events")
    return 0

"""``clc dead-letters list|replay|skip <service>``: the events a service's projector could not
apply (servicekit's functions; ``clc-<service> dead-letters`` stays as an alias)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated

import typer
from eventkit.projector import ProjectorRunner
from servicekit.cli import list_dead_letters, replay_dead_letters, with_runner

from .services import load, settings_for

__all__ = ["app"]

app = typer.Typer(help="Events a service's projector could not apply.", no_args_is_help=True)
DatabaseUrl = Annotated[
    str | None, typer.Option(help="owner DSN of the service's database (default: from env)")
]
Ids = Annotated[list[int] | None, typer.Option("--id", help="a dead letter id; repeat for more")]


Use = Callable[[ProjectorRunner], Awaitable[int]]


def _run(service: str, database_url: str | None, use: Use) -> None:
    parts = load(service)
    status = asyncio.run(with_runner(settings_for(parts, database_url), parts.definition, use))
    raise typer.Exit(status)


@app.command("list")
def list_(
    service: str,
    handled: Annotated[bool, typer.Option(help="include handled ones")] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Unhandled dead letters (exit status 1 while any is unhandled)."""
    _run(service, database_url, lambda r: list_dead_letters(r, include_handled=handled))


@app.command()
def replay(
    service: str,
    id: Ids = None,
    all_: Annotated[bool, typer.Option("--all", help="every unhandled one")] = False,
    database_url: DatabaseUrl = None,
) -> None:
    """Apply dead letters through the projections again, after a fix (exit 1 if any still fails)."""
    if bool(id) == all_:
        raise typer.BadParameter("give --all or at least one --id")
    _run(service, database_url, lambda r: replay_dead_letters(r, None if all_ else id))


@app.command()
def skip(service: str, id: Ids = None, database_url: DatabaseUrl = None) -> None:
    """Mark dead letters handled without applying them."""
    if not id:
        raise typer.BadParameter("give at least one --id")
    ids = id

    async def use(runner: ProjectorRunner) -> int:
        typer.echo(f"skipped {await runner.skip_dead_letters(ids)} dead letter(s)")
        return 0

    _run(service, database_url, use)

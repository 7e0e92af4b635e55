"""``clc projection list|rebuild <service> [name]``: a service's projections, rebuilt from its
event store (all of them, or one by name: only that one's tables are emptied and refilled)."""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Annotated

import typer
from rich.console import Console
from servicekit.cli import rebuild as rebuild_read_models

from .services import load, settings_for

__all__ = ["app"]

app = typer.Typer(help="A service's read models (projections).", no_args_is_help=True)
DatabaseUrl = Annotated[
    str | None, typer.Option(help="owner DSN of the service's database (default: from env)")
]


@app.command("list")
def list_projections(service: str) -> None:
    """The projections of a service, by name."""
    for projection in load(service).definition.projections():
        typer.echo(projection.name)


@app.command()
def rebuild(
    service: str,
    name: Annotated[str | None, typer.Argument(help="one projection (default: all)")] = None,
    database_url: DatabaseUrl = None,
) -> None:
    """Empty the read models and replay the service's event store into them."""
    parts = load(service)
    definition = parts.definition
    settings = settings_for(parts, database_url)
    if name is not None:
        names = [p.name for p in definition.projections_for(settings)]
        if name not in names:
            raise typer.BadParameter(f"{service} has no projection {name!r}; it has {names}")
        every = definition.projections_for
        definition = dataclasses.replace(
            definition,
            projections=lambda: [p for p in every(settings) if p.name == name],
            configured_projections=None,
        )
    total = asyncio.run(rebuild_read_models(settings, definition))
    which = name or "every projection"
    Console().print(f"[green]rebuilt[/] {service}: {which} from {total} events")

"""``clc supergraph compose|check``: the committed supergraph and its guards, as ``make
supergraph`` and the guard tests have them.

``compose`` prints each built service's SDL offline into ``gateway/subgraphs/<name>.graphql``,
composes them with The Guild's composer (``gateway/compose``, ``npm ci`` on first use; needs
Node 20+) into ``gateway/supergraph.graphql``, then checks. ``check`` needs no Node: each
service's SDL as it prints now equals its committed file, the supergraph header's sha256 of each
file matches, and the client-facing schema breaks nothing the baseline has
(``gateway/schema.baseline.graphql``; ``make schema-baseline`` declares a break).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Annotated

import typer
from clc_gateway.supergraph.evolution import (
    api_sdl,
    breaking_changes,
    composed_from,
    sha256_text,
)
from devstack.paths import repo_root
from devstack.services import SERVICES
from rich.console import Console
from servicekit.cli import subgraph_sdl

from .services import built, load

__all__ = ["app", "problems"]

app = typer.Typer(help="The gateway's supergraph.", no_args_is_help=True)
console = Console(highlight=False)


def _printed(name: str) -> str:
    parts = load(name)
    return subgraph_sdl(parts.create_app(parts.settings())) + "\n"  # as `clc-<name> sdl > f`


def problems(root: Path) -> list[str]:
    """Everything that makes the committed supergraph stale or breaking; empty when all is well."""
    found: list[str] = []
    subgraphs = root / "gateway" / "subgraphs"
    supergraph = (root / "gateway" / "supergraph.graphql").read_text()
    recorded = composed_from(supergraph)
    for name in built():
        committed = subgraphs / f"{name}.graphql"
        if not committed.exists():
            found.append(f"{name}: no {committed.relative_to(root)}")
        elif committed.read_text() != _printed(name):
            found.append(f"{name}: its SDL changed since {committed.relative_to(root)}")
        if name not in recorded:
            found.append(f"{name}: not in the supergraph")
    for name, entry in recorded.items():
        path = subgraphs / f"{name}.graphql"
        if not path.exists() or sha256_text(path.read_text()) != entry.sha256:
            found.append(f"{name}: the supergraph predates {path.relative_to(root)}")
    baseline = root / "gateway" / "schema.baseline.graphql"
    for change in breaking_changes(baseline.read_text(), api_sdl(supergraph)):
        found.append(f"breaking change: {change.type.name}: {change.description}")
    return found


@app.command()
def check() -> None:
    """Is the committed supergraph fresh and non-breaking? (exit 1 naming what is not)"""
    found = problems(repo_root())
    for line in found:
        console.print(f"[red]✗[/] {line}")
    if found:
        console.print(
            "run [bold]clc supergraph compose[/] (to declare a break: make schema-baseline)"
        )
        raise typer.Exit(1)
    console.print("[green]✓[/] the supergraph is fresh and breaks no client")


@app.command()
def compose(
    url: Annotated[
        list[str] | None,
        typer.Option(help="NAME=URL routing URL of a subgraph (default: its make-run port)"),
    ] = None,
) -> None:
    """Print every built service's SDL, compose the supergraph, then check it."""
    root = repo_root()
    urls = {s.name: f"{s.url}/graphql" for s in SERVICES}
    for given in url or ():
        name, _, value = given.partition("=")
        urls[name] = value
    compose_dir = root / "gateway" / "compose"
    if shutil.which("node") is None:
        raise typer.BadParameter("composing needs Node 20+ (node, npm)")
    if not (compose_dir / "node_modules").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=compose_dir, check=True)
    arguments: list[str] = []
    for name in built():
        path = root / "gateway" / "subgraphs" / f"{name}.graphql"
        path.write_text(_printed(name))
        console.print(f"printed {path.relative_to(root)}")
        arguments += [name, str(path), urls[name]]
    out = root / "gateway" / "supergraph.graphql"
    done = subprocess.run(["node", str(compose_dir / "compose.mjs"), str(out), *arguments])
    if done.returncode != 0:
        raise typer.Exit(done.returncode)
    check()

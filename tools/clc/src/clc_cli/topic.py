"""``clc topic tail <topic>``: the older name of ``clc events tail --topic <topic>``.

Kept as an alias (same reading and printing: ``events.py``) so scripts written against it keep
working; ``--from-beginning`` is ``--from beginning``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from .events import AsJson, Bootstrap, Types, tail_command

__all__ = ["app"]

app = typer.Typer(help="Kafka topics, as events (see also: clc events).", no_args_is_help=True)


@app.command()
def tail(
    topic: str,
    from_beginning: Annotated[
        bool, typer.Option("--from-beginning", help="start at the oldest record")
    ] = False,
    follow: Annotated[bool, typer.Option("--follow", "-f", help="keep waiting for more")] = False,
    limit: Annotated[int, typer.Option(help="stop after this many events (0: no limit)")] = 0,
    types: Types = None,
    as_json: AsJson = False,
    bootstrap: Bootstrap = None,
) -> None:
    """Print a topic's events: type, tenant, stream, position, time and JSON body."""
    tail_command(
        topic=topic,
        start="beginning" if from_beginning else "end",
        follow=follow,
        limit=limit,
        types=types,
        as_json=as_json,
        bootstrap=bootstrap,
    )

"""``clc``: the operator's one command line.

::

    clc token [--tenant T] [--person P] [--role R ...]     # a dev token (HS256, dev secret)
    clc supergraph compose|check                            # the committed supergraph
    clc projection list|rebuild <service> [name]            # read models from the event store
    clc events tail --topic T [--from beginning|end|OFFSET|TIME] [--type GLOB] [--follow]
    clc events replay --topic T --from X [--until Y] [--to TOPIC]  # re-read, or re-publish once
    clc topic tail <topic> [--from-beginning] [--follow]    # alias of events tail
    clc dead-letters list|replay|skip <service>             # what a projector could not apply
    clc tenant create|add-idp|list                          # tenants (clc_gateway.tenants.cli)
    clc privacy export --person ID | audit [--person ID]    # access export, audit log (gateway)

Database commands read the service's own settings from the environment (``GROUPS_DATABASE_URL``
or ``DATABASE_URL``…), or ``--database-url``; Kafka from ``KAFKA_BOOTSTRAP_SERVERS`` or
``--bootstrap``.
"""

from __future__ import annotations

import importlib

import typer

from . import dead_letters, events, privacy, projection, supergraph, topic, verify
from .token import token

__all__ = ["app", "main"]

app = typer.Typer(
    name="clc",
    help="Operate the collaborative-learning backend.",
    no_args_is_help=True,
    add_completion=False,
)
app.command()(token)
app.add_typer(supergraph.app, name="supergraph")
app.add_typer(projection.app, name="projection")
app.add_typer(events.app, name="events")
app.add_typer(topic.app, name="topic")
app.add_typer(dead_letters.app, name="dead-letters")
app.add_typer(privacy.app, name="privacy")
app.command("verify")(verify.verify)


def _mount_tenants() -> None:
    # INTEGRATOR: tenant commands (clc tenant create/add-idp/list) are the gateway's own typer
    # sub-app; mounted here when it exists, so this CLI works without it.
    try:
        tenants = importlib.import_module("clc_gateway.tenants.cli")
    except ModuleNotFoundError:
        return
    app.add_typer(tenants.app, name="tenant")


_mount_tenants()


def main() -> None:
    app()

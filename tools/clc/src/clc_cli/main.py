"""``clc``: the operator's one command line.

::

    clc token [--tenant T] [--person P] [--role R ...]     # a dev token (HS256, dev secret)
    clc supergraph compose|check                            # the committed supergraph
    clc projection list|rebuild <service> [name]            # read models from the event store
    clc events tail --topic T [--from beginning|end|OFFSET|TIME] [--type GLOB] [--follow]
    clc events replay --topic T --from X [--until Y] [--to TOPIC]  # re-read, or re-publish once
    clc topic tail <topic> [--from-beginning] [--follow]    # alias of events tail
    clc dead-letters list|replay|skip <service>             # what a projector could not apply
    clc analytics report [--out FILE] [--tenant T]          # the analytics lake as charts
    clc tenant create|add-idp|list                          # tenants (clc_gateway.tenants.cli)
    clc webhooks deliveries <tenant> [--status DEAD]        # webhook deliveries, dead letters
    clc webhooks receive --secret whsec_… [--port 9000]     # a local receiver that verifies
    clc backup create|list|archive-now|restore --to TIME    # base backups, point-in-time restore
    clc privacy export --person ID | audit [--person ID]    # access export, audit log (gateway)

Database commands read the service's own settings from the environment (``GROUPS_DATABASE_URL``
or ``DATABASE_URL``…), or ``--database-url``; Kafka from ``KAFKA_BOOTSTRAP_SERVERS`` or
``--bootstrap``.
"""

from __future__ import annotations

import importlib

import typer

from . import (
    analytics,
    backup,
    dead_letters,
    events,
    migrate,
    privacy,
    projection,
    supergraph,
    topic,
    verify,
    webhooks,
)
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
app.add_typer(migrate.app, name="migrate")
app.add_typer(topic.app, name="topic")
app.add_typer(dead_letters.app, name="dead-letters")
app.add_typer(privacy.app, name="privacy")
app.command("verify")(verify.verify)
app.add_typer(webhooks.app, name="webhooks")
app.add_typer(analytics.app, name="analytics")
app.add_typer(backup.app, name="backup")


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

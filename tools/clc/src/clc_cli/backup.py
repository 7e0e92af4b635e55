"""``clc backup create|list|archive-now|restore``: the event stores (every service's database on
the server) backed up with ``pg_basebackup`` and archived WAL, restored to a point in time into
a fresh server (:mod:`devstack.backup`; the embedded server of ``make run`` archives its WAL).

``restore`` then re-applies every erasure the groups topic holds to the restored groups database
(``clc backup reapply-erasures``, :mod:`clc_cli.erasures`): the restored key table would
otherwise hold the keys of people erased after the target time, and their names would read
again. It needs the groups' settings in the environment (``GROUPS_*``: Kafka, topic, KEKs), as
``make run`` exports them; ``--no-reapply-erasures`` skips it (then run it before serving).

After a restore: point the services at the restored server, rebuild every read model from its
restored store (``clc projection rebuild <service>``) and check it (``clc verify <service>``).
"""

from __future__ import annotations

import asyncio
import os
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from aiokafka.errors import KafkaError
from devstack import backup
from devstack._proc import DevstackError
from devstack.databases import dsn_for_database
from rich.console import Console

from .erasures import Reapplied, reapply_erasures
from .services import load, settings_for

__all__ = ["app"]

app = typer.Typer(help="Base backups and point-in-time restore.", no_args_is_help=True)

AdminDsn = Annotated[
    str | None,
    typer.Option(help="superuser DSN of the server (default: $DATABASE_URL, as make run sets)"),
]
Instance = Annotated[
    str, typer.Option(help="the embedded instance whose folders hold backups and WAL archive")
]
BackupsDir = Annotated[Path | None, typer.Option(help="base backups (default: the instance's)")]
ArchiveDir = Annotated[Path | None, typer.Option(help="WAL archive (default: the instance's)")]


def _admin_dsn(given: str | None) -> str:
    dsn = given or os.environ.get("DATABASE_URL")
    if not dsn:
        raise typer.BadParameter("no server: pass --admin-dsn or set DATABASE_URL")
    return dsn


def _dirs(instance: str, backups: Path | None, archive: Path | None) -> tuple[Path, Path]:
    default_backups, default_archive = backup.default_dirs(instance)
    return backups or default_backups, archive or default_archive


@app.command()
def create(
    admin_dsn: AdminDsn = None, instance: Instance = "dev", backups: BackupsDir = None
) -> None:
    """Take a base backup of the whole server (every service's event store)."""
    into, _ = _dirs(instance, backups, None)
    try:
        made = backup.create(_admin_dsn(admin_dsn), into)
    except DevstackError as exc:
        raise typer.Exit(_fail(exc)) from None
    Console().print(f"[green]base backup[/] {made.path} (restorable from {made.finished})")


@app.command("list")
def list_backups(instance: Instance = "dev", backups: BackupsDir = None) -> None:
    """The base backups, oldest first, with the earliest time each can be restored to."""
    into, _ = _dirs(instance, backups, None)
    for made in backup.backups(into):
        typer.echo(f"{made.path.name}  restorable from {made.finished.isoformat()}")


@app.command("archive-now")
def archive_now(admin_dsn: AdminDsn = None) -> None:
    """Close the current WAL segment and wait until it is archived (before a restore to now)."""
    try:
        segment = asyncio.run(backup.archive_now(_admin_dsn(admin_dsn)))
    except DevstackError as exc:
        raise typer.Exit(_fail(exc)) from None
    typer.echo(f"archived {segment}")


@app.command()
def restore(
    to: Annotated[
        datetime,
        typer.Option(
            "--to",
            help="UTC time to restore to",
            formats=["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%d %H:%M:%S%z"],
        ),
    ],
    into: Annotated[str, typer.Option(help="a fresh embedded instance to restore into")] = (
        "restored"
    ),
    instance: Instance = "dev",
    backups: BackupsDir = None,
    archive: ArchiveDir = None,
    reapply_erasures: Annotated[
        bool, typer.Option(help="re-apply the erasures on the groups topic (see the module)")
    ] = True,
    groups_database: Annotated[
        str, typer.Option(help="the groups database on the server")
    ] = "groups",
) -> None:
    """Recover the server as it was at ``--to`` into a fresh embedded instance, re-apply every
    erasure since, then stop it; ``make run`` serves it once it is named ``dev`` (move the old
    instance folder aside)."""
    backups_dir, archive_dir = _dirs(instance, backups, archive)
    try:
        server = backup.restore(backups_dir, archive_dir, to, into=into)
    except DevstackError as exc:
        raise typer.Exit(_fail(exc)) from None
    try:
        if reapply_erasures:
            _reapply(dsn_for_database(server.dsn(), groups_database))
    finally:
        server.stop()
    Console().print(f"[green]restored[/] to {to.isoformat()} in {server.data_dir}")


@app.command("reapply-erasures")
def reapply_erasures_command(
    database_url: Annotated[
        str | None, typer.Option(help="owner DSN of the groups database (default: from env)")
    ] = None,
) -> None:
    """Destroy again the key of every practitioner erased on the groups topic, and re-record an
    erasure the (restored) store lacks; idempotent."""
    _reapply(database_url)


def _reapply(database_url: str | None) -> Reapplied:
    settings = settings_for(load("groups"), database_url)
    try:
        done = asyncio.run(reapply_erasures(settings))
    except (LookupError, OSError, KafkaError) as exc:
        # never a silent "0 erasures": a restore must not be served with erased keys alive
        Console(stderr=True).print(
            f"[red]erasures NOT re-applied[/] ({settings.topic} at"
            f" {settings.kafka_bootstrap_servers}): {exc}; do not serve the restored server"
            " before `clc backup reapply-erasures` succeeds"
        )
        raise typer.Exit(1) from None
    typer.echo(  # one line, unwrapped: scripts read it
        f"erasures re-applied: {done.on_topic} on the topic, {done.keys_destroyed}"
        f" key(s) destroyed again, {len(done.re_recorded)} re-recorded in the store,"
        f" {done.already_in_store} already there, {done.unknown} unknown to the store"
    )
    return done


def _fail(exc: DevstackError) -> int:
    Console(stderr=True).print(f"[red]{exc}[/]")
    return 1

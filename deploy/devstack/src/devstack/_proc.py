"""Process plumbing shared by the local servers: ports, locks, child processes, the safety net.

The safety net: every server that is started registers its ``stop`` here. On interpreter exit
(``atexit``) and on SIGTERM/SIGHUP everything still registered is stopped, newest first. Ctrl-C
(SIGINT) raises ``KeyboardInterrupt`` as usual, so ``with`` blocks and pytest fixtures unwind
normally, and ``atexit`` catches whatever is left. On Linux each child also gets a parent-death
signal, so even a ``kill -9`` of Python does not leave a server behind.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import ctypes
import errno
import fcntl
import itertools
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from types import FrameType
from typing import IO, Any, Self, TypeVar

T = TypeVar("T")


class DevstackError(RuntimeError):
    """A local server could not be fetched, started or stopped."""


def progress(message: str) -> None:
    """A progress line for humans, on stderr."""
    print(f"[devstack] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- ports and files


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def port_open(port: int, host: str = "127.0.0.1", timeout: float = 0.2) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def tail(path: Path, lines: int = 40) -> str:
    """The last ``lines`` lines of a text file ('' if it does not exist)."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            size = handle.tell()
            handle.seek(max(0, size - 64 * 1024))
            text = handle.read().decode("utf-8", errors="replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


class FileLock:
    """An exclusive, non-blocking ``flock`` that the kernel releases when the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def try_acquire(self) -> bool:
        if self._handle is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            handle.close()
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                return False
            raise
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self._handle = handle
        return True

    def acquire(self, timeout: float) -> None:
        """Wait up to ``timeout`` seconds for the lock."""
        deadline = time.monotonic() + timeout
        while not self.try_acquire():
            if time.monotonic() > deadline:
                raise DevstackError(f"timed out waiting for lock {self.path}")
            time.sleep(0.2)

    def release(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None

    def holder(self) -> str:
        """Who holds the lock, for error messages."""
        try:
            return self.path.read_text().strip() or "?"
        except OSError:
            return "?"

    def __enter__(self) -> FileLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


# --------------------------------------------------------------------------- processes

_PR_SET_PDEATHSIG = 1
_libc: Any = None
if sys.platform.startswith("linux"):
    with contextlib.suppress(OSError):
        _libc = ctypes.CDLL(None, use_errno=True)


def parent_death_signal(sig: signal.Signals) -> Callable[[], None] | None:
    """A ``preexec_fn`` that makes the child receive ``sig`` when this process dies.

    Linux delivers it when the *thread* that forked the child exits, so it is only used for
    children started from the main thread (``None`` otherwise, and on other platforms).
    """
    if _libc is None or threading.current_thread() is not threading.main_thread():
        return None
    parent = os.getpid()
    libc = _libc

    def preexec() -> None:
        libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before prctl took effect
            os.kill(os.getpid(), int(sig))

    return preexec


def pid_alive(pid: int) -> bool:
    """Whether ``pid`` is a live process (zombies count as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while pid_alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def pids_with_argument(program: str, argument: str) -> list[int]:
    """Live processes running ``program`` (the file name of their argv[0]) that have ``argument``
    somewhere in one of their command-line arguments."""
    found: list[int] = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        needle = argument.encode()
        if os.path.basename(args[0]) == program.encode() and any(needle in a for a in args):
            found.append(int(entry.name))
    return found


def kill_leftovers(program: str, argument: str, first: signal.Signals) -> None:
    """Stop ``program`` processes left behind by a crashed run (identified by a path in their
    arguments): ``first``, then SIGKILL after 10 seconds."""
    pids = pids_with_argument(program, argument)
    if not pids:
        return
    progress(f"stopping leftover {program} from an earlier run: pids {pids}")
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, first)
    for pid in pids:
        if not wait_gone(pid, 10.0):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            wait_gone(pid, 5.0)


def stop_process(
    process: subprocess.Popen[bytes],
    first: signal.Signals,
    timeout: float,
    then: signal.Signals = signal.SIGKILL,
) -> None:
    """Send ``first`` to the child; if it has not exited after ``timeout`` seconds, send ``then``
    to its whole process group (children are started in their own session). Reaps the child."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(first)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            progress(f"pid {process.pid} did not stop within {timeout:.0f}s, sending {then.name}")
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, then)
            process.wait(10.0)


def run_in_thread(factory: Callable[[], Coroutine[Any, Any, T]], timeout: float) -> T:
    """Run a coroutine to completion on a private event loop in a helper thread.

    Safe to call from synchronous code whether or not an event loop runs in this thread (and it
    never replaces this thread's current loop).
    """
    result: list[T] = []
    error: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(factory()))
        except BaseException as exc:
            error.append(exc)

    thread = threading.Thread(target=target, name="devstack-async", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        raise DevstackError(f"timed out after {timeout:.0f}s")
    if error:
        raise error[0]
    return result[0]


# --------------------------------------------------------------------------- safety net

_registry: dict[int, Callable[[], None]] = {}
_registry_lock = threading.RLock()
_tokens = itertools.count(1)
_installed = False


def register(stop: Callable[[], None]) -> int:
    """Make sure ``stop`` runs at exit or on SIGTERM/SIGHUP unless unregistered first."""
    global _installed
    with _registry_lock:
        token = next(_tokens)
        _registry[token] = stop
        if not _installed:
            _installed = True
            atexit.register(stop_all)
            if threading.current_thread() is threading.main_thread():
                for sig in (signal.SIGTERM, signal.SIGHUP):
                    _chain_signal(sig)
    return token


def unregister(token: int | None) -> None:
    if token is not None:
        with _registry_lock:
            _registry.pop(token, None)


def stop_all() -> None:
    """Stop everything still registered, newest first. Errors are reported, not raised."""
    while True:
        with _registry_lock:
            if not _registry:
                return
            token = max(_registry)
            stop = _registry.pop(token)
        try:
            stop()
        except BaseException as exc:  # keep going: the others must still be stopped
            progress(f"error while stopping: {exc!r}")


def _chain_signal(sig: signal.Signals) -> None:
    previous = signal.getsignal(sig)

    def handler(signum: int, frame: FrameType | None) -> None:
        stop_all()
        if callable(previous):
            previous(signum, frame)
        elif previous != signal.SIG_IGN:
            raise SystemExit(128 + signum)

    signal.signal(sig, handler)


class ManagedServer:
    """The lifecycle both local servers share: ``start()`` registers the instance with the
    shutdown safety net, ``stop()`` unregisters it and shuts the process down, and the instance
    is a context manager. Subclasses implement ``start`` and ``_shutdown``."""

    _token: int | None = None
    stop_timeout: float = 30.0

    def start(self) -> Self:
        raise NotImplementedError

    def _shutdown(self, timeout: float = 30.0) -> None:
        raise NotImplementedError

    def _registered(self) -> None:
        self._token = register(self.stop)

    def stop(self, timeout: float | None = None) -> None:
        unregister(self._token)
        self._token = None
        self._shutdown(self.stop_timeout if timeout is None else timeout)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

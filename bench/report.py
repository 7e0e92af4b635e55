"""Timing, percentiles and the printed report."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def progress(message: str) -> None:
    print(f"  .. {message}", file=sys.stderr, flush=True)


def _cpu_of(pid: int, *, reaped: bool) -> float:
    """CPU seconds of a process (and, with ``reaped``, of its children it has waited for)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    if reaped:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / _TICK


def server_cpu(postmaster: int | None) -> float | None:
    """CPU seconds the local PostgreSQL server has used: the postmaster, its live processes
    (backends, WAL writer, checkpointer…) and those that have exited; ``None`` when the server
    is not a local process we can read (a container, another host)."""
    if postmaster is None:
        return None
    try:
        total = _cpu_of(postmaster, reaped=True)
        children = Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text().split()
        for child in children:
            try:
                total += _cpu_of(int(child), reaped=False)
            except (FileNotFoundError, ProcessLookupError):
                continue  # exited in between: counted with the postmaster next time
        return total
    except (FileNotFoundError, PermissionError, IndexError, ValueError):
        return None


async def postmaster_of(conn: object) -> int | None:
    """The server's postmaster pid, from one of its backends (``None`` if not local)."""
    pid = await conn.fetchval("select pg_backend_pid()")  # type: ignore[attr-defined]
    return _parent_of(pid)


def _parent_of(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, PermissionError):
        return None
    return int(fields[1])


class Timer:
    """Wall time, and the CPU this process and (given its postmaster) PostgreSQL spent: on a
    shared machine the CPU per unit of work is the steadier figure; the wall time depends on
    what else runs."""

    def __init__(self, postmaster: int | None = None) -> None:
        self._postmaster = postmaster
        self.server_cpu: float | None = None

    def __enter__(self) -> Timer:
        self.started = time.perf_counter()
        self._cpu = time.process_time()
        self._server = server_cpu(self._postmaster)
        return self

    def __exit__(self, *_: object) -> None:
        self.seconds = time.perf_counter() - self.started
        self.client_cpu = time.process_time() - self._cpu
        after = server_cpu(self._postmaster)
        if self._server is not None and after is not None:
            self.server_cpu = after - self._server
        self.load = os.getloadavg()[0]

    def cpu_ms_per_k(self, units: int) -> tuple[float, float | None]:
        """(client, server) CPU milliseconds per 1,000 units of work."""
        per = 1e6 / units
        return self.client_cpu * per, None if self.server_cpu is None else self.server_cpu * per


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    aim: str = ""
    #: CPU ms per 1,000 units, (client, server), of ours and of the baseline (Timer.cpu_ms_per_k)
    cpu: tuple[float, float | None] | None = None
    baseline_cpu: tuple[float, float | None] | None = None
    #: the 1-minute load average when the figure was measured
    load: float | None = None

    def line(self) -> str:
        text = f"{self.name:<46} {self.value:>12,.0f} {self.unit}"
        if self.baseline:
            ratio = self.value / self.baseline
            text += f"   baseline {self.baseline_name} {self.baseline:,.0f} -> ratio {ratio:.2f}"
        if self.aim:
            text += f"   (aim {self.aim})"
        if self.load is not None:
            text += f"   [load {self.load:.1f}]"
        if self.cpu is not None:
            text += "\n" + " " * 4 + f"CPU per 1k: ours {_cpu(self.cpu)}"
            if self.baseline_cpu is not None:
                text += f", baseline {_cpu(self.baseline_cpu)}"
                ours, theirs = sum(self.cpu[0:1]), sum(self.baseline_cpu[0:1])
                if self.cpu[1] is not None and self.baseline_cpu[1] is not None:
                    ours, theirs = ours + self.cpu[1], theirs + self.baseline_cpu[1]
                text += f" -> ratio by CPU {theirs / ours:.2f}"
        return text


def _cpu(parts: tuple[float, float | None]) -> str:
    client, server = parts
    if server is None:
        return f"{client:.1f} ms (client)"
    return f"{client + server:.1f} ms ({client:.1f} client + {server:.1f} PostgreSQL)"


def latency_line(name: str, seconds: Sequence[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (
        f"{name:<46} p50 {percentile(ms, 0.50):.1f} ms  p99 {percentile(ms, 0.99):.1f} ms"
        f"  max {max(ms):.1f} ms  mean {statistics.fmean(ms):.1f} ms  (n={len(ms)})"
    )

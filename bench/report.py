"""Timing, percentiles and the printed report."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass


def progress(message: str) -> None:
    print(f"  .. {message}", file=sys.stderr, flush=True)


class Timer:
    def __enter__(self) -> Timer:
        self.started = time.perf_counter()
        return self

    def __exit__(self, *_: object) -> None:
        self.seconds = time.perf_counter() - self.started


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

    def line(self) -> str:
        text = f"{self.name:<46} {self.value:>12,.0f} {self.unit}"
        if self.baseline:
            ratio = self.value / self.baseline
            text += f"   baseline {self.baseline_name} {self.baseline:,.0f} -> ratio {ratio:.2f}"
        if self.aim:
            text += f"   (aim {self.aim})"
        return text


def latency_line(name: str, seconds: Sequence[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (
        f"{name:<46} p50 {percentile(ms, 0.50):.1f} ms  p99 {percentile(ms, 0.99):.1f} ms"
        f"  max {max(ms):.1f} ms  mean {statistics.fmean(ms):.1f} ms  (n={len(ms)})"
    )

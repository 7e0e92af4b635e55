"""A token bucket per principal (tenant + person), or per client address without one.

Each key's bucket holds up to ``burst`` requests and refills at ``rate_per_s``; a request that
finds it empty is refused with the seconds until one request's worth has refilled (the
``Retry-After``). Buckets live in this process: with N replicas behind a balancer a caller can get
up to N times the rate (each replica counts its own). A shared store (Redis, or PostgreSQL with a
row per key) would make the limit global at the price of a round trip per request.

Memory is bounded: at most ``max_keys`` buckets, the least recently used dropped first — a dropped
bucket comes back full, so the bound only ever errs on the generous side.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable

__all__ = ["RateLimiter"]


class RateLimiter:
    def __init__(
        self,
        rate_per_s: float,
        burst: int,
        *,
        max_keys: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate_per_s <= 0 or burst < 1:
            raise ValueError("a rate limit needs a positive rate and a burst of at least 1")
        self.rate = rate_per_s
        self.burst = burst
        self._max_keys = max_keys
        self._clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # tokens, at

    def take(self, key: str) -> float | None:
        """``None`` if the request may go ahead, else the seconds to wait before retrying."""
        now = self._clock()
        tokens, at = self._buckets.pop(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - at) * self.rate)
        if tokens >= 1.0:
            self._buckets[key] = (tokens - 1.0, now)
            wait = None
        else:
            self._buckets[key] = (tokens, now)
            wait = (1.0 - tokens) / self.rate
        if len(self._buckets) > self._max_keys:
            self._buckets.popitem(last=False)
        return wait

    @staticmethod
    def retry_after(wait: float) -> str:
        """Whole seconds for the header, never 0 (a client retrying at once would be refused)."""
        return str(max(1, math.ceil(wait)))

"""When to try again: exponential backoff with jitter, a bounded number of attempts.

Attempt ``n`` (1-based) failed: the next waits ``min(cap, base * 2**(n-1))`` scaled by a random
factor in [0.5, 1] ("equal jitter": never less than half the step, so the schedule still grows,
and endpoints coming back up are not hit by every sender at once). With the defaults (base 5 s,
cap 1 h, 12 attempts) the delays are 5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560 and 3600 s
before jitter: the last attempt comes 1.2 to 2.4 hours after the first.
"""

from __future__ import annotations

import random

__all__ = ["next_delay_s"]


def next_delay_s(
    failed_attempts: int, base_s: float, cap_s: float, rng: random.Random | None = None
) -> float:
    step = float(min(cap_s, base_s * 2 ** max(failed_attempts - 1, 0)))
    draw = float((rng or random.Random()).random())
    return step * (0.5 + 0.5 * draw)

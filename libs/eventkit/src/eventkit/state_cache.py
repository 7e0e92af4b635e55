"""A bounded, per-process cache of aggregate states, so a hot stream is not re-read per command.

The cache may be stale — another process may have appended since — and that is fine: a decision
taken on a cached state is only trusted through the append's expected-version check, which
refuses if the stream moved. ``CommandHandler`` decides what to do then (retry on fresh state),
and never shows a client a refusal that was decided on a cached state. States are immutable, so
sharing them between concurrent commands is safe.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Generic, TypeVar

__all__ = ["StateCache"]

S = TypeVar("S")
Key = tuple[str, str]  # (tenant id, stream id)


class StateCache(Generic[S]):
    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._entries: OrderedDict[Key, tuple[S, int]] = OrderedDict()

    def get(self, key: Key) -> tuple[S, int] | None:
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def put(self, key: Key, state: S, version: int) -> None:
        if self._capacity <= 0:
            return
        self._entries[key] = (state, version)
        self._entries.move_to_end(key)
        while len(self._entries) > self._capacity:
            self._entries.popitem(last=False)

    def discard(self, key: Key) -> None:
        self._entries.pop(key, None)

    def __len__(self) -> int:
        return len(self._entries)

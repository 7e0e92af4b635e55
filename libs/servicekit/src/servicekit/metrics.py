"""Prometheus metrics without a client library: a few counters, rendered as exposition text.

The counters come from objects the runtime already has (relay and projector stats) plus a
``CountingStore`` that wraps the event store, so metrics cost no extra state or dependency.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from eventkit.envelope import NewEvent, RecordedEvent, StreamRef
from eventkit.idempotency import CommandFingerprint
from eventkit.store.base import START, AppendRequest, AppendResult, Cursor, EventStore

__all__ = ["CONTENT_TYPE", "CountingStore", "prometheus_text"]

#: the media type of Prometheus' text exposition format
CONTENT_TYPE = "text/plain; version=0.0.4"


class CountingStore(EventStore):
    """Counts appended events for the metrics; everything else goes straight to the real store."""

    def __init__(self, inner: EventStore) -> None:
        self.inner = inner
        self.appended = 0

    async def append(
        self,
        stream: StreamRef,
        events: Sequence[NewEvent],
        *,
        expected_version: int | None,
        command_id: str | None = None,
        fingerprint: CommandFingerprint | None = None,
    ) -> AppendResult:
        result = await self.inner.append(
            stream,
            events,
            expected_version=expected_version,
            command_id=command_id,
            fingerprint=fingerprint,
        )
        if not result.duplicate:
            self.appended += len(result.events)
        return result

    async def append_batch(self, requests: Sequence[AppendRequest]) -> list[AppendResult]:
        results = await self.inner.append_batch(requests)
        self.appended += sum(len(r.events) for r in results if not r.duplicate)
        return results

    async def read_stream(
        self, stream_id: str, *, tenant_id: str, from_version: int = 1
    ) -> list[RecordedEvent]:
        return await self.inner.read_stream(
            stream_id, tenant_id=tenant_id, from_version=from_version
        )

    async def read_all(self, after: Cursor = START, limit: int = 1000) -> list[RecordedEvent]:
        return await self.inner.read_all(after, limit)

    async def find_command(
        self, tenant_id: str, command_id: str, fingerprint: CommandFingerprint | None = None
    ) -> AppendResult | None:
        return await self.inner.find_command(tenant_id, command_id, fingerprint)


def prometheus_text(counters: Mapping[str, tuple[str, int]]) -> str:
    """``name -> (help, value)`` as Prometheus exposition text (all counters)."""
    lines: list[str] = []
    for name, (help_text, value) in counters.items():
        lines += [f"# HELP {name} {help_text}", f"# TYPE {name} counter", f"{name} {value}"]
    return "\n".join(lines) + "\n"

"""Structured JSON logs and Prometheus text metrics for the groups service."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from eventkit.envelope import NewEvent, RecordedEvent, StreamRef
from eventkit.store.base import START, AppendRequest, AppendResult, Cursor, EventStore

__all__ = ["CountingStore", "JsonFormatter", "configure_logging", "prometheus_text"]

# Attributes every LogRecord has; anything else was passed in `extra=` and belongs in the JSON.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


def configure_logging(level: str = "INFO") -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


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
    ) -> AppendResult:
        result = await self.inner.append(
            stream, events, expected_version=expected_version, command_id=command_id
        )
        if not result.duplicate:
            self.appended += len(result.events)
        return result

    async def append_batch(self, requests: Sequence[AppendRequest]) -> list[AppendResult]:
        results = await self.inner.append_batch(requests)
        self.appended += sum(len(r.events) for r in results if not r.duplicate)
        return results

    async def read_stream(
        self, stream_id: str, *, tenant_id: str | None = None, from_version: int = 1
    ) -> list[RecordedEvent]:
        return await self.inner.read_stream(
            stream_id, tenant_id=tenant_id, from_version=from_version
        )

    async def read_all(self, after: Cursor = START, limit: int = 1000) -> list[RecordedEvent]:
        return await self.inner.read_all(after, limit)

    async def find_command(self, tenant_id: str, command_id: str) -> AppendResult | None:
        return await self.inner.find_command(tenant_id, command_id)


def prometheus_text(counters: dict[str, tuple[str, int]]) -> str:
    """``name -> (help, value)`` as Prometheus exposition text (all counters)."""
    lines: list[str] = []
    for name, (help_text, value) in counters.items():
        lines += [f"# HELP {name} {help_text}", f"# TYPE {name} counter", f"{name} {value}"]
    return "\n".join(lines) + "\n"

"""In-memory event store: the reference implementation for unit tests and the contract suite."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime

from eventkit.envelope import NewEvent, RecordedEvent, StreamRef
from eventkit.errors import WrongExpectedVersion
from eventkit.idempotency import CommandFingerprint, check_command_id, verify_repeat

from .base import START, AppendRequest, AppendResult, Cursor, EventStore

__all__ = ["InMemoryEventStore"]


class InMemoryEventStore(EventStore):
    def __init__(self) -> None:
        self._all: list[RecordedEvent] = []
        # Keyed by (tenant, stream id): stream identity is per tenant.
        self._streams: dict[tuple[str, str], list[RecordedEvent]] = defaultdict(list)
        self._commands: dict[tuple[str, str], tuple[AppendResult, CommandFingerprint | None]] = {}
        self._event_ids: set[object] = set()
        self._tx = 0
        self._lock = asyncio.Lock()

    async def append(
        self,
        stream: StreamRef,
        events: Sequence[NewEvent],
        *,
        expected_version: int | None,
        command_id: str | None = None,
        fingerprint: CommandFingerprint | None = None,
    ) -> AppendResult:
        [result] = await self.append_batch(
            [AppendRequest(stream, events, expected_version, command_id, fingerprint)]
        )
        return result

    async def append_batch(self, requests: Sequence[AppendRequest]) -> list[AppendResult]:
        async with self._lock:
            results: list[AppendResult | None] = []
            versions: dict[tuple[str, str], int] = {}
            # Validate everything first so a failing request leaves the store untouched.
            for req in requests:
                check_command_id(req.command_id)
                if req.command_id is not None:
                    done = self._find(req.stream.tenant_id, req.command_id, req.fingerprint)
                    if done is not None:
                        results.append(done)
                        continue
                key = (req.stream.tenant_id, req.stream.stream_id)
                current = versions.get(key, self._version_of(key))
                if req.expected_version is not None and req.expected_version != current:
                    raise WrongExpectedVersion(
                        req.stream.stream_id, req.expected_version or 0, current
                    )
                if any(e.event_id in self._event_ids for e in req.events):
                    raise ValueError("event id already stored")
                versions[key] = current + len(req.events)
                results.append(None)
            self._tx += 1
            now = datetime.now(UTC)
            out: list[AppendResult] = []
            for req, known in zip(requests, results, strict=True):
                out.append(known if known is not None else self._write(req, now))
            return out

    def _version_of(self, key: tuple[str, str]) -> int:
        existing = self._streams.get(key)
        return existing[-1].stream_version if existing else 0

    def _write(self, req: AppendRequest, now: datetime) -> AppendResult:
        stream = self._streams[(req.stream.tenant_id, req.stream.stream_id)]
        written = []
        for event in req.events:
            recorded = RecordedEvent(
                event_id=event.event_id,
                event_type=event.event_type,
                schema_version=event.schema_version,
                stream_id=req.stream.stream_id,
                stream_type=req.stream.stream_type,
                stream_version=len(stream) + 1,
                tenant_id=req.stream.tenant_id,
                data=event.data,
                metadata=event.metadata,
                recorded_at=now,
                global_position=len(self._all) + 1,
                tx_id=self._tx,
            )
            stream.append(recorded)
            self._all.append(recorded)
            self._event_ids.add(event.event_id)
            written.append(recorded)
        result = AppendResult(
            stream_id=req.stream.stream_id,
            events=tuple(written),
            stream_version=len(stream),
            position=written[-1].global_position if written else 0,
        )
        if req.command_id is not None:
            self._commands[(req.stream.tenant_id, req.command_id)] = (
                AppendResult(
                    result.stream_id, result.events, result.stream_version, result.position, True
                ),
                req.fingerprint,
            )
        return result

    async def read_stream(
        self, stream_id: str, *, tenant_id: str, from_version: int = 1
    ) -> list[RecordedEvent]:
        events = self._streams.get((tenant_id, stream_id), [])
        return [e for e in events if e.stream_version >= from_version]

    async def read_all(self, after: Cursor = START, limit: int = 1000) -> list[RecordedEvent]:
        return [e for e in self._all if Cursor.of(e) > after][:limit]

    async def find_command(
        self, tenant_id: str, command_id: str, fingerprint: CommandFingerprint | None = None
    ) -> AppendResult | None:
        return self._find(tenant_id, command_id, fingerprint)

    def _find(
        self, tenant_id: str, command_id: str, fingerprint: CommandFingerprint | None
    ) -> AppendResult | None:
        entry = self._commands.get((tenant_id, command_id))
        if entry is None:
            return None
        verify_repeat(entry[1], fingerprint, command_id)
        return entry[0]

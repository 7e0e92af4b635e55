"""An event store that seals a service's personal fields on append and opens them on read.

A service names its personal data (``PersonalData``: per event type, the fields and whose key
seals them) and which events erase a subject; ``SealingEventStore`` wraps its event store with
that. Everything appended reaches the store — and so the relay, the topic and every consumer —
sealed; everything read comes back opened, a destroyed key's fields replaced by ``unreadable``.
It is a codec at the application/store boundary because sealing needs keys (I/O): the domain's
``decide`` and ``evolve`` and the upcasters stay pure functions over plain values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from eventkit.envelope import NewEvent, RecordedEvent, StreamRef
from eventkit.idempotency import CommandFingerprint
from eventkit.store.base import START, AppendRequest, AppendResult, Cursor, EventStore

from .fields import Sealer
from .sealed import is_sealed

__all__ = ["PersonalData", "SealingEventStore"]

#: an event's data -> the subject whose key seals its personal fields; None: nothing personal
#: in this one (evidence without pupil data)
Subject = Callable[[Mapping[str, Any]], str | None]


@dataclass(frozen=True)
class PersonalData:
    """What of a service's events is personal, and which events erase a subject."""

    fields: Mapping[str, tuple[Subject, tuple[str, ...]]]
    """event type -> (its data -> the subject whose key seals it, the personal fields)"""
    unreadable: Mapping[str, Any] = field(default_factory=dict)
    """field -> what it reads as once its key is destroyed (default None)"""
    erasing: Mapping[str, Subject] = field(default_factory=dict)
    """event type -> the subject whose key an event of it destroys, once appended"""

    def is_sealed(self, event_type: str, data: Mapping[str, Any]) -> bool:
        spec = self.fields.get(event_type)
        return spec is not None and any(is_sealed(data.get(f)) for f in spec[1])

    async def seal(self, sealer: Sealer, tenant_id: str, event: NewEvent) -> NewEvent:
        spec = self.fields.get(event.event_type)
        if spec is None:
            return event
        subject, names = spec[0](event.data), spec[1]
        if subject is None:
            return event
        data = await sealer.seal(tenant_id, subject, event.data, names)
        return event.model_copy(update={"data": data})

    async def open(self, sealer: Sealer, event: RecordedEvent) -> RecordedEvent:
        if not self.is_sealed(event.event_type, event.data):
            return event
        subject, names = self.fields[event.event_type]
        whose = subject(event.data)
        if whose is None:
            return event
        opened = await sealer.open(event.tenant_id, whose, event.data, names)
        data = opened.data | {n: self.unreadable.get(n) for n in opened.unreadable}
        return event.model_copy(update={"data": data})


class SealingEventStore(EventStore):
    """An event store whose personal fields are sealed at rest and open to its callers."""

    def __init__(self, inner: EventStore, sealer: Sealer, personal: PersonalData) -> None:
        self.inner = inner
        self.sealer = sealer
        self.personal = personal

    async def append(
        self,
        stream: StreamRef,
        events: Sequence[NewEvent],
        *,
        expected_version: int | None,
        command_id: str | None = None,
        fingerprint: CommandFingerprint | None = None,
    ) -> AppendResult:
        sealed = [await self.personal.seal(self.sealer, stream.tenant_id, e) for e in events]
        result = await self.inner.append(
            stream,
            sealed,
            expected_version=expected_version,
            command_id=command_id,
            fingerprint=fingerprint,
        )
        if not result.duplicate:
            await self._destroy_erased(stream.tenant_id, sealed)
        return await self._opened(result)

    async def append_batch(self, requests: Sequence[AppendRequest]) -> list[AppendResult]:
        sealed = [
            AppendRequest(
                stream=r.stream,
                events=[
                    await self.personal.seal(self.sealer, r.stream.tenant_id, e) for e in r.events
                ],
                expected_version=r.expected_version,
                command_id=r.command_id,
                fingerprint=r.fingerprint,
            )
            for r in requests
        ]
        results = await self.inner.append_batch(sealed)
        for request, result in zip(sealed, results, strict=True):
            if not result.duplicate:
                await self._destroy_erased(request.stream.tenant_id, request.events)
        # A batch's envelopes are built lazily and rarely read (a roster import reads only the
        # positions), so only a repeated command's, which a handler turns back into events, are
        # opened; the others hold the stored (sealed) form.
        return [await self._opened(r) if r.duplicate else r for r in results]

    async def read_stream(
        self, stream_id: str, *, tenant_id: str, from_version: int = 1
    ) -> list[RecordedEvent]:
        events = await self.inner.read_stream(
            stream_id, tenant_id=tenant_id, from_version=from_version
        )
        return [await self.personal.open(self.sealer, e) for e in events]

    async def read_all(self, after: Cursor = START, limit: int = 1000) -> list[RecordedEvent]:
        events = await self.inner.read_all(after, limit)
        return [await self.personal.open(self.sealer, e) for e in events]

    async def find_command(
        self, tenant_id: str, command_id: str, fingerprint: CommandFingerprint | None = None
    ) -> AppendResult | None:
        found = await self.inner.find_command(tenant_id, command_id, fingerprint)
        return None if found is None else await self._opened(found)

    async def _destroy_erased(self, tenant_id: str, events: Sequence[NewEvent]) -> None:
        for event in events:
            subject = self.personal.erasing.get(event.event_type)
            whose = None if subject is None else subject(event.data)
            if whose is not None:
                await self.sealer.keys.destroy(tenant_id, whose)

    async def _opened(self, result: AppendResult) -> AppendResult:
        if not any(self.personal.is_sealed(e.event_type, e.data) for e in result.events):
            return result
        events = tuple([await self.personal.open(self.sealer, e) for e in result.events])
        return AppendResult(
            result.stream_id, events, result.stream_version, result.position, result.duplicate
        )

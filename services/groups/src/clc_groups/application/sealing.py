"""The groups' personal data, sealed on its way into the event store and opened on its way out.

Why a codec here rather than in the domain or in an upcaster: sealing needs a key from the key
table, so it is I/O, and ``decide``/``evolve`` and upcasters are pure functions of data. The
domain keeps deciding on plain names (``PractitionerRegistered.given_name`` is a name, as it
always was); this layer sits between the command handlers and the store, so every event that
reaches the store — and so the relay, Kafka and every consumer — holds the personal fields only
sealed with the practitioner's data key (``servicekit.crypto``), and every read from the store
gets them back opened. ``PractitionerRegistered`` went to schema version 2 to tell consumers that
its personal fields may be sealed (``sealed:v1:…``); v1 events, written before, hold plain text
and read unchanged, until ``clc migrate encrypt-personal`` seals them.

Erasure: when a ``PractitionerErased`` has been appended the practitioner's key is destroyed
here at once; the roster projection destroys it too, in the transaction that applies the event,
so a crash between the append and the destroy cannot leave the key alive (``readmodels.roster``).
From then on reads of the registration carry the neutral label, and nothing can recover the name
from the store, the topic or a copy of either.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventkit.envelope import NewEvent, RecordedEvent, StreamRef
from eventkit.idempotency import CommandFingerprint
from eventkit.store.base import START, AppendRequest, AppendResult, Cursor, EventStore
from servicekit.crypto import Sealer

from clc_groups.domain.practitioner import ERASED_NAME

__all__ = ["PERSONAL_FIELDS", "SealingEventStore", "open_recorded", "seal_new", "subject_of"]

#: event type -> its personal fields (sealed with the data key of the practitioner it names)
PERSONAL_FIELDS: dict[str, tuple[str, ...]] = {
    "PractitionerRegistered": ("given_name", "family_name", "email"),
}

#: what a personal field reads as once its key is destroyed
UNREADABLE: dict[str, Any] = {"given_name": ERASED_NAME, "family_name": "", "email": None}

#: event type -> the practitioner whose key an event destroys
ERASING = "PractitionerErased"


def subject_of(data: dict[str, Any]) -> str:
    return f"practitioner:{data['practitioner_id']}"


async def seal_new(sealer: Sealer, tenant_id: str, event: NewEvent) -> NewEvent:
    fields = PERSONAL_FIELDS.get(event.event_type)
    if not fields:
        return event
    data = await sealer.seal(tenant_id, subject_of(event.data), event.data, fields)
    return event.model_copy(update={"data": data})


async def open_recorded(sealer: Sealer, event: RecordedEvent) -> RecordedEvent:
    fields = PERSONAL_FIELDS.get(event.event_type)
    if not fields:
        return event
    opened = await sealer.open(event.tenant_id, subject_of(event.data), event.data, fields)
    data = opened.data | {name: UNREADABLE[name] for name in opened.unreadable}
    return event.model_copy(update={"data": data})


class SealingEventStore(EventStore):
    """An event store whose personal fields are sealed at rest and open to its callers."""

    def __init__(self, inner: EventStore, sealer: Sealer) -> None:
        self.inner = inner
        self.sealer = sealer

    async def append(
        self,
        stream: StreamRef,
        events: Sequence[NewEvent],
        *,
        expected_version: int | None,
        command_id: str | None = None,
        fingerprint: CommandFingerprint | None = None,
    ) -> AppendResult:
        sealed = [await seal_new(self.sealer, stream.tenant_id, e) for e in events]
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
                events=[await seal_new(self.sealer, r.stream.tenant_id, e) for e in r.events],
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
        return [await open_recorded(self.sealer, e) for e in events]

    async def read_all(self, after: Cursor = START, limit: int = 1000) -> list[RecordedEvent]:
        return [
            await open_recorded(self.sealer, e) for e in await self.inner.read_all(after, limit)
        ]

    async def find_command(
        self, tenant_id: str, command_id: str, fingerprint: CommandFingerprint | None = None
    ) -> AppendResult | None:
        found = await self.inner.find_command(tenant_id, command_id, fingerprint)
        return None if found is None else await self._opened(found)

    async def _destroy_erased(self, tenant_id: str, events: Sequence[NewEvent]) -> None:
        for event in events:
            if event.event_type == ERASING:
                await self.sealer.keys.destroy(tenant_id, subject_of(event.data))

    async def _opened(self, result: AppendResult) -> AppendResult:
        if not any(e.event_type in PERSONAL_FIELDS for e in result.events):
            return result
        events = tuple([await open_recorded(self.sealer, e) for e in result.events])
        return AppendResult(
            result.stream_id, events, result.stream_version, result.position, result.duplicate
        )

"""The ``EventStore`` contract, shared by every implementation.

Versions: a stream's first event has version 1; ``expected_version=0`` means "the stream must not
exist yet" and ``None`` means "append whatever the current version is".

Global order: ``read_all`` returns events in a stable order that never changes once read, and a
``Cursor`` to continue from. In PostgreSQL that order is ``(tx_id, global_position)`` rather than
position alone — see ``eventkit.store.postgres`` for why.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from eventkit.envelope import NewEvent, RecordedEvent, StreamRef
from eventkit.idempotency import CommandFingerprint

__all__ = ["START", "AppendRequest", "AppendResult", "Cursor", "EventStore"]


@dataclass(frozen=True, order=True)
class Cursor:
    """A place in the global order: after the event with this transaction id and position."""

    tx_id: int = 0
    position: int = 0

    @classmethod
    def of(cls, event: RecordedEvent) -> Cursor:
        return cls(event.tx_id, event.global_position)


START = Cursor()


@dataclass(frozen=True)
class AppendRequest:
    stream: StreamRef
    events: Sequence[NewEvent]
    expected_version: int | None
    command_id: str | None = None
    # What the command id is recorded as answering (see ``eventkit.idempotency``).
    fingerprint: CommandFingerprint | None = None


class AppendResult:
    """What an append wrote: the stream's new version, the consistency token and the events.

    ``events`` may be given as a function that builds them: a batch append of thousands of
    events spends a quarter of its time building envelopes that most callers never read, so it
    defers that work to the first access.
    """

    __slots__ = ("_build", "_events", "duplicate", "position", "stream_id", "stream_version")

    def __init__(
        self,
        stream_id: str,
        events: tuple[RecordedEvent, ...] | Callable[[], tuple[RecordedEvent, ...]],
        stream_version: int,
        position: int,
        duplicate: bool = False,
    ) -> None:
        self.stream_id = stream_id
        # The stream's version after the append.
        self.stream_version = stream_version
        # The consistency token: the global position of the last event written (for a
        # duplicate command, of the first result). A read model that has applied it reflects
        # this write.
        self.position = position
        self.duplicate = duplicate
        self._events = events if isinstance(events, tuple) else None
        self._build = None if isinstance(events, tuple) else events

    @property
    def events(self) -> tuple[RecordedEvent, ...]:
        if self._events is None:
            assert self._build is not None
            self._events, self._build = self._build(), None
        return self._events

    def __repr__(self) -> str:
        return (
            f"AppendResult(stream_id={self.stream_id!r}, stream_version={self.stream_version},"
            f" position={self.position}, duplicate={self.duplicate})"
        )


class EventStore(abc.ABC):
    @abc.abstractmethod
    async def append(
        self,
        stream: StreamRef,
        events: Sequence[NewEvent],
        *,
        expected_version: int | None,
        command_id: str | None = None,
        fingerprint: CommandFingerprint | None = None,
    ) -> AppendResult:
        """Append atomically. A stale ``expected_version`` raises ``WrongExpectedVersion`` and
        writes nothing. A ``command_id`` already recorded for the tenant returns that first
        result with ``duplicate=True`` and appends nothing — unless its recorded fingerprint
        differs from ``fingerprint``: then ``IdempotencyKeyReused``. A command id that is empty,
        longer than 200 characters or holds control characters raises ``InvalidCommandId``."""

    @abc.abstractmethod
    async def append_batch(self, requests: Sequence[AppendRequest]) -> list[AppendResult]:
        """Append to many streams in one transaction: all requests are written, or none."""

    @abc.abstractmethod
    async def read_stream(
        self, stream_id: str, *, tenant_id: str, from_version: int = 1
    ) -> list[RecordedEvent]:
        """Events of the tenant's stream ``stream_id`` in version order.

        A stream is identified by ``(tenant_id, stream_id)``: two tenants may each have a stream
        with the same id, and neither ever sees, blocks or learns of the other's."""

    @abc.abstractmethod
    async def read_all(self, after: Cursor = START, limit: int = 1000) -> list[RecordedEvent]:
        """Committed events after ``after`` in the stable global order, at most ``limit``."""

    @abc.abstractmethod
    async def find_command(
        self, tenant_id: str, command_id: str, fingerprint: CommandFingerprint | None = None
    ) -> AppendResult | None:
        """The recorded result of a command id, if that command already ran;
        ``IdempotencyKeyReused`` if it ran as another command than ``fingerprint`` says."""

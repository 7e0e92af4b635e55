"""Command handling: load the stream, decide, append, return the events and a consistency token.

This is the one place where a pure decider meets the event store. The handler never interprets a
command: the decider does. It only makes the write safe (expected version, command id) and says
whether a conflicting concurrent write may be retried — which only the caller knows, because a
retry re-runs ``decide`` on newer state and so is only right for commands that do not depend on
what the client saw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .domain import Command, Decider, DomainEvent
from .envelope import EventMetadata, StreamRef
from .errors import DomainError, IdAlreadyTaken, NotFound, WrongExpectedVersion
from .idempotency import (
    DEVELOPMENT_FINGERPRINT_KEY,
    CommandFingerprint,
    check_command_id,
    fingerprint_of,
)
from .registry import EventRegistry
from .state_cache import StateCache
from .store.base import AppendResult, EventStore

__all__ = ["CommandContext", "CommandHandler", "CommandResult"]

S = TypeVar("S")


@dataclass(frozen=True)
class CommandContext:
    """Who asks and why: becomes every resulting event's metadata."""

    tenant_id: str
    actor: str
    command_id: str | None = None
    correlation_id: str | None = None
    causation_id: str | None = None
    traceparent: str | None = None

    def metadata(self) -> EventMetadata:
        return EventMetadata(
            correlation_id=self.correlation_id or self.command_id,
            causation_id=self.causation_id or self.command_id,
            actor=self.actor,
            command_id=self.command_id,
            traceparent=self.traceparent,
        )


@dataclass(frozen=True)
class CommandResult(Generic[S]):
    stream_id: str
    events: Sequence[DomainEvent]
    state: S | None
    # Consistency token: the global position of the last event written (0 when nothing was).
    position: int
    stream_version: int
    duplicate: bool = False


class _OtherKind(NotFound):
    """``load`` met a stream of another aggregate type under the id."""


class CommandHandler(Generic[S]):
    def __init__(
        self,
        store: EventStore,
        registry: EventRegistry,
        decider: Decider[S, Any, Any],
        *,
        cache_size: int = 10_000,
        fingerprint_key: bytes = DEVELOPMENT_FINGERPRINT_KEY,
    ) -> None:
        self._store = store
        # Signs each command's payload for the command log (see ``eventkit.idempotency``).
        self._fingerprint_key = fingerprint_key
        self._registry = registry
        self._decider = decider
        self._cache: StateCache[S] = StateCache(cache_size)

    async def load(self, stream_id: str, tenant_id: str) -> tuple[S, int]:
        recorded = await self._store.read_stream(stream_id, tenant_id=tenant_id)
        if recorded and recorded[0].stream_type != self._decider.stream_type:
            # The id names an aggregate of another kind: to this decider it does not exist, and
            # folding foreign events into its state would be a server error, not a user error.
            raise _OtherKind(f"No {self._decider.stream_type} has this id", field="id")
        state = self._decider.fold(self._registry.to_domain(e) for e in recorded)
        version = recorded[-1].stream_version if recorded else 0
        # Always a fresh read; remembering it lets a ``handle`` that follows (the application
        # layer often loads a stream for facts, then acts on it) skip reading it again.
        self._cache.put((tenant_id, stream_id), state, version)
        return state, version

    async def handle(
        self,
        stream_id: str,
        command: Command,
        context: CommandContext,
        *,
        retry_on_conflict: bool = False,
        max_attempts: int = 3,
    ) -> CommandResult[S]:
        """Decide and append; a repeated command id returns the first result.

        The happy path is two round trips (load, append), one when the stream's state is
        cached: the append itself recognises a command id it has seen. Only when the command is
        refused, changes nothing, or loses a race do we look the id up — a repeat must get its
        first answer even if deciding it again today would be refused ("already registered").
        """
        check_command_id(context.command_id)
        fingerprint = self._fingerprint(stream_id, command, context)
        key = (context.tenant_id, stream_id)
        attempts = max_attempts if retry_on_conflict else 1
        attempt = 0
        while True:
            # A cached state saves the read. It may be stale, so only an append (checked
            # against the stream's version) may rest on it: a refusal, a no-op or a conflict
            # decided on it is decided again on the stream as stored — and that retry is free.
            cached = self._cache.get(key)
            if cached is not None:
                state, version = cached
            else:
                attempt += 1
                try:
                    state, version = await self.load(stream_id, context.tenant_id)
                except _OtherKind:
                    if (repeated := await self._first_result(context, fingerprint)) is not None:
                        return repeated
                    raise self._refusal_for_other_kind(command) from None
            try:
                new_events = list(self._decider.decide(state, command))
            except DomainError:
                if cached is not None:
                    self._cache.discard(key)
                    continue
                if (repeated := await self._first_result(context, fingerprint)) is not None:
                    return repeated
                raise
            if not new_events:
                if cached is not None:
                    self._cache.discard(key)
                    continue
                repeated = await self._first_result(context, fingerprint)
                return repeated or CommandResult(stream_id, [], state, 0, version)
            metadata = context.metadata()
            try:
                appended = await self._store.append(
                    StreamRef(
                        stream_id=stream_id,
                        stream_type=self._decider.stream_type,
                        tenant_id=context.tenant_id,
                    ),
                    [self._registry.to_new_event(e, metadata) for e in new_events],
                    expected_version=version,
                    command_id=context.command_id,
                    fingerprint=fingerprint,
                )
            except WrongExpectedVersion:
                self._cache.discard(key)
                if cached is None and attempt >= attempts:
                    raise
                continue
            if appended.duplicate:
                return self._as_repeat(appended)
            for event in new_events:
                state = self._decider.evolve(state, event)
            self._cache.put(key, state, appended.stream_version)
            return CommandResult(
                stream_id=stream_id,
                events=new_events,
                state=state,
                position=appended.position,
                stream_version=appended.stream_version,
            )

    def _refusal_for_other_kind(self, command: Command) -> DomainError:
        """What to answer when the id belongs to another kind of aggregate in the tenant.

        Decided as if nothing were there: a command that needs the aggregate gets the decider's
        own refusal (e.g. ``SCHOOL_NOT_FOUND`` on ``school_id``); one that would create it is
        told the id is taken — it cannot be created there."""
        try:
            self._decider.decide(self._decider.initial_state(), command)
        except DomainError as refused:
            return refused
        return IdAlreadyTaken()

    def _fingerprint(
        self, stream_id: str, command: Command, context: CommandContext
    ) -> CommandFingerprint | None:
        if context.command_id is None:
            return None
        return fingerprint_of(
            self._fingerprint_key, actor=context.actor, stream_id=stream_id, command=command
        )

    async def _first_result(
        self, context: CommandContext, fingerprint: CommandFingerprint | None
    ) -> CommandResult[S] | None:
        if context.command_id is None:
            return None
        done = await self._store.find_command(context.tenant_id, context.command_id, fingerprint)
        return None if done is None else self._as_repeat(done)

    def _as_repeat(self, done: AppendResult) -> CommandResult[S]:
        return CommandResult(
            stream_id=done.stream_id,
            events=[self._registry.to_domain(e) for e in done.events],
            state=None,
            position=done.position,
            stream_version=done.stream_version,
            duplicate=True,
        )

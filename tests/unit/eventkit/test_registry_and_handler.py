"""The registry upcasts old events; the command handler decides, appends and is idempotent."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from eventkit.domain import Command, Decider, DomainEvent
from eventkit.envelope import NewEvent, StreamRef
from eventkit.errors import (
    IdAlreadyTaken,
    NotFound,
    RuleViolated,
    UnknownEventType,
    WrongExpectedVersion,
)
from eventkit.handling import CommandContext, CommandHandler
from eventkit.registry import EventRegistry
from eventkit.store import InMemoryEventStore

from tests.support.events import an_event


class CounterOpened(DomainEvent):
    counter_id: str


class CounterIncremented(DomainEvent):
    schema_version = 2
    by: int
    reason: str


class Increment(Command):
    by: int


class TooBig(RuleViolated):
    code = "TOO_BIG"


@dataclass(frozen=True)
class Counter:
    value: int = 0


def decide(state: Counter, command: Increment) -> list[DomainEvent]:
    if state.value + command.by > 10:
        raise TooBig(field="by")
    return [CounterIncremented(by=command.by, reason="asked")]


def evolve(state: Counter, event: DomainEvent) -> Counter:
    if isinstance(event, CounterIncremented):
        return replace(state, value=state.value + event.by)
    return state


DECIDER: Decider[Counter, Increment, DomainEvent] = Decider("Counter", Counter, decide, evolve)
registry = EventRegistry([CounterOpened, CounterIncremented])


@registry.upcaster("CounterIncremented", 1)
def _v1_had_no_reason(data: dict[str, object]) -> dict[str, object]:
    return {**data, "reason": "unknown"}


CTX = CommandContext(tenant_id="t1", actor="p1")
STREAM = StreamRef(stream_id="c1", stream_type="Counter", tenant_id="t1")


def test_an_old_schema_version_is_upcast_on_read() -> None:
    assert registry.upcast("CounterIncremented", 1, {"by": 2}) == {"by": 2, "reason": "unknown"}


def test_an_unknown_event_type_is_named_in_the_error() -> None:
    with pytest.raises(UnknownEventType, match="Nope"):
        registry.class_for("Nope")


async def test_handling_a_command_appends_its_events_and_returns_a_token() -> None:
    store = InMemoryEventStore()
    handler = CommandHandler(store, registry, DECIDER)
    result = await handler.handle("c1", Increment(by=3), CTX)
    assert result.state == Counter(3)
    assert result.position == 1 and result.stream_version == 1
    [stored] = await store.read_stream("c1", tenant_id="t1")
    assert stored.event_type == "CounterIncremented" and stored.metadata.actor == "p1"


async def test_old_events_in_the_stream_are_upcast_before_deciding() -> None:
    store = InMemoryEventStore()
    old = an_event(event_type="CounterIncremented", by=9)
    old = old.model_copy(update={"data": {"by": 9}})
    await store.append(
        StreamRef(stream_id="c1", stream_type="Counter", tenant_id="t1"), [old], expected_version=0
    )
    with pytest.raises(TooBig) as refused:
        await CommandHandler(store, registry, DECIDER).handle("c1", Increment(by=2), CTX)
    assert refused.value.code == "TOO_BIG" and refused.value.field == "by"


async def test_repeating_a_command_id_returns_the_first_result_without_appending() -> None:
    store = InMemoryEventStore()
    handler = CommandHandler(store, registry, DECIDER)
    ctx = replace(CTX, command_id="k1")
    first = await handler.handle("c1", Increment(by=3), ctx)
    again = await handler.handle("c1", Increment(by=3), ctx)
    assert again.duplicate and again.position == first.position
    assert len(await store.read_stream("c1", tenant_id="t1")) == 1


RIVAL = {"by": 1, "reason": "a concurrent writer"}


class RacingStore(InMemoryEventStore):
    """A fake whose first append loses a race to a concurrent writer."""

    def __init__(self) -> None:
        super().__init__()
        self.raced = False

    async def append(self, stream, events, *, expected_version, command_id=None, fingerprint=None):  # type: ignore[no-untyped-def]
        if not self.raced:
            self.raced = True
            await super().append(
                stream,
                [NewEvent(event_type="CounterIncremented", schema_version=2, data=RIVAL)],
                expected_version=expected_version,
            )
        return await super().append(
            stream,
            events,
            expected_version=expected_version,
            command_id=command_id,
            fingerprint=fingerprint,
        )


async def test_a_conflict_is_retried_only_when_the_caller_allows_it() -> None:
    with pytest.raises(WrongExpectedVersion):
        await CommandHandler(RacingStore(), registry, DECIDER).handle("c1", Increment(by=1), CTX)
    result = await CommandHandler(RacingStore(), registry, DECIDER).handle(
        "c1", Increment(by=1), CTX, retry_on_conflict=True
    )
    assert result.state == Counter(2)


async def test_a_repeat_gets_its_first_result_even_if_deciding_again_would_refuse() -> None:
    store = InMemoryEventStore()
    handler = CommandHandler(store, registry, DECIDER)
    ctx = replace(CTX, command_id="k-big")
    first = await handler.handle("c1", Increment(by=7), ctx)
    # Deciding +7 again would break the rule (14 > 10); the repeat must still succeed.
    again = await handler.handle("c1", Increment(by=7), ctx)
    assert again.duplicate
    assert again.position == first.position
    assert len(await store.read_stream("c1", tenant_id="t1")) == 1


async def test_a_refusal_without_a_command_id_is_raised() -> None:
    handler = CommandHandler(InMemoryEventStore(), registry, DECIDER)
    await handler.handle("c1", Increment(by=7), CTX)
    with pytest.raises(TooBig):
        await handler.handle("c1", Increment(by=7), CTX)


async def test_an_id_of_another_kind_of_aggregate_is_taken_or_refused_as_the_decider_says() -> None:
    store = InMemoryEventStore()
    other = StreamRef(stream_id="c1", stream_type="Invoice", tenant_id="t1")
    await store.append(other, [NewEvent(event_type="InvoiceRaised", data={})], expected_version=0)
    handler = CommandHandler(store, registry, DECIDER)
    # Decided on "nothing here" the command would be accepted: the id is taken.
    with pytest.raises(IdAlreadyTaken) as taken:
        await handler.handle("c1", Increment(by=1), CTX)
    assert taken.value.code == "ID_ALREADY_TAKEN"
    # Decided on "nothing here" the decider refuses: its own refusal, with its own field.
    with pytest.raises(TooBig):
        await handler.handle("c1", Increment(by=11), CTX)
    # Loading for facts still finds no aggregate of this kind.
    with pytest.raises(NotFound):
        await handler.load("c1", "t1")
    assert len(await store.read_stream("c1", tenant_id="t1")) == 1


async def test_a_stale_cached_state_is_retried_on_the_stored_stream_even_without_retries() -> None:
    store = InMemoryEventStore()
    here, elsewhere = (CommandHandler(store, registry, DECIDER) for _ in range(2))
    await here.handle("c1", Increment(by=1), CTX)  # here caches the state at version 1
    await elsewhere.handle("c1", Increment(by=1), CTX)  # another process moves the stream on
    result = await here.handle("c1", Increment(by=1), CTX)  # retry_on_conflict is off
    assert result.state == Counter(3)
    assert result.stream_version == 3


async def test_a_refusal_is_never_decided_on_a_cached_state() -> None:
    store = InMemoryEventStore()
    here = CommandHandler(store, registry, DECIDER)
    await here.handle("c1", Increment(by=9), CTX)  # here caches 9: +2 would be too big
    correction = NewEvent(
        event_type="CounterIncremented", schema_version=2, data={"by": -5, "reason": "fix"}
    )
    await store.append(STREAM, [correction], expected_version=1)  # elsewhere: now 4
    # Decided on the cache, +2 would be refused; decided on the stored stream, it is accepted.
    assert (await here.handle("c1", Increment(by=2), CTX)).state == Counter(6)
    with pytest.raises(TooBig):  # and a refusal the stored stream supports still stands
        await here.handle("c1", Increment(by=5), CTX)


async def test_the_cache_can_be_turned_off() -> None:
    store = InMemoryEventStore()
    handler = CommandHandler(store, registry, DECIDER, cache_size=0)
    await handler.handle("c1", Increment(by=1), CTX)
    await store.append(
        STREAM,
        [
            NewEvent(
                event_type="CounterIncremented",
                schema_version=2,
                data={"by": 1, "reason": "elsewhere"},
            )
        ],
        expected_version=1,
    )
    assert (await handler.handle("c1", Increment(by=1), CTX)).stream_version == 3


class CountingStore(InMemoryEventStore):
    """A fake that counts stream reads."""

    def __init__(self) -> None:
        super().__init__()
        self.reads = 0

    async def read_stream(self, stream_id, *, tenant_id, from_version=1):  # type: ignore[no-untyped-def]
        self.reads += 1
        return await super().read_stream(stream_id, tenant_id=tenant_id, from_version=from_version)


async def test_handling_right_after_a_load_does_not_read_the_stream_again() -> None:
    store = CountingStore()
    handler = CommandHandler(store, registry, DECIDER)
    await handler.load("c1", "t1")
    result = await handler.handle("c1", Increment(by=2), CTX)
    assert result.state == Counter(2)
    assert store.reads == 1

"""The one contract every EventStore implementation passes."""

from __future__ import annotations

import asyncio

import pytest
from eventkit.errors import IdempotencyKeyReused, InvalidCommandId, WrongExpectedVersion
from eventkit.idempotency import CommandFingerprint
from eventkit.store import START, AppendRequest, Cursor, EventStore

from tests.support.events import a_stream, an_event, events


async def test_appending_to_a_new_stream_numbers_versions_from_one(store: EventStore) -> None:
    stream = a_stream()
    result = await store.append(stream, events(3), expected_version=0)
    assert [e.stream_version for e in result.events] == [1, 2, 3]
    assert result.stream_version == 3
    assert result.position == result.events[-1].global_position


async def test_reading_a_stream_returns_its_events_in_version_order(store: EventStore) -> None:
    stream = a_stream()
    await store.append(stream, events(2), expected_version=0)
    await store.append(a_stream(), events(1), expected_version=0)
    await store.append(stream, events(2, start=2), expected_version=2)
    read = await store.read_stream(stream.stream_id, tenant_id="tenant-a")
    assert [e.data["n"] for e in read] == [0, 1, 2, 3]
    assert [e.stream_version for e in read] == [1, 2, 3, 4]
    assert all(e.tenant_id == "tenant-a" and e.stream_type == "Thing" for e in read)
    assert read[0].metadata.correlation_id == "corr-1"


async def test_a_stale_expected_version_raises_and_writes_nothing(store: EventStore) -> None:
    stream = a_stream()
    await store.append(stream, events(2), expected_version=0)
    with pytest.raises(WrongExpectedVersion):
        await store.append(stream, events(1, start=9), expected_version=1)
    with pytest.raises(WrongExpectedVersion):
        await store.append(stream, events(1, start=9), expected_version=5)
    assert [
        e.data["n"] for e in await store.read_stream(stream.stream_id, tenant_id="tenant-a")
    ] == [0, 1]


async def test_expected_version_zero_refuses_an_existing_stream(store: EventStore) -> None:
    stream = a_stream()
    await store.append(stream, events(1), expected_version=0)
    with pytest.raises(WrongExpectedVersion):
        await store.append(stream, events(1), expected_version=0)


async def test_any_version_appends_after_the_current_head(store: EventStore) -> None:
    stream = a_stream()
    await store.append(stream, events(2), expected_version=0)
    result = await store.append(stream, events(1), expected_version=None)
    assert result.stream_version == 3


async def test_concurrent_writers_with_the_same_expected_version_one_wins(
    store: EventStore,
) -> None:
    stream = a_stream()
    await store.append(stream, events(1), expected_version=0)
    outcomes = await asyncio.gather(
        *(store.append(stream, [an_event(i)], expected_version=1) for i in range(8)),
        return_exceptions=True,
    )
    assert sum(not isinstance(o, BaseException) for o in outcomes) == 1
    assert all(
        isinstance(o, WrongExpectedVersion) for o in outcomes if isinstance(o, BaseException)
    )
    assert len(await store.read_stream(stream.stream_id, tenant_id="tenant-a")) == 2


async def test_repeating_a_command_id_returns_the_first_result_and_appends_nothing(
    store: EventStore,
) -> None:
    stream = a_stream()
    first = await store.append(stream, events(2), expected_version=0, command_id="cmd-1")
    again = await store.append(stream, events(2, start=5), expected_version=0, command_id="cmd-1")
    assert again.duplicate and not first.duplicate
    assert [e.event_id for e in again.events] == [e.event_id for e in first.events]
    assert again.position == first.position
    assert len(await store.read_stream(stream.stream_id, tenant_id="tenant-a")) == 2
    assert (await store.find_command("tenant-a", "cmd-1")) is not None
    assert (await store.find_command("tenant-b", "cmd-1")) is None


async def test_command_ids_are_scoped_to_their_tenant(store: EventStore) -> None:
    await store.append(a_stream("tenant-a"), events(1), expected_version=0, command_id="c")
    other = await store.append(a_stream("tenant-b"), events(1), expected_version=0, command_id="c")
    assert not other.duplicate


async def test_read_all_returns_every_event_once_in_a_stable_order(store: EventStore) -> None:
    streams = [a_stream() for _ in range(5)]
    for i, s in enumerate(streams):
        await store.append(s, events(i + 1), expected_version=0)
    seen = []
    cursor = START
    while batch := await store.read_all(cursor, limit=4):
        seen.extend(batch)
        cursor = Cursor.of(batch[-1])
    assert len(seen) == 15
    assert len({e.event_id for e in seen}) == 15
    assert seen == await store.read_all(START, limit=100)


async def test_read_all_keeps_each_stream_in_version_order(store: EventStore) -> None:
    a, b = a_stream(), a_stream()
    for i in range(4):
        await store.append(a, [an_event(i)], expected_version=i)
        await store.append(b, [an_event(i)], expected_version=i)
    everything = await store.read_all(START)
    for s in (a, b):
        versions = [e.stream_version for e in everything if e.stream_id == s.stream_id]
        assert versions == [1, 2, 3, 4]


async def test_batch_append_writes_many_streams_in_one_go(store: EventStore) -> None:
    existing = a_stream()
    await store.append(existing, events(1), expected_version=0)
    fresh = [a_stream() for _ in range(3)]
    results = await store.append_batch(
        [AppendRequest(s, events(2), 0) for s in fresh] + [AppendRequest(existing, events(1), 1)]
    )
    assert [r.stream_version for r in results] == [2, 2, 2, 2]
    for s in fresh:
        assert len(await store.read_stream(s.stream_id, tenant_id="tenant-a")) == 2
    positions = [e.global_position for r in results for e in r.events]
    assert len(set(positions)) == len(positions)
    stored = {e.event_id: e.global_position for e in await store.read_all(START, limit=100)}
    assert all(stored[e.event_id] == e.global_position for r in results for e in r.events)


async def test_a_batch_with_one_stale_request_writes_nothing(store: EventStore) -> None:
    existing = a_stream()
    await store.append(existing, events(1), expected_version=0)
    fresh = a_stream()
    with pytest.raises(WrongExpectedVersion):
        await store.append_batch(
            [AppendRequest(fresh, events(2), 0), AppendRequest(existing, events(1), 0)]
        )
    assert await store.read_stream(fresh.stream_id, tenant_id="tenant-a") == []
    assert len(await store.read_all(START)) == 1


async def test_a_stream_of_another_tenant_is_invisible_and_untouched(store: EventStore) -> None:
    stream = a_stream("tenant-a")
    await store.append(stream, events(1), expected_version=0)
    assert await store.read_stream(stream.stream_id, tenant_id="tenant-b") == []
    intruder = stream.model_copy(update={"tenant_id": "tenant-b"})
    # To tenant B the id names no stream: version 1 of it would be B's first event, not A's.
    with pytest.raises(WrongExpectedVersion):
        await store.append(intruder, events(1), expected_version=1)
    assert len(await store.read_stream(stream.stream_id, tenant_id="tenant-a")) == 1


async def test_two_tenants_with_the_same_stream_id_both_succeed_and_stay_separate(
    store: EventStore,
) -> None:
    a = a_stream("tenant-a")
    b = a.model_copy(update={"tenant_id": "tenant-b"})
    await store.append(a, events(2), expected_version=0)
    taken = await store.append(b, events(1, start=7), expected_version=0)
    assert taken.stream_version == 1 and not taken.duplicate
    await store.append(a, events(1, start=2), expected_version=2)
    await store.append(b, events(1, start=8), expected_version=None)
    mine = await store.read_stream(a.stream_id, tenant_id="tenant-a")
    theirs = await store.read_stream(a.stream_id, tenant_id="tenant-b")
    assert [(e.data["n"], e.stream_version, e.tenant_id) for e in mine] == [
        (0, 1, "tenant-a"), (1, 2, "tenant-a"), (2, 3, "tenant-a"),
    ]  # fmt: skip
    assert [(e.data["n"], e.stream_version, e.tenant_id) for e in theirs] == [
        (7, 1, "tenant-b"), (8, 2, "tenant-b"),
    ]  # fmt: skip


async def test_a_batch_writes_the_same_stream_id_for_two_tenants(store: EventStore) -> None:
    a = a_stream("tenant-a")
    b = a.model_copy(update={"tenant_id": "tenant-b"})
    await store.append(a, events(1), expected_version=0)
    results = await store.append_batch(
        [AppendRequest(b, events(2), 0), AppendRequest(a, events(1, start=5), 1)]
    )
    assert [r.stream_version for r in results] == [2, 2]
    assert len(await store.read_stream(a.stream_id, tenant_id="tenant-b")) == 2
    assert len(await store.read_stream(a.stream_id, tenant_id="tenant-a")) == 2


async def test_a_command_id_replayed_in_another_tenant_is_independent(store: EventStore) -> None:
    a = a_stream("tenant-a")
    b = a.model_copy(update={"tenant_id": "tenant-b"})
    fp_a = CommandFingerprint("person-1", a.stream_id, "DoThing", "same")
    first = await store.append(a, events(1), expected_version=0, command_id="k", fingerprint=fp_a)
    # Same key, same stream id, even another actor and payload: another tenant's own command.
    fp_b = CommandFingerprint("person-9", b.stream_id, "DoThing", "different")
    other = await store.append(b, events(2), expected_version=0, command_id="k", fingerprint=fp_b)
    assert not other.duplicate and other.stream_version == 2
    assert {e.event_id for e in other.events}.isdisjoint(e.event_id for e in first.events)
    again = await store.append(b, events(2), expected_version=0, command_id="k", fingerprint=fp_b)
    assert again.duplicate and again.position == other.position
    found_a = await store.find_command("tenant-a", "k", fp_a)
    assert found_a is not None and found_a.position == first.position


def a_fingerprint(
    stream_id: str, payload: str = "p1", actor: str = "person-1"
) -> CommandFingerprint:
    return CommandFingerprint(actor, stream_id, "DoThing", payload)


async def test_a_repeat_with_the_same_fingerprint_returns_the_first_result(
    store: EventStore,
) -> None:
    stream = a_stream()
    fp = a_fingerprint(stream.stream_id)
    first = await store.append(
        stream, events(1), expected_version=0, command_id="k", fingerprint=fp
    )
    again = await store.append(
        stream, events(1), expected_version=0, command_id="k", fingerprint=fp
    )
    assert again.duplicate and again.position == first.position
    assert (await store.find_command("tenant-a", "k", fp)) is not None


@pytest.mark.parametrize(
    "change",
    [
        {"payload_hmac": "p2"},
        {"actor": "person-2"},
        {"command_type": "DoOther"},
        {"stream_id": "x"},
    ],
)
async def test_a_key_reused_for_another_command_is_refused_and_writes_nothing(
    store: EventStore, change: dict[str, str]
) -> None:
    stream = a_stream()
    fp = a_fingerprint(stream.stream_id)
    await store.append(stream, events(1), expected_version=0, command_id="k", fingerprint=fp)
    other = CommandFingerprint(**{**fp.__dict__, **change})
    with pytest.raises(IdempotencyKeyReused):
        await store.append(stream, events(1), expected_version=1, command_id="k", fingerprint=other)
    with pytest.raises(IdempotencyKeyReused):
        await store.append(stream, events(1), expected_version=0, command_id="k", fingerprint=other)
    with pytest.raises(IdempotencyKeyReused):
        await store.find_command("tenant-a", "k", other)
    with pytest.raises(IdempotencyKeyReused):
        await store.append_batch(
            [AppendRequest(a_stream(), events(1), 0, "k", a_fingerprint("y", "p9"))]
        )
    assert len(await store.read_stream(stream.stream_id, tenant_id="tenant-a")) == 1
    assert len(await store.read_all(START)) == 1


async def test_a_key_on_a_fresh_stream_for_another_command_is_refused(store: EventStore) -> None:
    """The reported case: the same key for ``establishNetwork``, then ``formLearningGroup``."""
    network, group = a_stream(), a_stream()
    await store.append(
        network, events(1), expected_version=0, command_id="k",
        fingerprint=a_fingerprint(network.stream_id),
    )  # fmt: skip
    with pytest.raises(IdempotencyKeyReused):
        await store.append(
            group, events(1), expected_version=0, command_id="k",
            fingerprint=a_fingerprint(group.stream_id),
        )  # fmt: skip
    assert await store.read_stream(group.stream_id, tenant_id="tenant-a") == []


@pytest.mark.parametrize("bad", ["", "x" * 201, "x" * 3000, "nul\x00"])
async def test_malformed_command_ids_are_refused_by_name(store: EventStore, bad: str) -> None:
    with pytest.raises(InvalidCommandId):
        await store.append(a_stream(), events(1), expected_version=0, command_id=bad)
    with pytest.raises(InvalidCommandId):
        await store.append_batch([AppendRequest(a_stream(), events(1), 0, bad)])
    assert await store.read_all(START) == []


async def test_a_command_id_of_200_characters_is_accepted(store: EventStore) -> None:
    key = "k" * 200
    first = await store.append(a_stream(), events(1), expected_version=0, command_id=key)
    assert (await store.find_command("tenant-a", key)) is not None
    assert not first.duplicate

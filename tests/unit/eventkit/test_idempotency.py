"""Idempotency keys: a repeat gets its first result, a reused key for another command is refused,
and only well-formed keys are accepted."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

import pytest
from eventkit.domain import Command
from eventkit.errors import IdempotencyKeyReused, InvalidCommandId
from eventkit.handling import CommandHandler
from eventkit.idempotency import (
    MAX_COMMAND_ID_LENGTH,
    check_command_id,
    fingerprint_of,
)
from eventkit.store import InMemoryEventStore

from tests.unit.eventkit.test_registry_and_handler import CTX, DECIDER, Increment, registry

KEY = b"k" * 32


def test_a_fingerprint_holds_no_payload_and_depends_on_the_key() -> None:
    command = Increment(by=3)
    a = fingerprint_of(KEY, actor="p1", stream_id="c1", command=command)
    b = fingerprint_of(b"other-key" * 4, actor="p1", stream_id="c1", command=command)
    assert (a.actor, a.stream_id, a.command_type) == ("p1", "c1", "Increment")
    assert a.payload_hmac != b.payload_hmac
    assert len(a.payload_hmac) == 64
    assert a == fingerprint_of(KEY, actor="p1", stream_id="c1", command=Increment(by=3))
    assert a != fingerprint_of(KEY, actor="p1", stream_id="c1", command=Increment(by=4))


@pytest.mark.parametrize("bad", ["", "x" * (MAX_COMMAND_ID_LENGTH + 1), "x" * 3000, "a\x00b"])
def test_a_command_id_must_be_short_printable_and_not_empty(bad: str) -> None:
    with pytest.raises(InvalidCommandId) as refused:
        check_command_id(bad)
    assert refused.value.code == "INVALID_COMMAND_ID"
    assert refused.value.field == "command_id"


def test_ordinary_command_ids_are_accepted() -> None:
    for good in (None, "k", "x" * MAX_COMMAND_ID_LENGTH, "3f1c-ä-🙂"):
        check_command_id(good)


async def test_the_handler_refuses_a_malformed_key_before_reading_anything() -> None:
    handler = CommandHandler(InMemoryEventStore(), registry, DECIDER)
    with pytest.raises(InvalidCommandId):
        await handler.handle("c1", Increment(by=1), replace(CTX, command_id="x" * 3000))


async def test_a_key_reused_for_another_payload_is_refused_and_writes_nothing() -> None:
    store = InMemoryEventStore()
    handler = CommandHandler(store, registry, DECIDER, fingerprint_key=KEY)
    ctx = replace(CTX, command_id="k1")
    await handler.handle("c1", Increment(by=1), ctx)
    with pytest.raises(IdempotencyKeyReused) as refused:
        await handler.handle("c1", Increment(by=2), ctx)
    assert refused.value.code == "IDEMPOTENCY_KEY_REUSED" and refused.value.field == "command_id"
    assert len(await store.read_stream("c1", tenant_id="t1")) == 1


async def test_a_key_reused_on_another_stream_is_refused() -> None:
    store = InMemoryEventStore()
    handler = CommandHandler(store, registry, DECIDER, fingerprint_key=KEY)
    ctx = replace(CTX, command_id="k1")
    await handler.handle("c1", Increment(by=1), ctx)
    with pytest.raises(IdempotencyKeyReused):
        await handler.handle("c2", Increment(by=1), ctx)
    assert await store.read_stream("c2", tenant_id="t1") == []


async def test_a_key_reused_by_another_actor_is_refused() -> None:
    handler = CommandHandler(InMemoryEventStore(), registry, DECIDER, fingerprint_key=KEY)
    await handler.handle("c1", Increment(by=1), replace(CTX, command_id="k1"))
    with pytest.raises(IdempotencyKeyReused):
        await handler.handle("c1", Increment(by=1), replace(CTX, command_id="k1", actor="p2"))


async def test_a_reused_key_is_refused_even_when_the_new_command_would_be_refused() -> None:
    handler = CommandHandler(InMemoryEventStore(), registry, DECIDER, fingerprint_key=KEY)
    await handler.handle("c1", Increment(by=7), replace(CTX, command_id="k1"))
    # +9 would break the rule: the answer is still about the key, not the rule.
    with pytest.raises(IdempotencyKeyReused):
        await handler.handle("c1", Increment(by=9), replace(CTX, command_id="k1"))


async def test_a_true_repeat_in_another_process_gets_the_first_result() -> None:
    store = InMemoryEventStore()
    here, there = (CommandHandler(store, registry, DECIDER, fingerprint_key=KEY) for _ in "ab")
    first = await here.handle("c1", Increment(by=4), replace(CTX, command_id="k1"))
    again = await there.handle("c1", Increment(by=4), replace(CTX, command_id="k1"))
    assert again.duplicate and again.position == first.position


def test_a_set_in_the_payload_is_fingerprinted_in_sorted_order_whatever_the_hash_seed() -> None:
    # a frozenset iterates in string-hash order, which differs per process: a retry after a
    # restart must still match
    import subprocess
    import sys

    script = (
        "from eventkit.domain import Command\n"
        "from eventkit.idempotency import fingerprint_of\n"
        "class Meet(Command):\n"
        "    attendee_ids: frozenset[str]\n"
        "ids = frozenset(f'person-{n}' for n in range(20))\n"
        "print(fingerprint_of(b'k' * 32, actor='a', stream_id='s', command=Meet(attendee_ids=ids))"
        ".payload_hmac)\n"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={"PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1


class JoinClub(Command):
    club_id: str
    member_id: str
    member_registered: bool  # looked up by the application layer
    FACTS: ClassVar[frozenset[str]] = frozenset({"member_registered"})


def test_looked_up_facts_are_not_part_of_what_the_client_asked() -> None:
    """A retry after a fact changed (a school registered meanwhile, a member joined) is the same
    request; a different client input is not."""

    def print_of(member: str, registered: bool) -> str:
        command = JoinClub(club_id="c1", member_id=member, member_registered=registered)
        return fingerprint_of(KEY, actor="p1", stream_id="c1", command=command).payload_hmac

    assert print_of("ann", True) == print_of("ann", False)
    assert print_of("ann", True) != print_of("bob", True)

"""The ReflectiveLogEntry aggregate: one entry of a practitioner's personal reflective log.

A personal reflective log is private by default: only the person who writes it reads it. The
writer may share an entry, one at a time, with a learning group they belong to (then that group's
members read that entry) and withdraw the share later. Rules, in the order ``decide`` checks them:

* an entry is written once per id (``ReflectiveLogEntryAlreadyExists``) and then exists
  (``ReflectiveLogEntryNotFound``);
* only its writer shares or withdraws it (``NotYourReflectiveLog``) — a ``tenant_admin`` does not
  pass this check: administering the school system is no reason to act on someone's private log;
* it is shared only with a group the writer is a member of (``ShareOnlyWithYourGroup``), once per
  group while shared (``AlreadySharedWithGroup``), and withdrawn only from a group it is shared
  with (``NotSharedWithGroup``).

There is one stream per entry (its id, a UUID the client may generate, so a log can be written
offline), so writing an entry never conflicts with another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import ClassVar

from eventkit.domain import Actor, Command, Decider, DomainEvent

from .errors import (
    AlreadySharedWithGroup,
    NotSharedWithGroup,
    NotYourReflectiveLog,
    ReflectiveLogEntryAlreadyExists,
    ReflectiveLogEntryNotFound,
    ShareOnlyWithYourGroup,
)
from .membership import GroupMembership
from .values import EntryId, Identifier, Instant, LongText

__all__ = [
    "DECIDER",
    "ReflectiveLogCommand",
    "ReflectiveLogEntryShared",
    "ReflectiveLogEntryWritten",
    "ReflectiveLogEvent",
    "ReflectiveLogShareWithdrawn",
    "ReflectiveLogState",
    "ShareReflectiveLogEntry",
    "WithdrawReflectiveLogShare",
    "WriteReflectiveLogEntry",
]


# --- events --------------------------------------------------------------------------------------


class ReflectiveLogEntryWritten(DomainEvent):
    """An entry of a personal reflective log; its ``text`` may be sealed.

    ``text`` is stored and published *sealed* with the author's data key (``sealed:v1:<key
    id>:…``; the application layer seals and opens it): unreadable for good once the author is
    erased. Entries written before sealing existed hold it plain."""

    entry_id: str
    author_id: str  # the writer: the only reader until they share it
    text: str
    written_at: datetime | None = None


class ReflectiveLogEntryShared(DomainEvent):
    entry_id: str
    author_id: str
    group_id: str


class ReflectiveLogShareWithdrawn(DomainEvent):
    entry_id: str
    author_id: str
    group_id: str


ReflectiveLogEvent = (
    ReflectiveLogEntryWritten | ReflectiveLogEntryShared | ReflectiveLogShareWithdrawn
)


# --- commands ------------------------------------------------------------------------------------


class WriteReflectiveLogEntry(Command):
    actor: Actor
    entry_id: EntryId
    text: LongText
    written_at: Instant | None = None


class ShareReflectiveLogEntry(Command):
    FACTS: ClassVar[frozenset[str]] = frozenset({"membership"})
    actor: Actor
    entry_id: EntryId
    membership: GroupMembership  # the group shared with, from the membership read model


class WithdrawReflectiveLogShare(Command):
    actor: Actor
    entry_id: EntryId
    group_id: Identifier


ReflectiveLogCommand = (
    WriteReflectiveLogEntry | ShareReflectiveLogEntry | WithdrawReflectiveLogShare
)


# --- state ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReflectiveLogState:
    entry_id: str | None = None  # None: not written yet
    writer_id: str = ""
    shared_with: frozenset[str] = frozenset()


# --- decide --------------------------------------------------------------------------------------


def decide(
    state: ReflectiveLogState, command: ReflectiveLogCommand
) -> Sequence[ReflectiveLogEvent]:
    person = command.actor.person_id
    if isinstance(command, WriteReflectiveLogEntry):
        if state.entry_id is not None:
            raise ReflectiveLogEntryAlreadyExists(field="entry_id")
        return [
            ReflectiveLogEntryWritten(
                entry_id=command.entry_id,
                author_id=person,
                text=command.text,
                written_at=command.written_at,
            )
        ]
    if state.entry_id is None:
        raise ReflectiveLogEntryNotFound(field="entry_id")
    if person != state.writer_id:
        raise NotYourReflectiveLog()
    if isinstance(command, ShareReflectiveLogEntry):
        group_id = command.membership.group_id
        if not command.membership.is_member(person):
            raise ShareOnlyWithYourGroup(field="group_id")
        if group_id in state.shared_with:
            raise AlreadySharedWithGroup(field="group_id")
        return [
            ReflectiveLogEntryShared(entry_id=state.entry_id, author_id=person, group_id=group_id)
        ]
    if command.group_id not in state.shared_with:
        raise NotSharedWithGroup(field="group_id")
    return [
        ReflectiveLogShareWithdrawn(
            entry_id=state.entry_id, author_id=person, group_id=command.group_id
        )
    ]


# --- evolve --------------------------------------------------------------------------------------


def evolve(state: ReflectiveLogState, event: ReflectiveLogEvent) -> ReflectiveLogState:
    match event:
        case ReflectiveLogEntryWritten():
            return ReflectiveLogState(entry_id=event.entry_id, writer_id=event.author_id)
        case ReflectiveLogEntryShared():
            return replace(state, shared_with=state.shared_with | {event.group_id})
        case ReflectiveLogShareWithdrawn():
            return replace(state, shared_with=state.shared_with - {event.group_id})
    return state  # pragma: no cover


DECIDER: Decider[ReflectiveLogState, ReflectiveLogCommand, ReflectiveLogEvent] = Decider(
    stream_type="reflective_log",
    initial_state=ReflectiveLogState,
    decide=decide,
    evolve=evolve,
)

"""Idempotency keys: what a command id may look like, and the fingerprint stored with it.

A client retries a command under the same ``commandId`` and gets the first result back. The key
alone cannot tell a retry from a *different* command that reuses it by mistake (or on purpose) —
today that second command would silently "succeed" and write nothing. So the command log keeps,
beside each key, a fingerprint of the command it answered: who asked (actor), which stream, which
command type, and a keyed HMAC of the command's canonical payload. The payload itself (names,
emails, notes) is never stored; the key keeps the digest from being confirmed by guessing.

A repeat whose fingerprint matches gets its first result; one that does not fails with
``IdempotencyKeyReused``. Log entries written before fingerprints existed have none and are
accepted as repeats, as they always were.

The payload is what the client asked: the command without the actor's roles and without the
fields it declares as looked-up facts (``Command.FACTS``: whether a school is registered, a
group's membership). A retry after such a fact changed is still the same request and gets its
first result; a command type that forgets to declare a fact only makes such retries refused as
another command — visible, and never a silent write.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Any

import orjson
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from .errors import IdempotencyKeyReused, InvalidCommandId

__all__ = [
    "DEVELOPMENT_FINGERPRINT_KEY",
    "MAX_COMMAND_ID_LENGTH",
    "CommandFingerprint",
    "check_command_id",
    "fingerprint_of",
    "verify_repeat",
]

#: The longest command id accepted. Long enough for any UUID- or ULID-based scheme, short enough
#: that the command log's primary-key index never meets an oversized entry.
MAX_COMMAND_ID_LENGTH = 200

#: What unit tests and ``make run`` sign with; production must configure its own key.
DEVELOPMENT_FINGERPRINT_KEY = b"clc-development-fingerprint-key-change-me"


#: NUL cannot be stored in a PostgreSQL text column at all; other control characters have no
#: business in a key and make logs ambiguous. (A regex: a per-character generator cost more than
#: the rest of a cached command's Python path.)
_CONTROL = re.compile("[\x00-\x1f\x7f]")


def check_command_id(command_id: str | None) -> None:
    """``InvalidCommandId`` unless ``command_id`` is absent or 1 to 200 printable characters."""
    if command_id is None:
        return
    if not command_id or len(command_id) > MAX_COMMAND_ID_LENGTH:
        raise InvalidCommandId(f"A command id must be 1 to {MAX_COMMAND_ID_LENGTH} characters long")
    if _CONTROL.search(command_id):
        raise InvalidCommandId("A command id must not contain control characters")


@dataclass(frozen=True)
class CommandFingerprint:
    """What a command id was first used for. ``payload_hmac`` is a keyed digest: never the
    command's content."""

    actor: str
    stream_id: str
    command_type: str
    payload_hmac: str


def _sorted_sets(value: Any) -> Any:
    """Sets as sorted lists: a set's iteration order follows string hashing, which differs per
    process (PYTHONHASHSEED), so the same command retried after a restart would not match."""
    if isinstance(value, dict):
        return {k: _sorted_sets(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_sorted_sets(v) for v in value]
    if isinstance(value, set | frozenset):
        items = [to_jsonable_python(_sorted_sets(v)) for v in value]
        return sorted(items, key=lambda v: orjson.dumps(v, option=orjson.OPT_SORT_KEYS))
    return value


def _canonical(command: BaseModel) -> bytes:
    # The actor travels separately (its person id is in the fingerprint); its roles are left out
    # so that a retry after a role change is still recognised as the same command.
    excluded = {"actor", *getattr(type(command), "FACTS", ())}
    content: dict[str, Any] = command.model_dump(mode="python", exclude=excluded)
    return orjson.dumps(to_jsonable_python(_sorted_sets(content)), option=orjson.OPT_SORT_KEYS)


def fingerprint_of(
    key: bytes, *, actor: str, stream_id: str, command: BaseModel
) -> CommandFingerprint:
    command_type = type(command).__name__
    mac = hmac.new(key, digestmod=hashlib.sha256)
    # Length-prefixed parts: no two different (actor, stream, type, payload) share an input.
    for part in (actor.encode(), stream_id.encode(), command_type.encode(), _canonical(command)):
        mac.update(len(part).to_bytes(8, "big"))
        mac.update(part)
    return CommandFingerprint(actor, stream_id, command_type, mac.hexdigest())


def verify_repeat(
    recorded: CommandFingerprint | None, asked: CommandFingerprint | None, command_id: str
) -> None:
    """Raise ``IdempotencyKeyReused`` if a recorded key is asked again for another command.

    Either side missing means there is nothing to compare: an entry from before fingerprints,
    or a writer (a test, a benchmark) that records none."""
    if recorded is None or asked is None:
        return
    if not hmac.compare_digest(recorded.payload_hmac, asked.payload_hmac) or (
        (recorded.actor, recorded.stream_id, recorded.command_type)
        != (asked.actor, asked.stream_id, asked.command_type)
    ):
        raise IdempotencyKeyReused()

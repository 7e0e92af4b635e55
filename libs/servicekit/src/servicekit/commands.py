"""What every command use case shares: building a command from input, running it, its errors.

The application layer is where a verified ``Principal`` becomes the domain's ``Actor`` and where
pydantic's validation errors become ``InvalidInput`` naming the offending field, so the API can
show the error next to that field (see ``UserError``) instead of failing the whole request.

The idempotency key (``commandId``) is checked here too: an empty, over-long (> 200 characters)
or unprintable key is ``InvalidCommandId``, and a key already used for a different command is
``IdempotencyKeyReused`` (code ``IDEMPOTENCY_KEY_REUSED``). Both are ``DomainError``s whose
``field`` is ``command_id``, so every mutation reports them as user errors on ``commandId``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from eventkit.domain import Command
from eventkit.errors import (
    DomainError,
    IdempotencyKeyReused,
    InvalidCommandId,
    InvalidInput,
    WrongExpectedVersion,
)
from eventkit.handling import CommandContext, CommandHandler, CommandResult
from eventkit.idempotency import check_command_id
from eventkit.principal import Principal
from pydantic import ValidationError

from .telemetry import command_span, current_traceparent

__all__ = [
    "ConcurrentChange",
    "IdempotencyKeyReused",
    "InvalidCommandId",
    "build_command",
    "command_context",
    "execute",
]

C = TypeVar("C", bound=Command)
S = TypeVar("S")


class ConcurrentChange(DomainError):
    """Someone else changed the aggregate at the same moment, or the id is taken."""

    code = "CONCURRENT_CHANGE"
    default_message = "The item changed or its id is taken; reload and try again"


def command_context(principal: Principal, command_id: str | None) -> CommandContext:
    """The metadata of the caller's events: tenant, actor, idempotency key (checked here, before
    anything is read, so a bad key never reaches the store), and the W3C ``traceparent`` of the
    active span (the request's), so a trace follows the write."""
    check_command_id(command_id)
    return CommandContext(
        tenant_id=principal.tenant_id,
        actor=principal.person_id,
        command_id=command_id,
        traceparent=current_traceparent(),
    )


def build_command(command_type: type[C], principal: Principal, **fields: Any) -> C:
    """The command issued by ``principal`` (as its ``actor``), or ``InvalidInput`` naming the
    first field that failed validation."""
    # Commands that name their actor declare an ``actor`` field; ``Command`` itself does not.
    make = cast(Callable[..., C], command_type)
    try:
        return make(actor=principal.actor(), **fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = first.get("loc", ())
        field = str(loc[0]) if loc else None
        cause = first.get("ctx", {}).get("error")
        if isinstance(cause, InvalidInput):  # a named bound (eventkit.domain): keep its code
            raise type(cause)(cause.message, field=field) from None
        # The message names the field as the client knows it (GraphQL camelCase); ``field``
        # stays the Python name, which ``UserError.of`` converts.
        shown = _camel(field) if field else "input"
        raise InvalidInput(f"{shown}: {first.get('msg', 'invalid')}", field=field) from None


async def execute(
    handler: CommandHandler[S],
    stream_id: str,
    command: Command,
    principal: Principal,
    command_id: str | None,
) -> CommandResult[S]:
    """Handle ``command``, retrying on a version conflict; ``ConcurrentChange`` if it persists.

    Retrying is safe only when every command carries what the client meant in full (e.g. an
    agreement names the version agreed to), so re-deciding on newer state cannot change intent;
    a service whose commands do not should call the handler itself.
    """
    try:
        with command_span(type(command).__name__, stream_id):
            return await handler.handle(
                stream_id, command, command_context(principal, command_id), retry_on_conflict=True
            )
    except WrongExpectedVersion:
        raise ConcurrentChange() from None


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)

"""What every command use case shares: the handlers, building commands, running them.

The application layer is where a verified ``Principal`` becomes the domain's ``Actor``, where facts
owned by other aggregates are read from their streams (never from another service) and where
pydantic's validation errors become ``InvalidInput`` naming the offending field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from eventkit.domain import Command
from eventkit.errors import DomainError, InvalidInput, WrongExpectedVersion
from eventkit.handling import CommandContext, CommandHandler, CommandResult
from eventkit.principal import Principal
from eventkit.registry import EventRegistry
from eventkit.store.base import EventStore
from pydantic import ValidationError

from clc_groups.domain import (
    EVENT_TYPES,
    LEARNING_GROUP_DECIDER,
    NETWORK_DECIDER,
    PRACTITIONER_DECIDER,
    SCHOOL_DECIDER,
    ActorCommand,
    LearningGroupState,
    NetworkState,
    PractitionerState,
    SchoolState,
)

__all__ = ["ConcurrentChange", "Handlers", "build", "context_for", "execute", "registry"]

C = TypeVar("C", bound=ActorCommand)
S = TypeVar("S")


class ConcurrentChange(DomainError):
    """Someone else changed the aggregate at the same moment, or the id is taken."""

    code = "CONCURRENT_CHANGE"
    default_message = "The item changed or its id is taken; reload and try again"


def registry() -> EventRegistry:
    return EventRegistry(EVENT_TYPES)


@dataclass(frozen=True)
class Handlers:
    """One command handler per aggregate, sharing a store."""

    schools: CommandHandler[SchoolState]
    practitioners: CommandHandler[PractitionerState]
    networks: CommandHandler[NetworkState]
    learning_groups: CommandHandler[LearningGroupState]

    @classmethod
    def over(cls, store: EventStore, events: EventRegistry | None = None) -> Handlers:
        reg = events or registry()
        return cls(
            schools=CommandHandler(store, reg, SCHOOL_DECIDER),
            practitioners=CommandHandler(store, reg, PRACTITIONER_DECIDER),
            networks=CommandHandler(store, reg, NETWORK_DECIDER),
            learning_groups=CommandHandler(store, reg, LEARNING_GROUP_DECIDER),
        )


def context_for(principal: Principal, command_id: str | None) -> CommandContext:
    return CommandContext(
        tenant_id=principal.tenant_id, actor=principal.person_id, command_id=command_id
    )


def build(command_type: type[C], principal: Principal, **fields: Any) -> C:
    """The command, or ``InvalidInput`` naming the first field that failed validation."""
    try:
        return command_type(actor=principal.actor(), **fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = first.get("loc", ())
        field = str(loc[0]) if loc else None
        raise InvalidInput(
            f"{field or 'input'}: {first.get('msg', 'invalid')}", field=field
        ) from None


async def execute(
    handler: CommandHandler[S],
    stream_id: str,
    command: Command,
    principal: Principal,
    command_id: str | None,
) -> CommandResult[S]:
    # Retrying on a conflict is safe here: every command carries what the client meant in full
    # (ground-rule agreement names its version), so re-deciding on newer state cannot change intent.
    try:
        return await handler.handle(
            stream_id, command, context_for(principal, command_id), retry_on_conflict=True
        )
    except WrongExpectedVersion:
        raise ConcurrentChange() from None

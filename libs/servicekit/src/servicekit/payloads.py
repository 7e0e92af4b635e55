"""User errors and the one way every mutation runs: input → use case → outcome.

A refused command (any ``DomainError``) becomes ``userErrors`` — data the client renders next to
the offending field — rather than a GraphQL error, and nothing is written. A successful one
returns its consistency token and the changed entity, read back from the read model once it has
caught up (bounded by the consistency wait; the entity is null if it has not). Each service keeps
its payload types (they name their entity) and builds them from a ``MutationOutcome``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import strawberry
from eventkit.errors import DomainError

from .context import ServiceContext
from .ids import InvalidId, is_valid_id

__all__ = [
    "MutationOutcome",
    "UserError",
    "camel_case",
    "client_message",
    "first_bad_id",
    "run_mutation",
]

T = TypeVar("T")


@strawberry.federation.type(shareable=True)
class UserError:
    """Why a mutation was refused; ``field`` is the input field's GraphQL (camelCase) name."""

    code: str
    message: str
    field: str | None

    @classmethod
    def of(cls, error: DomainError) -> UserError:
        return cls(code=error.code, message=client_message(error), field=camel_case(error.field))


def client_message(error: DomainError) -> str:
    """The error's message, naming its field as the client does: ``enquiry_id: …`` becomes
    ``enquiryId: …`` (input validation prefixes messages with the Python field name)."""
    field = error.field
    if field and error.message.startswith(f"{field}:"):
        return f"{camel_case(field)}{error.message[len(field) :]}"
    return error.message


def camel_case(name: str | None) -> str | None:
    """``school_id`` → ``schoolId``: the domain names fields in Python, clients in GraphQL."""
    if name is None:
        return None
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def first_bad_id(data: Any) -> UserError | None:
    """The first malformed id of a mutation's input dataclass (fields ``…_id``, ``…_ids``; the
    ``command_id`` is checked by its own rule), as the user error naming its GraphQL field."""
    for f in dataclasses.fields(data):
        if f.name == "command_id" or not f.name.endswith(("_id", "_ids")):
            continue
        value = getattr(data, f.name)
        for one in value if isinstance(value, list) else [value]:
            if one is not None and not is_valid_id(one):
                return UserError(
                    code=InvalidId.code, message=InvalidId.default_message, field=camel_case(f.name)
                )
    return None


@dataclass(frozen=True)
class MutationOutcome(Generic[T]):
    entity: T | None
    user_errors: list[UserError]
    consistency_token: int | None


async def run_mutation(
    context: ServiceContext[Any],
    use_case: Callable[..., Awaitable[Any]],
    data: Any,
    load: Callable[[], Awaitable[T | None]],
) -> MutationOutcome[T]:
    """Call ``use_case(principal, command_id=…, **fields of data)``; ``load`` the entity after.

    ``data`` is the mutation's input (a dataclass, as strawberry inputs are); its optional
    ``command_id`` is the idempotency key and is passed as such. The use case's result must have
    a ``position`` (its consistency token), as eventkit's ``CommandResult`` has.
    """
    kwargs = {f.name: getattr(data, f.name) for f in dataclasses.fields(data)}
    command_id = kwargs.pop("command_id", None)
    principal = context.principal
    try:
        result = await use_case(principal, command_id=command_id, **kwargs)
    except DomainError as error:
        return MutationOutcome(None, [UserError.of(error)], None)
    context.wrote(result.position)
    found = await load() if await context.reached(result.position) else None
    return MutationOutcome(found, [], result.position)

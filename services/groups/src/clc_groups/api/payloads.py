"""Mutation payloads and the one way every mutation runs: input → use case → payload.

A refused command (any ``DomainError``) becomes ``userErrors`` and nothing is written. A successful
one returns its consistency token and the changed entity, read back from the read model once it
has caught up (bounded by the consistency wait; the entity is null if it has not).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from eventkit.errors import DomainError

from .types import Ctx, LearningGroup, Network, Practitioner, School, load_entity

__all__ = [
    "LearningGroupPayload",
    "NetworkPayload",
    "PractitionerPayload",
    "SchoolPayload",
    "UserError",
    "run",
]


@strawberry.type
class UserError:
    code: str
    message: str
    field: str | None

    @classmethod
    def of(cls, error: DomainError) -> UserError:
        return cls(code=error.code, message=error.message, field=_camel(error.field))


def _camel(name: str | None) -> str | None:
    if name is None:
        return None
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@strawberry.type
class SchoolPayload:
    school: School | None
    user_errors: list[UserError]
    consistency_token: int | None


@strawberry.type
class PractitionerPayload:
    practitioner: Practitioner | None
    user_errors: list[UserError]
    consistency_token: int | None


@strawberry.type
class NetworkPayload:
    network: Network | None
    user_errors: list[UserError]
    consistency_token: int | None


@strawberry.type
class LearningGroupPayload:
    learning_group: LearningGroup | None
    user_errors: list[UserError]
    consistency_token: int | None


P = TypeVar("P", SchoolPayload, PractitionerPayload, NetworkPayload, LearningGroupPayload)

# payload type -> the read-model entity it carries, which is also its attribute name
_ENTITY: dict[type, str] = {
    SchoolPayload: "school",
    PractitionerPayload: "practitioner",
    NetworkPayload: "network",
    LearningGroupPayload: "learning_group",
}


async def run(
    info: Ctx,
    payload: type[P],
    entity_id: str,
    use_case: Callable[..., Awaitable[Any]],
    data: Any,
) -> P:
    entity = attribute = _ENTITY[payload]
    kwargs = {f.name: getattr(data, f.name) for f in dataclasses.fields(data)}
    command_id = kwargs.pop("command_id", None)
    principal = info.context.principal
    try:
        result = await use_case(principal, command_id=command_id, **kwargs)
    except DomainError as error:
        refused: dict[str, Any] = {attribute: None, "consistency_token": None}
        return payload(user_errors=[UserError.of(error)], **refused)
    found = None
    if await info.context.reached(result.position):
        found = await load_entity(info, entity, entity_id)
    done: dict[str, Any] = {attribute: found, "consistency_token": result.position}
    return payload(user_errors=[], **done)

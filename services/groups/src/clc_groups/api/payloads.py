"""Mutation payloads: each carries the changed entity, ``userErrors`` and a consistency token.

How a mutation runs (input → use case → outcome, refusals as ``userErrors``) is servicekit's
``run_mutation``; here is only which entity each payload carries and how it is loaded.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from servicekit.payloads import UserError, run_mutation

from .loaders import forget_loaders
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

    async def load() -> Any:
        # The write may have changed anything read earlier in this request: read afresh.
        forget_loaders(info)
        return await load_entity(info, entity, entity_id)

    outcome = await run_mutation(info.context, use_case, data, load)
    fields: dict[str, Any] = {attribute: outcome.entity}
    return payload(
        user_errors=outcome.user_errors, consistency_token=outcome.consistency_token, **fields
    )

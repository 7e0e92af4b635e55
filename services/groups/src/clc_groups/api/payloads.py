"""Mutation payloads: each carries the changed entity, ``userErrors`` and a consistency token.

How a mutation runs (input → use case → outcome, refusals as ``userErrors``) is servicekit's
``run_mutation``; here is which entity each payload carries and how it is loaded. Before the use
case runs, every ``ID`` of the input is checked (servicekit's ``check_input_ids``), so a
malformed id is an ``INVALID_ID`` user error naming the field, as in every subgraph. If the write
succeeded but the read models did not reach it in time, the entity field is an error with the
code ``NOT_YET_CONSISTENT`` (the token is still returned): never a silent null.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from eventkit.principal import Principal
from servicekit.consistency import not_yet_consistent
from servicekit.ids import check_input_ids
from servicekit.payloads import UserError, run_mutation

from .context import Ctx, token_of
from .loaders import forget_loaders
from .programmes import Programme
from .types import LearningGroup, Network, Organisation, Practitioner, School, load_entity

__all__ = [
    "LearningGroupPayload",
    "NetworkPayload",
    "OrganisationPayload",
    "PractitionerPayload",
    "ProgrammePayload",
    "SchoolPayload",
    "UserError",
    "run",
]

T = TypeVar("T")


@strawberry.type
class _Payload:
    """What every payload holds (not itself part of the schema: no field returns it)."""

    user_errors: list[UserError]
    consistency_token: str | None = strawberry.field(
        description="Opaque; pass it to a query's consistencyToken to read this write."
    )
    pending: strawberry.Private[bool]

    def _ready(self, found: T) -> T:
        """``found``, unless the write is not readable yet: then ``NOT_YET_CONSISTENT``."""
        if self.pending:
            raise not_yet_consistent(self.consistency_token)
        return found


@strawberry.type
class SchoolPayload(_Payload):
    found: strawberry.Private[School | None]

    @strawberry.field
    def school(self) -> School | None:
        return self._ready(self.found)


@strawberry.type
class OrganisationPayload(_Payload):
    found: strawberry.Private[Organisation | None]

    @strawberry.field
    def organisation(self) -> Organisation | None:
        return self._ready(self.found)


@strawberry.type
class PractitionerPayload(_Payload):
    found: strawberry.Private[Practitioner | None]

    @strawberry.field
    def practitioner(self) -> Practitioner | None:
        return self._ready(self.found)


@strawberry.type
class ProgrammePayload(_Payload):
    found: strawberry.Private[Programme | None]

    @strawberry.field
    def programme(self) -> Programme | None:
        return self._ready(self.found)


@strawberry.type
class NetworkPayload(_Payload):
    found: strawberry.Private[Network | None]

    @strawberry.field
    def network(self) -> Network | None:
        return self._ready(self.found)


@strawberry.type
class LearningGroupPayload(_Payload):
    found: strawberry.Private[LearningGroup | None]

    @strawberry.field
    def learning_group(self) -> LearningGroup | None:
        return self._ready(self.found)


P = TypeVar(
    "P",
    SchoolPayload,
    OrganisationPayload,
    PractitionerPayload,
    NetworkPayload,
    LearningGroupPayload,
    ProgrammePayload,
)

# payload type -> the read-model entity it carries
_ENTITY: dict[type, str] = {
    SchoolPayload: "school",
    OrganisationPayload: "organisation",
    PractitionerPayload: "practitioner",
    NetworkPayload: "network",
    LearningGroupPayload: "learning_group",
    ProgrammePayload: "programme",
}


async def run(
    info: Ctx,
    payload: type[P],
    entity_id: str,
    use_case: Callable[..., Awaitable[Any]],
    data: Any,
) -> P:
    entity = _ENTITY[payload]
    loaded = False

    async def checked(principal: Principal, **fields: Any) -> Any:
        check_input_ids(data)
        return await use_case(principal, **fields)

    async def load() -> Any:
        nonlocal loaded
        loaded = True
        # The write may have changed anything read earlier in this request: read afresh.
        forget_loaders(info)
        return await load_entity(info, entity, entity_id)

    outcome = await run_mutation(info.context, checked, data, load)
    written = outcome.consistency_token is not None
    return payload(
        user_errors=outcome.user_errors,
        consistency_token=token_of(outcome.consistency_token),
        found=outcome.entity,
        pending=written and not loaded,
    )

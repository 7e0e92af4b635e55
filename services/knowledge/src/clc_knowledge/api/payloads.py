"""Mutation payloads: each carries the changed entity, ``userErrors`` and a consistency token.

How a mutation runs (input → use case → outcome, refusals as ``userErrors``) is servicekit's
``run_mutation``; here is which entity each payload carries, the id check every input gets, and
what happens when the write is done but the read model has not caught up within the wait: the
payload still carries the token, and its entity field is a ``NOT_YET_CONSISTENT`` error (never a
silent null), so the client knows to read again with the token.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from graphql import GraphQLError
from servicekit.payloads import UserError, first_bad_id, run_mutation

from .artefacts import Artefact, load_artefact
from .base import Ctx
from .context import NOT_YET_CONSISTENT, encode_token
from .inputs import as_fields

__all__ = ["ArtefactPayload", "Payload", "UserError", "run"]


def _not_yet() -> GraphQLError:
    return GraphQLError(
        "written, but not readable yet: read it again with the consistency token",
        extensions={"code": NOT_YET_CONSISTENT},
    )


@strawberry.type
class Payload:
    """What every payload has; a payload type adds the field of its entity (see
    ``ArtefactPayload``)."""

    user_errors: list[UserError]
    consistency_token: str | None = strawberry.field(
        description="Opaque; pass it to a following read to see this write"
    )
    entity_id: strawberry.Private[str | None] = None
    readable: strawberry.Private[bool] = False

    def ready(self) -> str | None:
        if self.entity_id is not None and not self.readable:
            raise _not_yet()
        return self.entity_id


@strawberry.type
class ArtefactPayload(Payload):
    @strawberry.field
    async def artefact(self, info: Ctx) -> Artefact | None:
        entity_id = self.ready()
        return None if entity_id is None else await load_artefact(info, entity_id, fresh=True)


P = TypeVar("P", bound=Payload)


def _plain(data: Any) -> Any:
    """The input with nested inputs as dicts and lists as tuples, as the commands take them."""
    return dataclasses.replace(
        data, **{f.name: as_fields(getattr(data, f.name)) for f in dataclasses.fields(data)}
    )


async def run(
    info: Ctx,
    payload: type[P],
    entity_id: str,
    use_case: Callable[..., Awaitable[Any]],
    data: Any,
) -> P:
    bad = first_bad_id(data)
    if bad is not None:
        return payload(user_errors=[bad], consistency_token=None)

    async def reached() -> bool:
        return True  # run_mutation calls this only once the read model has the write

    outcome = await run_mutation(info.context, use_case, _plain(data), reached)
    if outcome.user_errors:
        return payload(user_errors=outcome.user_errors, consistency_token=None)
    return payload(
        user_errors=[],
        consistency_token=encode_token(outcome.consistency_token),
        entity_id=entity_id,
        readable=outcome.entity is True,
    )

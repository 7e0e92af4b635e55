"""Mutation payloads: each carries the changed entity, ``userErrors`` and a consistency token.

How a mutation runs (input → use case → outcome, refusals as ``userErrors``) is servicekit's
``run_mutation``; here is which entity each payload carries, the id check every input gets, and
what happens when the write is done but the read model has not caught up within the wait: the
payload still carries the token, and its entity field is a ``NOT_YET_CONSISTENT`` error (never a
silent null), so the client knows to read again with the token.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from graphql import GraphQLError
from servicekit.payloads import UserError, first_bad_id, run_mutation

from .base import Ctx
from .claims import LearningClaim, load_claim
from .context import NOT_YET_CONSISTENT, encode_token
from .enquiries import Enquiry, load_enquiry
from .logs import ReflectiveLogEntry, load_log_entry
from .reviews import PeerReview, load_review

__all__ = [
    "EnquiryPayload",
    "LearningClaimPayload",
    "PeerReviewPayload",
    "ReflectiveLogEntryPayload",
    "UserError",
    "run",
]


def _not_yet() -> GraphQLError:
    return GraphQLError(
        "written, but not readable yet: read it again with the consistency token",
        extensions={"code": NOT_YET_CONSISTENT},
    )


@strawberry.type
class _Payload:
    user_errors: list[UserError]
    consistency_token: str | None = strawberry.field(
        description="Opaque; pass it to a following read to see this write"
    )
    entity_id: strawberry.Private[str | None] = None
    readable: strawberry.Private[bool] = False

    def _ready(self) -> str | None:
        if self.entity_id is not None and not self.readable:
            raise _not_yet()
        return self.entity_id


@strawberry.type
class EnquiryPayload(_Payload):
    @strawberry.field
    async def enquiry(self, info: Ctx) -> Enquiry | None:
        entity_id = self._ready()
        return None if entity_id is None else await load_enquiry(info, entity_id, fresh=True)


@strawberry.type
class LearningClaimPayload(_Payload):
    @strawberry.field
    async def learning_claim(self, info: Ctx) -> LearningClaim | None:
        entity_id = self._ready()
        return None if entity_id is None else await load_claim(info, entity_id, fresh=True)


@strawberry.type
class PeerReviewPayload(_Payload):
    @strawberry.field
    async def peer_review(self, info: Ctx) -> PeerReview | None:
        entity_id = self._ready()
        return None if entity_id is None else await load_review(info, entity_id, fresh=True)


@strawberry.type
class ReflectiveLogEntryPayload(_Payload):
    @strawberry.field
    async def reflective_log_entry(self, info: Ctx) -> ReflectiveLogEntry | None:
        entity_id = self._ready()
        return None if entity_id is None else await load_log_entry(info, entity_id)


P = TypeVar("P", EnquiryPayload, LearningClaimPayload, PeerReviewPayload, ReflectiveLogEntryPayload)


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

    outcome = await run_mutation(info.context, use_case, data, reached)
    if outcome.user_errors:
        return payload(user_errors=outcome.user_errors, consistency_token=None)
    return payload(
        user_errors=[],
        consistency_token=encode_token(outcome.consistency_token),
        entity_id=entity_id,
        readable=outcome.entity is True,
    )

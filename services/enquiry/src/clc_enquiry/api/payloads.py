"""Mutation payloads: each carries the changed entity, ``userErrors`` and a consistency token.

How a mutation runs (input → use case → outcome, refusals as ``userErrors``) is servicekit's
``run_mutation``; here is only which entity each payload carries and how it is loaded.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import strawberry
from servicekit.payloads import UserError, run_mutation

from .types import Ctx, Enquiry, LearningClaim, PeerReview, load

__all__ = ["EnquiryPayload", "LearningClaimPayload", "PeerReviewPayload", "UserError", "run"]


@strawberry.type
class EnquiryPayload:
    enquiry: Enquiry | None
    user_errors: list[UserError]
    consistency_token: int | None


@strawberry.type
class LearningClaimPayload:
    learning_claim: LearningClaim | None
    user_errors: list[UserError]
    consistency_token: int | None


@strawberry.type
class PeerReviewPayload:
    peer_review: PeerReview | None
    user_errors: list[UserError]
    consistency_token: int | None


P = TypeVar("P", EnquiryPayload, LearningClaimPayload, PeerReviewPayload)

# payload type -> the read-model entity it carries, which is also its attribute name
_ENTITY: dict[type, str] = {
    EnquiryPayload: "enquiry",
    LearningClaimPayload: "learning_claim",
    PeerReviewPayload: "peer_review",
}


async def run(
    info: Ctx,
    payload: type[P],
    entity_id: str,
    use_case: Callable[..., Awaitable[Any]],
    data: Any,
) -> P:
    entity = _ENTITY[payload]

    async def load_entity() -> Any:
        return await load(info, entity, entity_id, fresh=True)

    outcome = await run_mutation(info.context, use_case, data, load_entity)
    fields: dict[str, Any] = {entity: outcome.entity}
    return payload(
        user_errors=outcome.user_errors, consistency_token=outcome.consistency_token, **fields
    )

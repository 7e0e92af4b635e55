"""Learning claims and the learning matrix: validated claims counted by level and depth, for the
claim's group and, when the group is in one, for its network. A claim is validated once (the domain
guarantees it), so each ``LearningClaimValidated`` adds exactly one to each scope's cell."""

from __future__ import annotations

from collections.abc import Mapping

from eventkit.envelope import RecordedEvent as Env
from eventkit.projection import ProjectionConnection as Conn

from clc_enquiry.domain import LearningClaimChallenged, LearningClaimed, LearningClaimValidated

from .base import EnquiryProjection, Handler

__all__ = ["LearningClaimsProjection"]

_COUNT = (
    "insert into enq_learning_matrix (tenant_id, scope, scope_id, level, depth, validated)"
    " values ($1, $2, $3, $4, $5, 1)"
    " on conflict (tenant_id, scope, scope_id, level, depth)"
    " do update set validated = enq_learning_matrix.validated + 1"
)


class LearningClaimsProjection(EnquiryProjection):
    name = "enquiry-learning-claims"
    tables = ("enq_claims", "enq_learning_matrix")

    def handlers(self) -> Mapping[type, Handler]:
        return {
            LearningClaimed: self._claimed,
            LearningClaimValidated: self._validated,
            LearningClaimChallenged: self._challenged,
        }

    async def _claimed(self, conn: Conn, env: Env, e: LearningClaimed) -> None:
        await conn.execute(
            "insert into enq_claims (tenant_id, claim_id, group_id, network_id,"
            " enquiry_id, claimant_id, level, depth, statement, evidence_refs, status,"
            " claimed_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'claimed', $11)"
            " on conflict do nothing",
            env.tenant_id,
            e.claim_id,
            e.group_id,
            e.network_id,
            e.enquiry_id,
            e.author_id,
            e.level.value,
            e.depth.value,
            e.statement,
            list(e.evidence_refs),
            env.recorded_at,
        )

    async def _validated(self, conn: Conn, env: Env, e: LearningClaimValidated) -> None:
        t = env.tenant_id
        await conn.execute(
            "update enq_claims set status = 'validated', validated_by = $3,"
            " validated_at = $4 where tenant_id = $1 and claim_id = $2",
            t,
            e.claim_id,
            e.author_id,
            env.recorded_at,
        )
        level, depth = e.level.value, e.depth.value
        await conn.execute(_COUNT, t, "group", e.group_id, level, depth)
        if e.network_id is not None:
            await conn.execute(_COUNT, t, "network", e.network_id, level, depth)

    async def _challenged(self, conn: Conn, env: Env, e: LearningClaimChallenged) -> None:
        await conn.execute(
            "update enq_claims set status = 'challenged', challenges = challenges + 1"
            " where tenant_id = $1 and claim_id = $2",
            env.tenant_id,
            e.claim_id,
        )

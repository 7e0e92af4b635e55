"""Learning claims and the learning matrix: validated claims counted by level and depth, for the
claim's group and, when the group is in one, for its network. A claim is validated once (the domain
guarantees it), so each ``LearningClaimValidated`` adds exactly one to each scope's cell."""

from __future__ import annotations

from eventkit.domain import DomainEvent
from eventkit.envelope import RecordedEvent
from eventkit.projection import ProjectionConnection

from clc_enquiry.domain import LearningClaimChallenged, LearningClaimed, LearningClaimValidated

from .base import EnquiryProjection

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

    async def handle(
        self, conn: ProjectionConnection, envelope: RecordedEvent, event: DomainEvent
    ) -> None:
        t, at = envelope.tenant_id, envelope.recorded_at
        match event:
            case LearningClaimed():
                await conn.execute(
                    "insert into enq_claims (tenant_id, claim_id, group_id, network_id,"
                    " enquiry_id, claimant_id, level, depth, statement, evidence_refs, status,"
                    " claimed_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'claimed', $11)"
                    " on conflict do nothing",
                    t,
                    event.claim_id,
                    event.group_id,
                    event.network_id,
                    event.enquiry_id,
                    event.author_id,
                    event.level.value,
                    event.depth.value,
                    event.statement,
                    list(event.evidence_refs),
                    at,
                )
            case LearningClaimValidated():
                await conn.execute(
                    "update enq_claims set status = 'validated', validated_by = $3,"
                    " validated_at = $4 where tenant_id = $1 and claim_id = $2",
                    t,
                    event.claim_id,
                    event.author_id,
                    at,
                )
                level, depth = event.level.value, event.depth.value
                await conn.execute(_COUNT, t, "group", event.group_id, level, depth)
                if event.network_id is not None:
                    await conn.execute(_COUNT, t, "network", event.network_id, level, depth)
            case LearningClaimChallenged():
                await conn.execute(
                    "update enq_claims set status = 'challenged', challenges = challenges + 1"
                    " where tenant_id = $1 and claim_id = $2",
                    t,
                    event.claim_id,
                )

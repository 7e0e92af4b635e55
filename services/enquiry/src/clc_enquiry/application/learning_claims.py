"""Learning claim use cases: claiming, validating and challenging. The stream id is the claim id."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventkit.errors import InvalidInput
from eventkit.handling import CommandResult
from eventkit.principal import Principal

from clc_enquiry.domain import (
    ChallengeLearningClaim,
    ClaimLearning,
    EnquiryNotFound,
    LearningClaimNotFound,
    LearningClaimState,
    RecordClaimImpact,
    ValidateLearningClaim,
)
from clc_enquiry.membership import MembershipLookup

from .base import Handlers, build, execute
from .facts import canonical_id, current_membership, group_membership, plain

__all__ = ["LearningClaimCommands"]

Result = CommandResult[LearningClaimState]
CommandId = str | None


class LearningClaimCommands:
    def __init__(self, handlers: Handlers, membership: MembershipLookup) -> None:
        self._h = handlers
        self._membership = membership

    async def claim(
        self,
        principal: Principal,
        *,
        claim_id: str,
        group_id: str,
        level: str,
        depth: str,
        statement: str,
        evidence_refs: Sequence[str] = (),
        enquiry_id: str | None = None,
        command_id: CommandId = None,
    ) -> Result:
        cid = canonical_id("claim_id", claim_id)
        membership = await group_membership(self._membership, principal, group_id)
        if enquiry_id is not None:
            enquiry_id = await self._enquiry_of_group(principal, enquiry_id, membership.group_id)
        command = build(
            ClaimLearning,
            principal,
            claim_id=cid,
            membership=membership,
            enquiry_id=enquiry_id,
            level=level,
            depth=depth,
            statement=statement,
            evidence_refs=tuple(evidence_refs),
        )
        return await execute(self._h.learning_claims, cid, command, principal, command_id)

    async def validate(
        self,
        principal: Principal,
        *,
        claim_id: str,
        note: str | None = None,
        command_id: CommandId = None,
    ) -> Result:
        cid = canonical_id("claim_id", claim_id)
        command = build(ValidateLearningClaim, principal, claim_id=cid, note=note)
        return await execute(self._h.learning_claims, cid, command, principal, command_id)

    async def challenge(
        self,
        principal: Principal,
        *,
        claim_id: str,
        reason: str,
        command_id: CommandId = None,
    ) -> Result:
        cid = canonical_id("claim_id", claim_id)
        command = build(ChallengeLearningClaim, principal, claim_id=cid, reason=reason)
        return await execute(self._h.learning_claims, cid, command, principal, command_id)

    async def record_impact(
        self,
        principal: Principal,
        *,
        claim_id: str,
        measure_id: str,
        measure: Any,
        command_id: CommandId = None,
    ) -> Result:
        """A baseline or outcome backing the claim, by a member of the claim's group."""
        cid = canonical_id("claim_id", claim_id)
        state, _ = await self._h.learning_claims.load(cid, principal.tenant_id)
        if state.status is None:
            raise LearningClaimNotFound(field="claim_id")
        membership = await current_membership(
            self._membership, principal, state.group_id, state.network_id
        )
        command = build(
            RecordClaimImpact,
            principal,
            claim_id=cid,
            membership=membership,
            measure_id=measure_id,
            measure=plain(measure),
        )
        return await execute(self._h.learning_claims, cid, command, principal, command_id)

    async def _enquiry_of_group(self, principal: Principal, enquiry_id: str, group_id: str) -> str:
        """A claim that names an enquiry names one of its own group's, in the caller's tenant."""
        eid = canonical_id("enquiry_id", enquiry_id)
        state, _ = await self._h.enquiries.load(eid, principal.tenant_id)
        if state.status is None:
            raise EnquiryNotFound(field="enquiry_id")
        if state.group_id != group_id:
            raise InvalidInput("The enquiry belongs to another group", field="enquiry_id")
        return eid

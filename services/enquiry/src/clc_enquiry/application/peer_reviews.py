"""Peer review use cases. Who may take each step depends on the school the actor works at, read
from the local membership model's practitioners. The stream id is the peer review id."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from eventkit.handling import CommandResult
from eventkit.principal import Principal

from clc_enquiry.domain import (
    AgreePeerReviewFocus,
    ClosePeerReview,
    HoldPeerReviewVisit,
    PeerReviewState,
    RecordPeerReviewFindings,
    RequestPeerReview,
    RespondToPeerReview,
)
from clc_enquiry.membership import MembershipLookup

from .base import Handlers, build, execute
from .facts import canonical_id

__all__ = ["PeerReviewCommands"]

Result = CommandResult[PeerReviewState]
CommandId = str | None


class PeerReviewCommands:
    def __init__(self, handlers: Handlers, membership: MembershipLookup) -> None:
        self._h = handlers
        self._membership = membership

    async def request(
        self,
        principal: Principal,
        *,
        peer_review_id: str,
        title: str,
        host_school_id: str,
        reviewing_school_ids: Sequence[str],
        network_id: str | None = None,
        command_id: CommandId = None,
    ) -> Result:
        return await self._run(
            RequestPeerReview,
            principal,
            peer_review_id,
            command_id,
            title=title,
            host_school_id=host_school_id,
            reviewing_school_ids=tuple(reviewing_school_ids),
            network_id=network_id,
        )

    async def agree_focus(
        self, principal: Principal, *, peer_review_id: str, focus: str, command_id: CommandId = None
    ) -> Result:
        return await self._run(
            AgreePeerReviewFocus, principal, peer_review_id, command_id, focus=focus
        )

    async def hold_visit(
        self,
        principal: Principal,
        *,
        peer_review_id: str,
        visit_date: date,
        notes: str | None = None,
        command_id: CommandId = None,
    ) -> Result:
        return await self._run(
            HoldPeerReviewVisit,
            principal,
            peer_review_id,
            command_id,
            visit_date=visit_date,
            notes=notes,
        )

    async def record_findings(
        self,
        principal: Principal,
        *,
        peer_review_id: str,
        entry_id: str,
        findings: str,
        command_id: CommandId = None,
    ) -> Result:
        return await self._run(
            RecordPeerReviewFindings,
            principal,
            peer_review_id,
            command_id,
            entry_id=entry_id,
            findings=findings,
        )

    async def respond(
        self,
        principal: Principal,
        *,
        peer_review_id: str,
        response: str,
        command_id: CommandId = None,
    ) -> Result:
        return await self._run(
            RespondToPeerReview, principal, peer_review_id, command_id, response=response
        )

    async def close(
        self, principal: Principal, *, peer_review_id: str, command_id: CommandId = None
    ) -> Result:
        return await self._run(ClosePeerReview, principal, peer_review_id, command_id)

    async def _run(
        self,
        command_type: type[Any],
        principal: Principal,
        peer_review_id: str,
        command_id: CommandId,
        **fields: Any,
    ) -> Result:
        rid = canonical_id("peer_review_id", peer_review_id)
        school = await self._membership.school_of(principal.tenant_id, principal.person_id)
        command = build(
            command_type,
            principal,
            peer_review_id=rid,
            actor_school_id=school,
            **fields,
        )
        return await execute(self._h.peer_reviews, rid, command, principal, command_id)

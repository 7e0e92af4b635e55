"""Enquiry use cases: proposing, launching, cycles and their entries, findings, concluding.

Ids of enquiries, cycles and entries are UUIDs the client may generate (so a mobile app can work
offline and sync later); the client's command id makes every command idempotent. The stream id is
the enquiry id, in canonical form.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from eventkit.errors import InvalidInput
from eventkit.handling import CommandResult
from eventkit.principal import Principal

from clc_enquiry.domain import (
    AdvanceCyclePhase,
    AttachEvidence,
    CompleteAction,
    CompleteCycle,
    ConcludeEnquiry,
    EnquiryNotFound,
    EnquiryState,
    LaunchEnquiry,
    LoopBackToReflection,
    PlanAction,
    ProposeEnquiry,
    ProposeIdea,
    RecordExperience,
    RecordReflection,
    RefineEnquiryQuestion,
    ShareFindings,
    StartCycle,
)
from clc_enquiry.membership import MembershipLookup

from .base import Handlers, build, execute
from .facts import canonical_id, cohort_group, current_membership, group_membership
from .partner_sharing import PartnerSharingCommands
from .practices import PracticeCommands

__all__ = ["EnquiryCommands"]

Result = CommandResult[EnquiryState]
CommandId = str | None


class EnquiryCommands(PracticeCommands, PartnerSharingCommands):
    def __init__(
        self,
        handlers: Handlers,
        membership: MembershipLookup,
        pupil_data_tenants: frozenset[str] = frozenset(),
    ) -> None:
        self._h = handlers
        self._membership = membership
        self._pupil_data_tenants = pupil_data_tenants

    async def propose(
        self,
        principal: Principal,
        *,
        enquiry_id: str,
        title: str,
        question: str,
        approach: str,
        levels: Sequence[str],
        group_id: str | None = None,
        cohort_id: str | None = None,
        command_id: CommandId = None,
    ) -> Result:
        """In a learning group, or within a programme cohort: then in the group the cohort meets
        in, so who reads it and takes its ideas home follows that group's membership."""
        eid = canonical_id("enquiry_id", enquiry_id)
        if cohort_id is not None:
            group_id = await cohort_group(self._membership, principal, cohort_id, group_id)
        if group_id is None:
            raise InvalidInput("Name the learning group (or the cohort)", field="group_id")
        membership = await group_membership(self._membership, principal, group_id)
        command = build(
            ProposeEnquiry,
            principal,
            enquiry_id=eid,
            membership=membership,
            title=title,
            question=question,
            approach=approach,
            levels=tuple(levels),
        )
        return await execute(self._h.enquiries, eid, command, principal, command_id)

    async def refine_question(
        self,
        principal: Principal,
        *,
        enquiry_id: str,
        question: str,
        rationale: str | None = None,
        command_id: CommandId = None,
    ) -> Result:
        return await self._on(
            RefineEnquiryQuestion,
            principal,
            enquiry_id,
            command_id,
            question=question,
            rationale=rationale,
        )

    async def launch(
        self, principal: Principal, *, enquiry_id: str, command_id: CommandId = None
    ) -> Result:
        return await self._on(LaunchEnquiry, principal, enquiry_id, command_id)

    async def start_cycle(
        self,
        principal: Principal,
        *,
        enquiry_id: str,
        cycle_id: str,
        focus: str | None = None,
        command_id: CommandId = None,
    ) -> Result:
        return await self._on(
            StartCycle, principal, enquiry_id, command_id, cycle_id=cycle_id, focus=focus
        )

    async def record_experience(
        self,
        principal: Principal,
        *,
        enquiry_id: str,
        cycle_id: str,
        entry_id: str,
        text: str,
        written_at: datetime | None = None,
        command_id: CommandId = None,
    ) -> Result:
        return await self._on(
            RecordExperience,
            principal,
            enquiry_id,
            command_id,
            cycle_id=cycle_id,
            entry_id=entry_id,
            text=text,
            written_at=written_at,
        )

    async def record_reflection(
        self,
        principal: Principal,
        *,
        enquiry_id: str,
        cycle_id: str,
        entry_id: str,
        text: str,
        written_at: datetime | None = None,
        command_id: CommandId = None,
    ) -> Result:
        return await self._on(
            RecordReflection,
            principal,
            enquiry_id,
            command_id,
            cycle_id=cycle_id,
            entry_id=entry_id,
            text=text,
            written_at=written_at,
        )

    async def propose_idea(
        self,
        principal: Principal,
        *,
        enquiry_id: str,
        cycle_id: str,
        entry_id: str,
        text: str,
        knowledge_field: str,
        sources: Sequence[str] = (),
        written_at: datetime | None = None,
        command_id: CommandId = None,
    ) -> Result:
        return await self._on(
            ProposeIdea,
            principal,
            enquiry_id,
            command_id,
            cycle_id=cycle_id,
            entry_id=entry_id,
            text=text,
            knowledge_field=knowledge_field,
            sources=tuple(sources),
            written_at=written_at,
        )

    async def plan_action(
        self,
        principal: Principal,
        *,
        enquiry_id: str,
        cycle_id: str,
        entry_id: str,
        description: str,
        owner_id: str | None = None,
        due_date: date | None = None,
        written_at: datetime | None = None,
        source_enquiry_id: str | None = None,
        source_idea_id: str | None = None,
        command_id: CommandId = None,
    ) -> Result:
        found, takes_part = await self._source_idea(principal, source_enquiry_id, source_idea_id)
        return await self._on(
            PlanAction,
            principal,
            enquiry_id,
            command_id,
            cycle_id=cycle_id,
            entry_id=entry_id,
            description=description,
            owner_id=owner_id,
            due_date=due_date,
            written_at=written_at,
            source_enquiry_id=source_enquiry_id,
            source_idea_id=source_idea_id,
            source_found=found,
            source_takes_part=takes_part,
        )

    async def _source_idea(
        self, principal: Principal, enquiry_id: str | None, idea_id: str | None
    ) -> tuple[bool, bool]:
        """Facts about an idea taken home: does its enquiry (in the caller's tenant) hold it, and
        does the caller take part in that enquiry's group?"""
        if enquiry_id is None or idea_id is None:
            return False, False
        source, _ = await self._h.enquiries.load(
            canonical_id("source_enquiry_id", enquiry_id), principal.tenant_id
        )
        if source.status is None:
            return False, False
        found = canonical_id("source_idea_id", idea_id) in source.idea_ids
        group = await self._membership.membership_of(principal.tenant_id, source.group_id)
        return found, group is not None and group.is_member(principal.person_id)

    async def complete_action(
        self,
        principal: Principal,
        *,
        enquiry_id: str,
        action_id: str,
        outcome: str | None = None,
        command_id: CommandId = None,
    ) -> Result:
        return await self._on(
            CompleteAction, principal, enquiry_id, command_id, action_id=action_id, outcome=outcome
        )

    async def attach_evidence(
        self,
        principal: Principal,
        *,
        enquiry_id: str,
        cycle_id: str,
        entry_id: str,
        title: str,
        reference: str,
        contains_pupil_data: bool,
        description: str | None = None,
        about_entry_id: str | None = None,
        written_at: datetime | None = None,
        command_id: CommandId = None,
    ) -> Result:
        return await self._on(
            AttachEvidence,
            principal,
            enquiry_id,
            command_id,
            cycle_id=cycle_id,
            entry_id=entry_id,
            title=title,
            reference=reference,
            description=description,
            about_entry_id=about_entry_id,
            contains_pupil_data=contains_pupil_data,
            tenant_allows_pupil_data=principal.tenant_id in self._pupil_data_tenants,
            written_at=written_at,
        )

    async def advance_phase(
        self,
        principal: Principal,
        *,
        enquiry_id: str,
        cycle_id: str,
        to_phase: str | None = None,
        command_id: CommandId = None,
    ) -> Result:
        return await self._on(
            AdvanceCyclePhase,
            principal,
            enquiry_id,
            command_id,
            cycle_id=cycle_id,
            to_phase=to_phase,
        )

    async def loop_back(
        self,
        principal: Principal,
        *,
        enquiry_id: str,
        cycle_id: str,
        reason: str,
        command_id: CommandId = None,
    ) -> Result:
        return await self._on(
            LoopBackToReflection,
            principal,
            enquiry_id,
            command_id,
            cycle_id=cycle_id,
            reason=reason,
        )

    async def complete_cycle(
        self,
        principal: Principal,
        *,
        enquiry_id: str,
        cycle_id: str,
        command_id: CommandId = None,
    ) -> Result:
        return await self._on(CompleteCycle, principal, enquiry_id, command_id, cycle_id=cycle_id)

    async def share_findings(
        self,
        principal: Principal,
        *,
        enquiry_id: str,
        entry_id: str,
        summary: str,
        title: str | None = None,
        command_id: CommandId = None,
    ) -> Result:
        return await self._on(
            ShareFindings,
            principal,
            enquiry_id,
            command_id,
            entry_id=entry_id,
            summary=summary,
            title=title,
        )

    async def conclude(
        self,
        principal: Principal,
        *,
        enquiry_id: str,
        summary: str | None = None,
        command_id: CommandId = None,
    ) -> Result:
        return await self._on(ConcludeEnquiry, principal, enquiry_id, command_id, summary=summary)

    async def _on(
        self,
        command_type: type[Any],
        principal: Principal,
        enquiry_id: str,
        command_id: CommandId,
        **fields: Any,
    ) -> Result:
        """A command on an existing enquiry: its group comes from the enquiry's own stream (it
        never changes), that group's membership from the local read model."""
        eid = canonical_id("enquiry_id", enquiry_id)
        state, _ = await self._h.enquiries.load(eid, principal.tenant_id)
        if state.status is None:
            raise EnquiryNotFound(field="enquiry_id")
        membership = await current_membership(
            self._membership, principal, state.group_id, state.network_id
        )
        command = build(command_type, principal, enquiry_id=eid, membership=membership, **fields)
        return await execute(self._h.enquiries, eid, command, principal, command_id)

"""Learning group use cases: forming, membership, ground rules, launch, sessions, closing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from eventkit.handling import CommandResult
from eventkit.principal import Principal
from servicekit.commands import build_command, execute

from clc_groups.domain import (
    AddMember,
    AgreeGroundRules,
    CancelSession,
    ChangeMemberRole,
    CloseLearningGroup,
    FormLearningGroup,
    HoldSession,
    LaunchLearningGroup,
    LearningGroupCommand,
    LearningGroupState,
    LeaveGroup,
    LinkPeerReview,
    ProposeGroundRules,
    RecordActivity,
    RecordSessionLearning,
    ScheduleSession,
    WithdrawGroundRules,
)

from .base import Handlers
from .facts import network_facts, practitioner_facts

__all__ = ["LearningGroupCommands"]

Result = CommandResult[LearningGroupState]
CommandId = str | None


class LearningGroupCommands:
    def __init__(self, handlers: Handlers) -> None:
        self._h = handlers

    async def form(
        self,
        principal: Principal,
        *,
        group_id: str,
        name: str,
        kind: str,
        network_id: str | None = None,
        ground_rules_quorum: int | None = None,
        command_id: CommandId = None,
    ) -> Result:
        facts = None if network_id is None else await network_facts(self._h, principal, network_id)
        command = build_command(
            FormLearningGroup,
            principal,
            group_id=group_id,
            name=name,
            kind=kind,
            network_id=network_id,
            network_is_active=None if facts is None else facts.is_active,
            network_co_leader_ids=frozenset() if facts is None else facts.co_leader_ids,
            ground_rules_quorum=ground_rules_quorum,
        )
        return await self._run(principal, command, command_id)

    async def add_member(
        self,
        principal: Principal,
        *,
        group_id: str,
        practitioner_id: str,
        role: str = "member",
        command_id: CommandId = None,
    ) -> Result:
        person = await practitioner_facts(self._h, principal, practitioner_id)
        group, _ = await self._h.learning_groups.load(group_id, principal.tenant_id)
        schools = None
        if group.network_id is not None:
            schools = (await network_facts(self._h, principal, group.network_id)).member_school_ids
        command = build_command(
            AddMember,
            principal,
            group_id=group_id,
            practitioner_id=practitioner_id,
            role=role,
            practitioner_school_id=person.school_id,
            practitioner_organisation_id=person.organisation_id,
            practitioner_active=person.active,
            network_member_school_ids=schools,
        )
        return await self._run(principal, command, command_id)

    async def change_member_role(
        self,
        principal: Principal,
        *,
        group_id: str,
        practitioner_id: str,
        role: str,
        command_id: CommandId = None,
    ) -> Result:
        command = build_command(
            ChangeMemberRole,
            principal,
            group_id=group_id,
            practitioner_id=practitioner_id,
            role=role,
        )
        return await self._run(principal, command, command_id)

    async def leave(
        self,
        principal: Principal,
        *,
        group_id: str,
        practitioner_id: str,
        command_id: CommandId = None,
    ) -> Result:
        command = build_command(
            LeaveGroup, principal, group_id=group_id, practitioner_id=practitioner_id
        )
        return await self._run(principal, command, command_id)

    async def propose_ground_rules(
        self, principal: Principal, *, group_id: str, text: str, command_id: CommandId = None
    ) -> Result:
        command = build_command(ProposeGroundRules, principal, group_id=group_id, text=text)
        return await self._run(principal, command, command_id)

    async def agree_ground_rules(
        self, principal: Principal, *, group_id: str, version: int, command_id: CommandId = None
    ) -> Result:
        command = build_command(AgreeGroundRules, principal, group_id=group_id, version=version)
        return await self._run(principal, command, command_id)

    async def withdraw_ground_rules(
        self, principal: Principal, *, group_id: str, version: int, command_id: CommandId = None
    ) -> Result:
        command = build_command(WithdrawGroundRules, principal, group_id=group_id, version=version)
        return await self._run(principal, command, command_id)

    async def launch(
        self, principal: Principal, *, group_id: str, command_id: CommandId = None
    ) -> Result:
        command = build_command(LaunchLearningGroup, principal, group_id=group_id)
        return await self._run(principal, command, command_id)

    async def schedule_session(
        self,
        principal: Principal,
        *,
        group_id: str,
        session_id: str,
        starts_at: datetime,
        protocol: str,
        artefact_id: str | None = None,
        command_id: CommandId = None,
    ) -> Result:
        command = build_command(
            ScheduleSession,
            principal,
            group_id=group_id,
            session_id=session_id,
            starts_at=starts_at,
            protocol=protocol,
            artefact_id=artefact_id,
        )
        return await self._run(principal, command, command_id)

    async def hold_session(
        self,
        principal: Principal,
        *,
        group_id: str,
        session_id: str,
        attendee_ids: Iterable[str] = (),
        command_id: CommandId = None,
    ) -> Result:
        command = build_command(
            HoldSession,
            principal,
            group_id=group_id,
            session_id=session_id,
            attendee_ids=frozenset(attendee_ids),
        )
        return await self._run(principal, command, command_id)

    async def cancel_session(
        self,
        principal: Principal,
        *,
        group_id: str,
        session_id: str,
        reason: str | None = None,
        command_id: CommandId = None,
    ) -> Result:
        command = build_command(
            CancelSession, principal, group_id=group_id, session_id=session_id, reason=reason
        )
        return await self._run(principal, command, command_id)

    async def record_session_learning(
        self,
        principal: Principal,
        *,
        group_id: str,
        session_id: str,
        protocols: Iterable[str],
        learning_points: Iterable[str] = (),
        how_we_worked: str | None = None,
        command_id: CommandId = None,
    ) -> Result:
        command = build_command(
            RecordSessionLearning,
            principal,
            group_id=group_id,
            session_id=session_id,
            protocols=frozenset(protocols),
            learning_points=tuple(learning_points),
            how_we_worked=how_we_worked,
        )
        return await self._run(principal, command, command_id)

    async def record_activity(
        self,
        principal: Principal,
        *,
        group_id: str,
        activity_id: str,
        kind: str,
        occurred_at: datetime,
        participant_ids: Iterable[str],
        school_ids: Iterable[str] = (),
        note: str | None = None,
        command_id: CommandId = None,
    ) -> Result:
        command = build_command(
            RecordActivity,
            principal,
            group_id=group_id,
            activity_id=activity_id,
            kind=kind,
            occurred_at=occurred_at,
            participant_ids=frozenset(participant_ids),
            school_ids=frozenset(school_ids),
            note=note,
        )
        return await self._run(principal, command, command_id)

    async def link_peer_review(
        self,
        principal: Principal,
        *,
        group_id: str,
        peer_review_id: str,
        command_id: CommandId = None,
    ) -> Result:
        command = build_command(
            LinkPeerReview, principal, group_id=group_id, peer_review_id=peer_review_id
        )
        return await self._run(principal, command, command_id)

    async def close(
        self,
        principal: Principal,
        *,
        group_id: str,
        reason: str | None = None,
        command_id: CommandId = None,
    ) -> Result:
        command = build_command(CloseLearningGroup, principal, group_id=group_id, reason=reason)
        return await self._run(principal, command, command_id)

    async def _run(
        self, principal: Principal, command: LearningGroupCommand, command_id: CommandId
    ) -> Result:
        return await execute(
            self._h.learning_groups, command.group_id, command, principal, command_id
        )

"""Programme use cases: establishing a programme, forming cohorts, enrolling participants with
the home group they lead."""

from __future__ import annotations

from eventkit.handling import CommandResult
from eventkit.principal import Principal
from servicekit.commands import build_command, execute

from clc_groups.domain import (
    EnrolParticipant,
    EstablishProgramme,
    FormCohort,
    LearningGroupNotFound,
    ProgrammeCommand,
    ProgrammeState,
    WithdrawParticipant,
)

from .base import Handlers
from .facts import practitioner_facts

__all__ = ["ProgrammeCommands"]

Result = CommandResult[ProgrammeState]
CommandId = str | None


class ProgrammeCommands:
    def __init__(self, handlers: Handlers) -> None:
        self._h = handlers

    async def establish(
        self,
        principal: Principal,
        *,
        programme_id: str,
        name: str,
        description: str | None = None,
        command_id: CommandId = None,
    ) -> Result:
        command = build_command(
            EstablishProgramme,
            principal,
            programme_id=programme_id,
            name=name,
            description=description,
        )
        return await self._run(principal, command, command_id)

    async def form_cohort(
        self,
        principal: Principal,
        *,
        programme_id: str,
        cohort_id: str,
        name: str,
        region: str | None = None,
        cohort_group_id: str | None = None,
        command_id: CommandId = None,
    ) -> Result:
        command = build_command(
            FormCohort,
            principal,
            programme_id=programme_id,
            cohort_id=cohort_id,
            name=name,
            region=region,
            cohort_group_id=cohort_group_id,
        )
        return await self._run(principal, command, command_id)

    async def enrol(
        self,
        principal: Principal,
        *,
        programme_id: str,
        cohort_id: str,
        practitioner_id: str,
        home_group_id: str,
        command_id: CommandId = None,
    ) -> Result:
        person = await practitioner_facts(self._h, principal, practitioner_id)
        group, _ = await self._h.learning_groups.load(home_group_id, principal.tenant_id)
        if not group.exists or group.group_id != home_group_id:
            raise LearningGroupNotFound(field="home_group_id")
        command = build_command(
            EnrolParticipant,
            principal,
            programme_id=programme_id,
            cohort_id=cohort_id,
            practitioner_id=practitioner_id,
            home_group_id=home_group_id,
            practitioner_active=person.active,
            home_group_leader_ids=group.leader_ids,
        )
        return await self._run(principal, command, command_id)

    async def withdraw(
        self,
        principal: Principal,
        *,
        programme_id: str,
        practitioner_id: str,
        command_id: CommandId = None,
    ) -> Result:
        command = build_command(
            WithdrawParticipant,
            principal,
            programme_id=programme_id,
            practitioner_id=practitioner_id,
        )
        return await self._run(principal, command, command_id)

    async def _run(
        self, principal: Principal, command: ProgrammeCommand, command_id: CommandId
    ) -> Result:
        return await execute(
            self._h.programmes, command.programme_id, command, principal, command_id
        )

"""School, organisation and practitioner use cases: the roster side of the domain."""

from __future__ import annotations

from eventkit.handling import CommandResult
from eventkit.principal import Principal
from servicekit.commands import build_command, execute

from clc_groups.domain import (
    DeactivatePractitioner,
    ErasePractitioner,
    OrganisationState,
    PractitionerState,
    RegisterOrganisation,
    RegisterPractitioner,
    RegisterSchool,
    SchoolState,
    UpdateOrganisation,
    UpdateSchool,
)

from .base import Handlers
from .facts import organisation_registered, school_registered

__all__ = ["OrganisationCommands", "PractitionerCommands", "SchoolCommands"]


class SchoolCommands:
    def __init__(self, handlers: Handlers) -> None:
        self._h = handlers

    async def register(
        self,
        principal: Principal,
        *,
        school_id: str,
        name: str,
        identifier: str | None = None,
        source_id: str | None = None,
        command_id: str | None = None,
    ) -> CommandResult[SchoolState]:
        command = build_command(
            RegisterSchool,
            principal,
            school_id=school_id,
            name=name,
            identifier=identifier,
            source_id=source_id,
        )
        return await execute(self._h.schools, command.school_id, command, principal, command_id)

    async def update(
        self,
        principal: Principal,
        *,
        school_id: str,
        name: str,
        identifier: str | None = None,
        command_id: str | None = None,
    ) -> CommandResult[SchoolState]:
        command = build_command(
            UpdateSchool, principal, school_id=school_id, name=name, identifier=identifier
        )
        return await execute(self._h.schools, command.school_id, command, principal, command_id)


class OrganisationCommands:
    def __init__(self, handlers: Handlers) -> None:
        self._h = handlers

    async def register(
        self,
        principal: Principal,
        *,
        organisation_id: str,
        name: str,
        kind: str,
        source_id: str | None = None,
        command_id: str | None = None,
    ) -> CommandResult[OrganisationState]:
        command = build_command(
            RegisterOrganisation,
            principal,
            organisation_id=organisation_id,
            name=name,
            kind=kind,
            source_id=source_id,
        )
        return await self._run(principal, command, command_id)

    async def update(
        self,
        principal: Principal,
        *,
        organisation_id: str,
        name: str,
        kind: str,
        command_id: str | None = None,
    ) -> CommandResult[OrganisationState]:
        command = build_command(
            UpdateOrganisation, principal, organisation_id=organisation_id, name=name, kind=kind
        )
        return await self._run(principal, command, command_id)

    async def _run(
        self,
        principal: Principal,
        command: RegisterOrganisation | UpdateOrganisation,
        command_id: str | None,
    ) -> CommandResult[OrganisationState]:
        return await execute(
            self._h.organisations, command.organisation_id, command, principal, command_id
        )


class PractitionerCommands:
    def __init__(self, handlers: Handlers) -> None:
        self._h = handlers

    async def register(
        self,
        principal: Principal,
        *,
        practitioner_id: str,
        given_name: str,
        family_name: str,
        role: str,
        school_id: str | None = None,
        organisation_id: str | None = None,
        email: str | None = None,
        source_id: str | None = None,
        command_id: str | None = None,
    ) -> CommandResult[PractitionerState]:
        at_school = school_id is not None and await school_registered(self._h, principal, school_id)
        at_organisation = organisation_id is not None and await organisation_registered(
            self._h, principal, organisation_id
        )
        command = build_command(
            RegisterPractitioner,
            principal,
            practitioner_id=practitioner_id,
            school_id=school_id,
            organisation_id=organisation_id,
            given_name=given_name,
            family_name=family_name,
            role=role,
            email=email,
            source_id=source_id,
            school_registered=at_school,
            organisation_registered=at_organisation,
        )
        return await self._run(principal, command, command_id)

    async def deactivate(
        self,
        principal: Principal,
        *,
        practitioner_id: str,
        reason: str | None = None,
        command_id: str | None = None,
    ) -> CommandResult[PractitionerState]:
        command = build_command(
            DeactivatePractitioner, principal, practitioner_id=practitioner_id, reason=reason
        )
        return await self._run(principal, command, command_id)

    async def erase(
        self, principal: Principal, *, practitioner_id: str, command_id: str | None = None
    ) -> CommandResult[PractitionerState]:
        command = build_command(ErasePractitioner, principal, practitioner_id=practitioner_id)
        return await self._run(principal, command, command_id)

    async def _run(
        self,
        principal: Principal,
        command: RegisterPractitioner | DeactivatePractitioner | ErasePractitioner,
        command_id: str | None,
    ) -> CommandResult[PractitionerState]:
        return await execute(
            self._h.practitioners, command.practitioner_id, command, principal, command_id
        )

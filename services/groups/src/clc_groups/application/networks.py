"""Network use cases: establishing, membership of schools, shared leadership, launch."""

from __future__ import annotations

from eventkit.handling import CommandResult
from eventkit.principal import Principal
from servicekit.commands import build_command, execute

from clc_groups.domain import (
    AdoptNetworkCharter,
    AppointNetworkCoLeader,
    AppointNetworkPartner,
    ConsentToPartnership,
    DissolveNetwork,
    EndPartnership,
    EstablishNetwork,
    JoinNetwork,
    LaunchNetwork,
    LeaveNetwork,
    NetworkCommand,
    NetworkState,
    RotateNetworkLead,
    SetNetworkPlanLevel,
    StandDownNetworkCoLeader,
    StandDownNetworkPartner,
    StateNetworkPurpose,
)

from .base import Handlers
from .facts import practitioner_facts, school_registered

__all__ = ["NetworkCommands"]

Result = CommandResult[NetworkState]


class NetworkCommands:
    def __init__(self, handlers: Handlers) -> None:
        self._h = handlers

    async def establish(
        self, principal: Principal, *, network_id: str, name: str, command_id: str | None = None
    ) -> Result:
        command = build_command(EstablishNetwork, principal, network_id=network_id, name=name)
        return await self._run(principal, command, command_id)

    async def state_purpose(
        self,
        principal: Principal,
        *,
        network_id: str,
        moral_purpose: str,
        command_id: str | None = None,
    ) -> Result:
        command = build_command(
            StateNetworkPurpose, principal, network_id=network_id, moral_purpose=moral_purpose
        )
        return await self._run(principal, command, command_id)

    async def join(
        self,
        principal: Principal,
        *,
        network_id: str,
        school_id: str,
        command_id: str | None = None,
    ) -> Result:
        command = build_command(
            JoinNetwork,
            principal,
            network_id=network_id,
            school_id=school_id,
            school_registered=await school_registered(self._h, principal, school_id),
        )
        return await self._run(principal, command, command_id)

    async def leave(
        self,
        principal: Principal,
        *,
        network_id: str,
        school_id: str,
        command_id: str | None = None,
    ) -> Result:
        command = build_command(LeaveNetwork, principal, network_id=network_id, school_id=school_id)
        return await self._run(principal, command, command_id)

    async def appoint_co_leader(
        self,
        principal: Principal,
        *,
        network_id: str,
        practitioner_id: str,
        command_id: str | None = None,
    ) -> Result:
        facts = await practitioner_facts(self._h, principal, practitioner_id)
        command = build_command(
            AppointNetworkCoLeader,
            principal,
            network_id=network_id,
            practitioner_id=practitioner_id,
            practitioner_school_id=facts.school_id,
            practitioner_active=facts.active,
        )
        return await self._run(principal, command, command_id)

    async def stand_down_co_leader(
        self,
        principal: Principal,
        *,
        network_id: str,
        practitioner_id: str,
        command_id: str | None = None,
    ) -> Result:
        command = build_command(
            StandDownNetworkCoLeader,
            principal,
            network_id=network_id,
            practitioner_id=practitioner_id,
        )
        return await self._run(principal, command, command_id)

    async def appoint_partner(
        self,
        principal: Principal,
        *,
        network_id: str,
        practitioner_id: str,
        command_id: str | None = None,
    ) -> Result:
        facts = await practitioner_facts(self._h, principal, practitioner_id)
        command = build_command(
            AppointNetworkPartner,
            principal,
            network_id=network_id,
            practitioner_id=practitioner_id,
            practitioner_organisation_id=facts.organisation_id,
            practitioner_active=facts.active,
        )
        return await self._run(principal, command, command_id)

    async def stand_down_partner(
        self,
        principal: Principal,
        *,
        network_id: str,
        practitioner_id: str,
        command_id: str | None = None,
    ) -> Result:
        command = build_command(
            StandDownNetworkPartner,
            principal,
            network_id=network_id,
            practitioner_id=practitioner_id,
        )
        return await self._run(principal, command, command_id)

    async def adopt_charter(
        self,
        principal: Principal,
        *,
        network_id: str,
        leadership_model: str,
        enquiry_practice: str | None = None,
        command_id: str | None = None,
    ) -> Result:
        command = build_command(
            AdoptNetworkCharter,
            principal,
            network_id=network_id,
            leadership_model=leadership_model,
            enquiry_practice=enquiry_practice,
        )
        return await self._run(principal, command, command_id)

    async def rotate_lead(
        self,
        principal: Principal,
        *,
        network_id: str,
        practitioner_id: str,
        command_id: str | None = None,
    ) -> Result:
        command = build_command(
            RotateNetworkLead, principal, network_id=network_id, practitioner_id=practitioner_id
        )
        return await self._run(principal, command, command_id)

    async def set_plan_level(
        self,
        principal: Principal,
        *,
        network_id: str,
        level: str,
        focus: str,
        hopes: str | None = None,
        expected_benefits: str | None = None,
        baseline: str | None = None,
        success_measures: str | None = None,
        command_id: str | None = None,
    ) -> Result:
        command = build_command(
            SetNetworkPlanLevel,
            principal,
            network_id=network_id,
            level=level,
            focus=focus,
            hopes=hopes,
            expected_benefits=expected_benefits,
            baseline=baseline,
            success_measures=success_measures,
        )
        return await self._run(principal, command, command_id)

    async def consent_to_partnership(
        self,
        principal: Principal,
        *,
        network_id: str,
        partner_tenant_id: str,
        partner_network_id: str,
        command_id: str | None = None,
    ) -> Result:
        command = build_command(
            ConsentToPartnership,
            principal,
            network_id=network_id,
            partner_tenant_id=partner_tenant_id,
            partner_network_id=partner_network_id,
        )
        return await self._run(principal, command, command_id)

    async def end_partnership(
        self,
        principal: Principal,
        *,
        network_id: str,
        partner_tenant_id: str,
        partner_network_id: str,
        command_id: str | None = None,
    ) -> Result:
        command = build_command(
            EndPartnership,
            principal,
            network_id=network_id,
            partner_tenant_id=partner_tenant_id,
            partner_network_id=partner_network_id,
        )
        return await self._run(principal, command, command_id)

    async def launch(
        self, principal: Principal, *, network_id: str, command_id: str | None = None
    ) -> Result:
        command = build_command(LaunchNetwork, principal, network_id=network_id)
        return await self._run(principal, command, command_id)

    async def dissolve(
        self,
        principal: Principal,
        *,
        network_id: str,
        reason: str | None = None,
        command_id: str | None = None,
    ) -> Result:
        command = build_command(DissolveNetwork, principal, network_id=network_id, reason=reason)
        return await self._run(principal, command, command_id)

    async def _run(
        self, principal: Principal, command: NetworkCommand, command_id: str | None
    ) -> Result:
        return await execute(self._h.networks, command.network_id, command, principal, command_id)

"""Sharing an enquiry with partner networks (``EnquiryCommands`` inherits these): the facts the
rule needs — does the actor co-lead the enquiry's network, has that network a partnership both
sides consented to — come from the local membership model (projected from the groups' events)."""

from __future__ import annotations

from typing import Any

from eventkit.handling import CommandResult
from eventkit.principal import Principal

from clc_enquiry.domain import (
    EnquiryState,
    ShareWithPartnerNetworks,
    WithdrawFromPartnerNetworks,
)
from clc_enquiry.membership import MembershipLookup

from .base import Handlers
from .facts import canonical_id

__all__ = ["PartnerSharingCommands"]

Result = CommandResult[EnquiryState]
CommandId = str | None


class PartnerSharingCommands:
    _h: Handlers
    _membership: MembershipLookup

    async def _on(
        self,
        command_type: type[Any],
        principal: Principal,
        enquiry_id: str,
        command_id: CommandId,
        **fields: Any,
    ) -> Result:
        raise NotImplementedError  # EnquiryCommands'

    async def share_with_partners(
        self, principal: Principal, *, enquiry_id: str, command_id: CommandId = None
    ) -> Result:
        facts = await self._partner_facts(principal, enquiry_id)
        return await self._on(ShareWithPartnerNetworks, principal, enquiry_id, command_id, **facts)

    async def withdraw_from_partners(
        self, principal: Principal, *, enquiry_id: str, command_id: CommandId = None
    ) -> Result:
        facts = await self._partner_facts(principal, enquiry_id)
        return await self._on(
            WithdrawFromPartnerNetworks, principal, enquiry_id, command_id, **facts
        )

    async def _partner_facts(self, principal: Principal, enquiry_id: str) -> dict[str, bool]:
        state, _ = await self._h.enquiries.load(
            canonical_id("enquiry_id", enquiry_id), principal.tenant_id
        )
        if state.network_id is None:  # unknown enquiry, or no network: the domain says which
            return {"network_co_leader": False, "partnered": False}
        t, network = principal.tenant_id, state.network_id
        return {
            "network_co_leader": await self._membership.co_leads_network(
                t, network, principal.person_id
            ),
            "partnered": await self._membership.is_partnered(t, network),
        }

"""Sharing an enquiry with partner networks (networks of other tenants, "Crossing tenants").

A network may be partnered with a network of another school system (groups service: each side's
co-leaders consent in their own tenant). What partners see is only what a group has marked
"shared with partner networks" — the enquiry's board entry and its shared findings — and the
network's learning matrix. The rules, in the order they are checked:

* the marking is the consent of those who lead the work: the group's co-leaders and facilitators,
  or a co-leader of the enquiry's network (``OnlyLeadersShareWithPartners`` — a tenant admin does
  not pass it: showing a group's work to another school system is not an administrator's call);
* only an enquiry of a network's group has partner networks (``EnquiryNotInANetwork``);
* marking needs a partnership both sides consented to (``NoPartnershipWithConsent``); once
  marked, it is not marked again (``AlreadySharedWithPartners``);
* withdrawing takes a marking that exists (``NotSharedWithPartners``), partnership or not.

Ending the partnership hides the marked work again without a command here: readers see a partner's
marked work only while both sides' consents stand (``domain.partner_visibility``).
"""

from __future__ import annotations

from collections.abc import Sequence

from clc_enquiry.domain.errors import (
    AlreadySharedWithPartners,
    EnquiryNotInANetwork,
    NoPartnershipWithConsent,
    NotSharedWithPartners,
    OnlyLeadersShareWithPartners,
)

from .commands import ShareWithPartnerNetworks, WithdrawFromPartnerNetworks
from .events import (
    EnquiryEvent,
    EnquirySharedWithPartnerNetworks,
    EnquiryWithdrawnFromPartnerNetworks,
)
from .state import EnquiryState

__all__ = ["share_with_partners", "withdraw_from_partners"]


def _require_leads_the_work(c: ShareWithPartnerNetworks | WithdrawFromPartnerNetworks) -> None:
    if not (c.membership.is_leader(c.actor.person_id) or c.network_co_leader):
        raise OnlyLeadersShareWithPartners()


def _network_of(state: EnquiryState) -> str:
    if state.network_id is None:
        raise EnquiryNotInANetwork()
    return state.network_id


def share_with_partners(state: EnquiryState, c: ShareWithPartnerNetworks) -> Sequence[EnquiryEvent]:
    _require_leads_the_work(c)
    network_id = _network_of(state)
    if not c.partnered:
        raise NoPartnershipWithConsent()
    if state.shared_with_partners:
        raise AlreadySharedWithPartners()
    return [
        EnquirySharedWithPartnerNetworks(
            enquiry_id=c.enquiry_id, author_id=c.actor.person_id, network_id=network_id
        )
    ]


def withdraw_from_partners(
    state: EnquiryState, c: WithdrawFromPartnerNetworks
) -> Sequence[EnquiryEvent]:
    _require_leads_the_work(c)
    network_id = _network_of(state)
    if not state.shared_with_partners:
        raise NotSharedWithPartners()
    return [
        EnquiryWithdrawnFromPartnerNetworks(
            enquiry_id=c.enquiry_id, author_id=c.actor.person_id, network_id=network_id
        )
    ]

"""Sharing an enquiry with partner networks: a leader of its group or a co-leader of its network
marks it, once its network has a partnership both sides consented to; withdrawing takes the
marking back. A tenant admin does not decide it for them."""

from __future__ import annotations

from typing import Any

from clc_enquiry.domain import (
    ENQUIRY_DECIDER,
    AlreadySharedWithPartners,
    EnquiryNotInANetwork,
    EnquirySharedWithPartnerNetworks,
    EnquiryWithdrawnFromPartnerNetworks,
    NoPartnershipWithConsent,
    NotSharedWithPartners,
    OnlyLeadersShareWithPartners,
    ShareWithPartnerNetworks,
    WithdrawFromPartnerNetworks,
)
from eventkit.domain import Actor

from tests.support.scenario import given

from .builders import (
    ENQUIRY,
    LEADER,
    MEMBER,
    NETWORK,
    OUTSIDER,
    admin,
    as_actor,
    concluded,
    launched_enquiry,
    membership,
    proposed,
)


def share(by: str | Actor = LEADER, **facts: Any) -> ShareWithPartnerNetworks:
    fields: dict[str, Any] = {"partnered": True, "network_co_leader": False, **facts}
    return ShareWithPartnerNetworks(
        actor=as_actor(by), membership=membership(), enquiry_id=ENQUIRY, **fields
    )


def withdraw(by: str | Actor = LEADER, **facts: Any) -> WithdrawFromPartnerNetworks:
    return WithdrawFromPartnerNetworks(
        actor=as_actor(by), membership=membership(), enquiry_id=ENQUIRY, **facts
    )


def shared(by: str = LEADER) -> EnquirySharedWithPartnerNetworks:
    return EnquirySharedWithPartnerNetworks(enquiry_id=ENQUIRY, author_id=by, network_id=NETWORK)


def withdrawn(by: str = LEADER) -> EnquiryWithdrawnFromPartnerNetworks:
    return EnquiryWithdrawnFromPartnerNetworks(enquiry_id=ENQUIRY, author_id=by, network_id=NETWORK)


def test_a_group_leader_shares_the_enquiry_with_partner_networks() -> None:
    state = given(ENQUIRY_DECIDER, *launched_enquiry()).when(share()).then(shared())
    assert state.shared_with_partners
    assert LEADER not in state.contributor_ids  # a marking is no contribution to the findings


def test_a_co_leader_of_the_network_shares_it_too() -> None:
    given(ENQUIRY_DECIDER, *launched_enquiry()).when(share(OUTSIDER, network_co_leader=True)).then(
        shared(OUTSIDER)
    )


def test_a_member_does_not_share_for_the_group() -> None:
    given(ENQUIRY_DECIDER, *launched_enquiry()).when(share(MEMBER)).then_refused(
        OnlyLeadersShareWithPartners
    )


def test_a_tenant_admin_does_not_decide_it_for_them() -> None:
    given(ENQUIRY_DECIDER, *launched_enquiry()).when(share(admin())).then_refused(
        OnlyLeadersShareWithPartners
    )


def test_only_once_a_partnership_with_consent_from_both_sides_exists() -> None:
    given(ENQUIRY_DECIDER, *launched_enquiry()).when(share(partnered=False)).then_refused(
        NoPartnershipWithConsent
    )


def test_only_an_enquiry_of_a_networks_group_has_partners() -> None:
    given(ENQUIRY_DECIDER, proposed(network_id=None)).when(share()).then_refused(
        EnquiryNotInANetwork
    )


def test_shared_once() -> None:
    given(ENQUIRY_DECIDER, *launched_enquiry(), shared()).when(share()).then_refused(
        AlreadySharedWithPartners
    )


def test_a_concluded_enquiry_may_still_be_shared() -> None:
    given(ENQUIRY_DECIDER, *launched_enquiry(), concluded()).when(share()).then(shared())


def test_withdrawing_takes_the_marking_back_even_after_the_partnership_ended() -> None:
    state = (
        given(ENQUIRY_DECIDER, *launched_enquiry(), shared())
        .when(withdraw(partnered=False))
        .then(withdrawn())
    )
    assert not state.shared_with_partners


def test_only_a_marking_that_exists_is_withdrawn() -> None:
    given(ENQUIRY_DECIDER, *launched_enquiry()).when(withdraw()).then_refused(NotSharedWithPartners)


def test_withdrawing_is_the_leaders_too() -> None:
    given(ENQUIRY_DECIDER, *launched_enquiry(), shared()).when(withdraw(MEMBER)).then_refused(
        OnlyLeadersShareWithPartners
    )

"""Partnerships between networks of two tenants: each side's co-leaders consent in their own
tenant; either side ends it."""

from __future__ import annotations

from clc_groups.domain import (
    NETWORK_DECIDER,
    AlreadyPartnered,
    ConsentToPartnership,
    EndPartnership,
    NotPartnered,
    OnlyCoLeadersConsentToPartnership,
    PartnerInSameTenant,
    PartnershipConsented,
    PartnershipEnded,
)

from tests.support.scenario import given
from tests.unit.groups.builders import (
    ALICE,
    NETWORK,
    OTHER_TENANT,
    TENANT,
    a_launched_network,
    an_actor,
    an_admin,
)

PARTNER = {"partner_tenant_id": OTHER_TENANT, "partner_network_id": "their-net"}
CONSENTED = PartnershipConsented(network_id=NETWORK, consented_by=ALICE, **PARTNER)


def consenting(by: str = ALICE) -> ConsentToPartnership:
    return ConsentToPartnership(actor=an_actor(by), network_id=NETWORK, **PARTNER)


def test_a_co_leader_consents_to_a_partnership_with_a_network_of_another_tenant() -> None:
    state = given(NETWORK_DECIDER, *a_launched_network()).when(consenting()).then(CONSENTED)
    assert state.partnerships == {(OTHER_TENANT, "their-net")}
    given(NETWORK_DECIDER, *a_launched_network(), CONSENTED).when(consenting()).then_refused(
        AlreadyPartnered, "ALREADY_PARTNERED", field="partner_network_id"
    )


def test_only_co_leaders_consent_not_a_tenant_admin_on_their_behalf() -> None:
    by_admin = consenting().model_copy(update={"actor": an_admin()})
    given(NETWORK_DECIDER, *a_launched_network()).when(by_admin).then_refused(
        OnlyCoLeadersConsentToPartnership, "ONLY_CO_LEADERS_CONSENT_TO_PARTNERSHIP"
    )


def test_a_partnership_crosses_tenants() -> None:
    inside = consenting().model_copy(update={"partner_tenant_id": TENANT})
    given(NETWORK_DECIDER, *a_launched_network()).when(inside).then_refused(
        PartnerInSameTenant, "PARTNER_IN_SAME_TENANT", field="partner_tenant_id"
    )


def test_either_side_ends_its_partnership() -> None:
    ending = EndPartnership(actor=an_actor(ALICE), network_id=NETWORK, **PARTNER)
    state = (
        given(NETWORK_DECIDER, *a_launched_network(), CONSENTED)
        .when(ending)
        .then(PartnershipEnded(network_id=NETWORK, **PARTNER))
    )
    assert state.partnerships == frozenset()
    given(NETWORK_DECIDER, *a_launched_network()).when(ending).then_refused(
        NotPartnered, "NOT_PARTNERED", field="partner_network_id"
    )

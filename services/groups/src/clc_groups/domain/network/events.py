"""Network events: what happened to a network, its schools, leadership, charter, plan and
partnerships. Past tense, frozen, versioned; the rules that produce them live in ``decide``."""

from __future__ import annotations

from eventkit.domain import DomainEvent
from pydantic import BaseModel, ConfigDict

from clc_groups.domain.values import (
    LeadershipModel,
    LevelOfLearning,
    StandDownReason,
)

# --- events --------------------------------------------------------------------------------


__all__ = [
    "NetworkCharterAdopted",
    "NetworkCoLeaderAppointed",
    "NetworkCoLeaderStoodDown",
    "NetworkDissolved",
    "NetworkEstablished",
    "NetworkEvent",
    "NetworkLaunched",
    "NetworkLeadRotated",
    "NetworkPartnerAppointed",
    "NetworkPartnerStoodDown",
    "NetworkPlanLevelSet",
    "NetworkPurposeStated",
    "PartnershipConsented",
    "PartnershipEnded",
    "PlanLevel",
    "SchoolJoinedNetwork",
    "SchoolLeftNetwork",
]


class NetworkEstablished(DomainEvent):
    network_id: str
    tenant_id: str
    name: str
    founder_id: str


class NetworkPurposeStated(DomainEvent):
    network_id: str
    moral_purpose: str


class SchoolJoinedNetwork(DomainEvent):
    network_id: str
    school_id: str


class SchoolLeftNetwork(DomainEvent):
    network_id: str
    school_id: str


class NetworkCoLeaderAppointed(DomainEvent):
    network_id: str
    practitioner_id: str
    school_id: str


class NetworkCoLeaderStoodDown(DomainEvent):
    network_id: str
    practitioner_id: str
    reason: StandDownReason = StandDownReason.STOOD_DOWN


class NetworkPartnerAppointed(DomainEvent):
    network_id: str
    practitioner_id: str
    organisation_id: str


class NetworkPartnerStoodDown(DomainEvent):
    network_id: str
    practitioner_id: str


class NetworkCharterAdopted(DomainEvent):
    """The network's charter: its shared-leadership model and how it practises enquiry."""

    network_id: str
    leadership_model: LeadershipModel
    enquiry_practice: str


class NetworkLeadRotated(DomainEvent):
    """Under rotating leadership: whose turn it is to lead (a co-leader)."""

    network_id: str
    practitioner_id: str


class PlanLevel(BaseModel):
    """The plan for one level of learning."""

    model_config = ConfigDict(frozen=True)

    focus: str
    hopes: str | None = None
    """What the network hopes to learn at this level."""
    expected_benefits: str | None = None
    baseline: str | None = None
    """Where things stand now (how it will know: the starting point)."""
    success_measures: str | None = None
    """How it will know it has succeeded."""


class NetworkPlanLevelSet(DomainEvent):
    """The network plan for one level of learning (set or revised)."""

    network_id: str
    level: LevelOfLearning
    focus: str
    hopes: str | None = None
    expected_benefits: str | None = None
    baseline: str | None = None
    success_measures: str | None = None


class PartnershipConsented(DomainEvent):
    """This network's co-leader consented to a partnership with a network of another tenant."""

    network_id: str
    partner_tenant_id: str
    partner_network_id: str
    consented_by: str


class PartnershipEnded(DomainEvent):
    network_id: str
    partner_tenant_id: str
    partner_network_id: str


class NetworkLaunched(DomainEvent):
    network_id: str


class NetworkDissolved(DomainEvent):
    network_id: str
    reason: str | None = None


NetworkEvent = (
    NetworkEstablished
    | NetworkPurposeStated
    | SchoolJoinedNetwork
    | SchoolLeftNetwork
    | NetworkCoLeaderAppointed
    | NetworkCoLeaderStoodDown
    | NetworkPartnerAppointed
    | NetworkPartnerStoodDown
    | NetworkCharterAdopted
    | NetworkLeadRotated
    | NetworkPlanLevelSet
    | PartnershipConsented
    | PartnershipEnded
    | NetworkLaunched
    | NetworkDissolved
)

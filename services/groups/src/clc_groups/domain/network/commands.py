"""Network commands: what a client asks of a network, validated when built; the rules that
decide them live in ``decide``."""

from __future__ import annotations

from typing import ClassVar

from clc_groups.domain.access import ActorCommand
from clc_groups.domain.inputs import EntityId, MoralPurposeText, Name, OptionalText
from clc_groups.domain.values import (
    LeadershipModel,
    LevelOfLearning,
)

# --- commands ------------------------------------------------------------------------------


__all__ = [
    "AdoptNetworkCharter",
    "AppointNetworkCoLeader",
    "AppointNetworkPartner",
    "ConsentToPartnership",
    "DissolveNetwork",
    "EndPartnership",
    "EstablishNetwork",
    "JoinNetwork",
    "LaunchNetwork",
    "LeaveNetwork",
    "NetworkCommand",
    "RotateNetworkLead",
    "SetNetworkPlanLevel",
    "StandDownNetworkCoLeader",
    "StandDownNetworkPartner",
    "StateNetworkPurpose",
]


class EstablishNetwork(ActorCommand):
    network_id: EntityId
    name: Name


class StateNetworkPurpose(ActorCommand):
    network_id: EntityId
    moral_purpose: MoralPurposeText


class JoinNetwork(ActorCommand):
    """A school joins the network."""

    FACTS: ClassVar[frozenset[str]] = frozenset({"school_registered"})

    network_id: EntityId
    school_id: EntityId
    school_registered: bool
    """Fact from the school's stream: the school exists in the actor's tenant."""


class LeaveNetwork(ActorCommand):
    """A school leaves the network; its co-leaders stand down."""

    network_id: EntityId
    school_id: EntityId


class AppointNetworkCoLeader(ActorCommand):
    FACTS: ClassVar[frozenset[str]] = frozenset({"practitioner_school_id", "practitioner_active"})
    network_id: EntityId
    practitioner_id: EntityId
    practitioner_school_id: EntityId | None
    """Fact from the practitioner's stream: the school they work at (None: an organisation's)."""
    practitioner_active: bool
    """Fact from the practitioner's stream: neither deactivated nor erased."""


class StandDownNetworkCoLeader(ActorCommand):
    network_id: EntityId
    practitioner_id: EntityId


class AppointNetworkPartner(ActorCommand):
    FACTS: ClassVar[frozenset[str]] = frozenset(
        {"practitioner_organisation_id", "practitioner_active"}
    )
    network_id: EntityId
    practitioner_id: EntityId
    practitioner_organisation_id: EntityId | None
    """Fact from the practitioner's stream: the organisation they work at (None: a school's)."""
    practitioner_active: bool


class StandDownNetworkPartner(ActorCommand):
    network_id: EntityId
    practitioner_id: EntityId


class AdoptNetworkCharter(ActorCommand):
    network_id: EntityId
    leadership_model: LeadershipModel = LeadershipModel.CO_LEADERS
    enquiry_practice: MoralPurposeText | None = None
    """How the network practises enquiry (non-negotiable: refused when missing)."""


class RotateNetworkLead(ActorCommand):
    network_id: EntityId
    practitioner_id: EntityId


class SetNetworkPlanLevel(ActorCommand):
    network_id: EntityId
    level: LevelOfLearning
    focus: MoralPurposeText
    hopes: MoralPurposeText | None = None
    expected_benefits: MoralPurposeText | None = None
    baseline: MoralPurposeText | None = None
    success_measures: MoralPurposeText | None = None


class ConsentToPartnership(ActorCommand):
    network_id: EntityId
    partner_tenant_id: EntityId
    partner_network_id: EntityId


class EndPartnership(ActorCommand):
    network_id: EntityId
    partner_tenant_id: EntityId
    partner_network_id: EntityId


class LaunchNetwork(ActorCommand):
    network_id: EntityId


class DissolveNetwork(ActorCommand):
    network_id: EntityId
    reason: OptionalText | None = None


NetworkCommand = (
    EstablishNetwork
    | StateNetworkPurpose
    | JoinNetwork
    | LeaveNetwork
    | AppointNetworkCoLeader
    | StandDownNetworkCoLeader
    | AppointNetworkPartner
    | StandDownNetworkPartner
    | AdoptNetworkCharter
    | RotateNetworkLead
    | SetNetworkPlanLevel
    | ConsentToPartnership
    | EndPartnership
    | LaunchNetwork
    | DissolveNetwork
)

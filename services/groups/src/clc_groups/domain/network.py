"""Network: a networked learning community of schools working interdependently.

A network is *established* (by a tenant admin or a ``network_lead``), gathers member schools, states
its moral purpose and appoints co-leaders, then is *launched* and may later be *dissolved*.

Rules:

- a school is an active member at most once (it may re-join after leaving);
- a co-leader must work at a member school (``AppointNetworkCoLeader.practitioner_school_id`` and
  ``practitioner_active`` are facts from the practitioner's stream);
- a school joining must be registered in the tenant (``JoinNetwork.school_registered``);
- **non-negotiable for every network**: a stated moral purpose (``MoralPurposeMissing`` at
  launch), shared, not single, leadership (``TooFewCoLeaders``, ``CoLeadersFromOneSchool``) and
  enquiry-based practice (a charter must state it: ``EnquiryBasedPracticeNotStated``);
- **shared leadership is the network's choice** within that: by default two co-leaders from two
  different member schools; a charter (``AdoptNetworkCharter``) may adopt a leadership team
  (three or more from two or more schools) or rotating leadership (co-leaders from two or more
  schools take turns: ``RotateNetworkLead`` names whose turn it is, ``NotRotatingLeadership``
  under any other model); ``shares_leadership`` answers for the model in force;
- a **network plan** sets, for each of the six levels of learning, the focus, what the network
  hopes to learn, the expected benefits and how it will know (baseline and success measures);
  setting a level again revises it (the same values again change nothing);
- a **partnership** with a network of another tenant: each side's co-leaders consent in their own
  tenant (``ConsentToPartnership``; ``OnlyCoLeadersConsentToPartnership``, not a tenant admin on
  their behalf; ``PartnerInSameTenant``, ``AlreadyPartnered``); it is active once both sides have
  consented (the read side matches the two consents), and either side ends it
  (``EndPartnership``; ``NotPartnered``);
- when a school leaves, its co-leaders stand down first (``NetworkCoLeaderStoodDown`` with reason
  ``school_left``, then ``SchoolLeftNetwork``), so every co-leader always works at a member school;
- a dissolved network refuses every further command;
- **partners** are people of organisations (a local authority, a university, a charity, a
  company, a national body) who stand beside the co-leaders: a partner works at an organisation
  (``PartnerNotFromOrganisation``), is a partner at most once, and does not count towards shared
  leadership, which still counts schools.

Who manages a network: its co-leaders and tenant admins; before launch also its founder, so the
person who established it can gather schools and appoint the co-leaders. After launch, shared
leadership takes over.

Allowed on purpose: after launch, a co-leader may stand down and a school may leave even when the
network then falls short of shared leadership. A network is never held hostage by one school or
person; ``NetworkState.has_shared_leadership`` tells read models to flag it as needing co-leaders.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar, assert_never

from eventkit.domain import Actor, Decider, DomainEvent
from pydantic import BaseModel, ConfigDict, Field

from .access import NETWORK_LEAD, ActorCommand, in_tenant, is_tenant_admin
from .errors import (
    AlreadyNetworkCoLeader,
    AlreadyNetworkPartner,
    AlreadyPartnered,
    CoLeaderNotFromMemberSchool,
    CoLeadersFromOneSchool,
    EnquiryBasedPracticeNotStated,
    MayNotEstablishNetwork,
    MoralPurposeMissing,
    NetworkAlreadyEstablished,
    NetworkAlreadyLaunched,
    NetworkIsDissolved,
    NetworkNotFound,
    NotANetworkCoLeader,
    NotANetworkPartner,
    NotNetworkLeader,
    NotPartnered,
    NotRotatingLeadership,
    OnlyCoLeadersConsentToPartnership,
    PartnerInSameTenant,
    PartnerNotFromOrganisation,
    PractitionerNotActive,
    SchoolAlreadyMember,
    SchoolNotAMember,
    SchoolNotRegistered,
    TooFewCoLeaders,
)
from .inputs import EntityId, MoralPurposeText, Name, OptionalText
from .values import LeadershipModel, LevelOfLearning, NetworkStatus, StandDownReason

__all__ = [
    "DECIDER",
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
    "NetworkCharterAdopted",
    "NetworkCoLeaderAppointed",
    "NetworkCoLeaderStoodDown",
    "NetworkCommand",
    "NetworkDissolved",
    "NetworkEstablished",
    "NetworkEvent",
    "NetworkLaunched",
    "NetworkLeadRotated",
    "NetworkPartnerAppointed",
    "NetworkPartnerStoodDown",
    "NetworkPlanLevelSet",
    "NetworkPurposeStated",
    "NetworkState",
    "PartnershipConsented",
    "PartnershipEnded",
    "PlanLevel",
    "RotateNetworkLead",
    "SchoolJoinedNetwork",
    "SchoolLeftNetwork",
    "SetNetworkPlanLevel",
    "StandDownNetworkCoLeader",
    "StandDownNetworkPartner",
    "StateNetworkPurpose",
    "decide",
    "evolve",
    "shares_leadership",
]

MIN_CO_LEADERS = 2
MIN_CO_LEADER_SCHOOLS = 2
MIN_LEADERSHIP_TEAM = 3
"""A leadership team is three or more people (from ``MIN_CO_LEADER_SCHOOLS`` schools)."""

# --- events --------------------------------------------------------------------------------


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

# --- commands ------------------------------------------------------------------------------


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

# --- state ---------------------------------------------------------------------------------


def minimum_leaders(model: LeadershipModel) -> int:
    return MIN_LEADERSHIP_TEAM if model is LeadershipModel.LEADERSHIP_TEAM else MIN_CO_LEADERS


def shares_leadership(
    co_leaders: Mapping[str, str], model: LeadershipModel = LeadershipModel.CO_LEADERS
) -> bool:
    """Whether co-leaders (practitioner id → the member school they work at) share leadership
    under ``model``: at least two of them (three in a leadership team), from at least two
    different schools. Read models store this answer rather than restate the rule."""
    return (
        len(co_leaders) >= minimum_leaders(model)
        and len(set(co_leaders.values())) >= MIN_CO_LEADER_SCHOOLS
    )


class NetworkState(BaseModel):
    model_config = ConfigDict(frozen=True)

    exists: bool = False
    network_id: str | None = None
    tenant_id: str | None = None
    name: str | None = None
    founder_id: str | None = None
    moral_purpose: str | None = None
    status: NetworkStatus = NetworkStatus.ESTABLISHED
    member_school_ids: frozenset[str] = frozenset()
    co_leaders: dict[str, str] = Field(default_factory=dict)
    """Co-leader practitioner id → the member school they work at."""
    partners: dict[str, str] = Field(default_factory=dict)
    """Partner practitioner id → the organisation they work at."""
    leadership_model: LeadershipModel = LeadershipModel.CO_LEADERS
    enquiry_practice: str | None = None
    current_lead_id: str | None = None
    """Under rotating leadership, whose turn it is."""
    plan: dict[LevelOfLearning, PlanLevel] = Field(default_factory=dict)
    partnerships: frozenset[tuple[str, str]] = frozenset()
    """(partner tenant, partner network) this network has consented to."""

    @property
    def co_leader_schools(self) -> frozenset[str]:
        return frozenset(self.co_leaders.values())

    @property
    def has_shared_leadership(self) -> bool:
        return shares_leadership(self.co_leaders, self.leadership_model)

    def may_be_managed_by(self, actor: Actor) -> bool:
        if is_tenant_admin(actor) or actor.person_id in self.co_leaders:
            return True
        return self.status is NetworkStatus.ESTABLISHED and actor.person_id == self.founder_id


# --- decide --------------------------------------------------------------------------------


def decide(state: NetworkState, command: NetworkCommand) -> list[NetworkEvent]:
    if isinstance(command, EstablishNetwork):
        return _establish(state, command)
    if not _found(state, command):
        raise NetworkNotFound(field="network_id")
    if not state.may_be_managed_by(command.actor):
        raise NotNetworkLeader()
    if state.status is NetworkStatus.DISSOLVED:
        raise NetworkIsDissolved()
    network_id = command.network_id
    match command:
        case StateNetworkPurpose():
            if command.moral_purpose == state.moral_purpose:
                return []
            return [
                NetworkPurposeStated(network_id=network_id, moral_purpose=command.moral_purpose)
            ]
        case JoinNetwork():
            if not command.school_registered:
                raise SchoolNotRegistered(field="school_id")
            if command.school_id in state.member_school_ids:
                raise SchoolAlreadyMember(field="school_id")
            return [SchoolJoinedNetwork(network_id=network_id, school_id=command.school_id)]
        case LeaveNetwork():
            return _leave(state, command)
        case AppointNetworkCoLeader():
            return _appoint(state, command)
        case StandDownNetworkCoLeader():
            if command.practitioner_id not in state.co_leaders:
                raise NotANetworkCoLeader(field="practitioner_id")
            return [
                NetworkCoLeaderStoodDown(
                    network_id=network_id, practitioner_id=command.practitioner_id
                )
            ]
        case AppointNetworkPartner():
            return _appoint_partner(state, command)
        case StandDownNetworkPartner():
            if command.practitioner_id not in state.partners:
                raise NotANetworkPartner(field="practitioner_id")
            return [
                NetworkPartnerStoodDown(
                    network_id=network_id, practitioner_id=command.practitioner_id
                )
            ]
        case AdoptNetworkCharter():
            if command.enquiry_practice is None:
                raise EnquiryBasedPracticeNotStated(field="enquiry_practice")
            return [
                NetworkCharterAdopted(
                    network_id=network_id,
                    leadership_model=command.leadership_model,
                    enquiry_practice=command.enquiry_practice,
                )
            ]
        case RotateNetworkLead():
            if state.leadership_model is not LeadershipModel.ROTATING:
                raise NotRotatingLeadership()
            if command.practitioner_id not in state.co_leaders:
                raise NotANetworkCoLeader(field="practitioner_id")
            return [
                NetworkLeadRotated(network_id=network_id, practitioner_id=command.practitioner_id)
            ]
        case SetNetworkPlanLevel():
            return _set_plan_level(state, command)
        case ConsentToPartnership():
            return _consent(state, command)
        case EndPartnership():
            partner = (command.partner_tenant_id, command.partner_network_id)
            if partner not in state.partnerships:
                raise NotPartnered(field="partner_network_id")
            return [PartnershipEnded(network_id=network_id, partner_tenant_id=partner[0],
                                     partner_network_id=partner[1])]  # fmt: skip
        case LaunchNetwork():
            return _launch(state, command)
        case DissolveNetwork():
            return [NetworkDissolved(network_id=network_id, reason=command.reason)]
    assert_never(command)  # pragma: no mutate (unreachable: the match is exhaustive)


def _found(state: NetworkState, command: NetworkCommand) -> bool:
    """The network exists in the actor's tenant, and is the one the command names."""
    return (
        state.exists
        and state.network_id == command.network_id
        and in_tenant(state.tenant_id, command.actor)
    )


def _establish(state: NetworkState, command: EstablishNetwork) -> list[NetworkEvent]:
    actor = command.actor
    if not (is_tenant_admin(actor) or actor.has_role(NETWORK_LEAD)):
        raise MayNotEstablishNetwork()
    if state.exists:
        raise NetworkAlreadyEstablished(field="network_id")
    return [
        NetworkEstablished(
            network_id=command.network_id,
            tenant_id=actor.tenant_id,
            name=command.name,
            founder_id=actor.person_id,
        )
    ]


def _leave(state: NetworkState, command: LeaveNetwork) -> list[NetworkEvent]:
    if command.school_id not in state.member_school_ids:
        raise SchoolNotAMember(field="school_id")
    standing_down = sorted(
        p for p, school in state.co_leaders.items() if school == command.school_id
    )
    events: list[NetworkEvent] = [
        NetworkCoLeaderStoodDown(
            network_id=command.network_id,
            practitioner_id=practitioner_id,
            reason=StandDownReason.SCHOOL_LEFT,
        )
        for practitioner_id in standing_down
    ]
    events.append(SchoolLeftNetwork(network_id=command.network_id, school_id=command.school_id))
    return events


def _appoint(state: NetworkState, command: AppointNetworkCoLeader) -> list[NetworkEvent]:
    if not command.practitioner_active:
        raise PractitionerNotActive(field="practitioner_id")
    if command.practitioner_id in state.co_leaders:
        raise AlreadyNetworkCoLeader(field="practitioner_id")
    if (
        command.practitioner_school_id is None
        or command.practitioner_school_id not in state.member_school_ids
    ):
        raise CoLeaderNotFromMemberSchool(field="practitioner_id")
    return [
        NetworkCoLeaderAppointed(
            network_id=command.network_id,
            practitioner_id=command.practitioner_id,
            school_id=command.practitioner_school_id,
        )
    ]


def _appoint_partner(state: NetworkState, command: AppointNetworkPartner) -> list[NetworkEvent]:
    if not command.practitioner_active:
        raise PractitionerNotActive(field="practitioner_id")
    if command.practitioner_id in state.partners:
        raise AlreadyNetworkPartner(field="practitioner_id")
    if command.practitioner_organisation_id is None:
        raise PartnerNotFromOrganisation(field="practitioner_id")
    return [
        NetworkPartnerAppointed(
            network_id=command.network_id,
            practitioner_id=command.practitioner_id,
            organisation_id=command.practitioner_organisation_id,
        )
    ]


def _set_plan_level(state: NetworkState, command: SetNetworkPlanLevel) -> list[NetworkEvent]:
    level = PlanLevel(
        focus=command.focus,
        hopes=command.hopes,
        expected_benefits=command.expected_benefits,
        baseline=command.baseline,
        success_measures=command.success_measures,
    )
    if state.plan.get(command.level) == level:
        return []
    return [
        NetworkPlanLevelSet(
            network_id=command.network_id, level=command.level, **level.model_dump()
        )
    ]


def _consent(state: NetworkState, command: ConsentToPartnership) -> list[NetworkEvent]:
    if command.actor.person_id not in state.co_leaders:
        raise OnlyCoLeadersConsentToPartnership()
    if command.partner_tenant_id == command.actor.tenant_id:
        raise PartnerInSameTenant(field="partner_tenant_id")
    if (command.partner_tenant_id, command.partner_network_id) in state.partnerships:
        raise AlreadyPartnered(field="partner_network_id")
    return [
        PartnershipConsented(
            network_id=command.network_id,
            partner_tenant_id=command.partner_tenant_id,
            partner_network_id=command.partner_network_id,
            consented_by=command.actor.person_id,
        )
    ]


def _launch(state: NetworkState, command: LaunchNetwork) -> list[NetworkEvent]:
    if state.status is NetworkStatus.LAUNCHED:
        raise NetworkAlreadyLaunched()
    _non_negotiable_moral_purpose_stated(state)
    _non_negotiable_shared_not_single_leadership(state)
    return [NetworkLaunched(network_id=command.network_id)]


def _non_negotiable_moral_purpose_stated(state: NetworkState) -> None:
    if not state.moral_purpose:
        raise MoralPurposeMissing()


def _non_negotiable_shared_not_single_leadership(state: NetworkState) -> None:
    """Shared leadership as the charter's model asks (the default: two co-leaders)."""
    needed = minimum_leaders(state.leadership_model)
    if len(state.co_leaders) < needed:
        raise TooFewCoLeaders(
            f"Shared, not single, leadership is non-negotiable: launching under"
            f" {state.leadership_model.value} needs at least {needed} co-leaders"
        )
    if len(state.co_leader_schools) < MIN_CO_LEADER_SCHOOLS:
        raise CoLeadersFromOneSchool()


# --- evolve --------------------------------------------------------------------------------


def evolve(state: NetworkState, event: NetworkEvent) -> NetworkState:
    match event:
        case NetworkEstablished():
            return NetworkState(
                exists=True,
                network_id=event.network_id,
                tenant_id=event.tenant_id,
                name=event.name,
                founder_id=event.founder_id,
            )
        case NetworkPurposeStated():
            return state.model_copy(update={"moral_purpose": event.moral_purpose})
        case SchoolJoinedNetwork():
            schools = state.member_school_ids | {event.school_id}
            return state.model_copy(update={"member_school_ids": schools})
        case SchoolLeftNetwork():
            schools = state.member_school_ids - {event.school_id}
            return state.model_copy(update={"member_school_ids": schools})
        case NetworkCoLeaderAppointed():
            co_leaders = {**state.co_leaders, event.practitioner_id: event.school_id}
            return state.model_copy(update={"co_leaders": co_leaders})
        case NetworkCoLeaderStoodDown():
            co_leaders = {p: s for p, s in state.co_leaders.items() if p != event.practitioner_id}
            return state.model_copy(update={"co_leaders": co_leaders})
        case NetworkPartnerAppointed():
            partners = {**state.partners, event.practitioner_id: event.organisation_id}
            return state.model_copy(update={"partners": partners})
        case NetworkPartnerStoodDown():
            partners = {p: o for p, o in state.partners.items() if p != event.practitioner_id}
            return state.model_copy(update={"partners": partners})
        case NetworkCharterAdopted():
            update = {
                "leadership_model": event.leadership_model,
                "enquiry_practice": event.enquiry_practice,
            }
            return state.model_copy(update=update)
        case PartnershipConsented():
            partner = (event.partner_tenant_id, event.partner_network_id)
            return state.model_copy(update={"partnerships": state.partnerships | {partner}})
        case PartnershipEnded():
            partner = (event.partner_tenant_id, event.partner_network_id)
            return state.model_copy(update={"partnerships": state.partnerships - {partner}})
        case NetworkPlanLevelSet():
            level = PlanLevel.model_validate(event.model_dump(exclude={"network_id", "level"}))
            return state.model_copy(update={"plan": {**state.plan, event.level: level}})
        case NetworkLeadRotated():
            return state.model_copy(update={"current_lead_id": event.practitioner_id})
        case NetworkLaunched():
            return state.model_copy(update={"status": NetworkStatus.LAUNCHED})
        case NetworkDissolved():
            return state.model_copy(update={"status": NetworkStatus.DISSOLVED})
    assert_never(event)  # pragma: no mutate (unreachable: the match is exhaustive)


DECIDER: Decider[NetworkState, NetworkCommand, NetworkEvent] = Decider(
    stream_type="network",
    initial_state=NetworkState,
    decide=decide,
    evolve=evolve,
)

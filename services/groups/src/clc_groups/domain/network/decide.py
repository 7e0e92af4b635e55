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

from typing import assert_never

from eventkit.domain import Decider

from clc_groups.domain.access import NETWORK_LEAD, in_tenant, is_tenant_admin
from clc_groups.domain.errors import (
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
from clc_groups.domain.values import LeadershipModel, NetworkStatus, StandDownReason

from .commands import (
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
    RotateNetworkLead,
    SetNetworkPlanLevel,
    StandDownNetworkCoLeader,
    StandDownNetworkPartner,
    StateNetworkPurpose,
)
from .events import (
    NetworkCharterAdopted,
    NetworkCoLeaderAppointed,
    NetworkCoLeaderStoodDown,
    NetworkDissolved,
    NetworkEstablished,
    NetworkEvent,
    NetworkLaunched,
    NetworkLeadRotated,
    NetworkPartnerAppointed,
    NetworkPartnerStoodDown,
    NetworkPlanLevelSet,
    NetworkPurposeStated,
    PartnershipConsented,
    PartnershipEnded,
    PlanLevel,
    SchoolJoinedNetwork,
    SchoolLeftNetwork,
)
from .state import (
    MIN_CO_LEADER_SCHOOLS,
    NetworkState,
    evolve,
    minimum_leaders,
)

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


DECIDER: Decider[NetworkState, NetworkCommand, NetworkEvent] = Decider(
    stream_type="network",
    initial_state=NetworkState,
    decide=decide,
    evolve=evolve,
)

"""Network state and ``evolve``: the fold of a network's events that ``decide`` reads, and the
shared-leadership answer read models store."""

from __future__ import annotations

from collections.abc import Mapping
from typing import assert_never

from eventkit.domain import Actor
from pydantic import BaseModel, ConfigDict, Field

from clc_groups.domain.access import is_tenant_admin
from clc_groups.domain.values import (
    LeadershipModel,
    LevelOfLearning,
    NetworkStatus,
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

__all__ = [
    "MIN_CO_LEADERS",
    "MIN_CO_LEADER_SCHOOLS",
    "MIN_LEADERSHIP_TEAM",
    "NetworkState",
    "evolve",
    "minimum_leaders",
    "shares_leadership",
]

MIN_CO_LEADERS = 2
MIN_CO_LEADER_SCHOOLS = 2
MIN_LEADERSHIP_TEAM = 3
"""A leadership team is three or more people (from ``MIN_CO_LEADER_SCHOOLS`` schools)."""

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

"""Facts one aggregate's command needs from another aggregate, read from that aggregate's stream.

Every read is scoped to the principal's tenant, so another tenant's aggregate looks absent. A fact
is the caller's claim at this moment; the domain module docstring explains why that is enough.
"""

from __future__ import annotations

from dataclasses import dataclass

from eventkit.principal import Principal

from clc_groups.domain import NetworkNotFound, NetworkStatus, PractitionerNotFound

from .base import Handlers

__all__ = [
    "NetworkFacts",
    "PractitionerFacts",
    "network_facts",
    "organisation_registered",
    "practitioner_facts",
    "school_registered",
]


@dataclass(frozen=True)
class PractitionerFacts:
    school_id: str | None
    """The school they work at, or None for staff of an organisation."""
    active: bool
    organisation_id: str | None = None


@dataclass(frozen=True)
class NetworkFacts:
    is_active: bool
    co_leader_ids: frozenset[str]
    member_school_ids: frozenset[str]


async def school_registered(handlers: Handlers, principal: Principal, school_id: str) -> bool:
    state, _ = await handlers.schools.load(school_id, principal.tenant_id)
    return state.exists and state.school_id == school_id


async def organisation_registered(
    handlers: Handlers, principal: Principal, organisation_id: str
) -> bool:
    state, _ = await handlers.organisations.load(organisation_id, principal.tenant_id)
    return state.exists and state.organisation_id == organisation_id


async def practitioner_facts(
    handlers: Handlers, principal: Principal, practitioner_id: str
) -> PractitionerFacts:
    """The practitioner's school or organisation and whether they are active;
    ``PractitionerNotFound`` if absent, because the command cannot even be stated without where
    they work."""
    state, _ = await handlers.practitioners.load(practitioner_id, principal.tenant_id)
    if not state.exists or state.practitioner_id != practitioner_id:
        raise PractitionerNotFound(field="practitioner_id")
    return PractitionerFacts(
        school_id=state.school_id, active=state.active, organisation_id=state.organisation_id
    )


async def network_facts(handlers: Handlers, principal: Principal, network_id: str) -> NetworkFacts:
    """The network's standing; ``NetworkNotFound`` if the tenant has no such network, the same
    answer any other command gives for an id it cannot see."""
    state, _ = await handlers.networks.load(network_id, principal.tenant_id)
    if not state.exists or state.network_id != network_id:
        raise NetworkNotFound(field="network_id")
    return NetworkFacts(
        is_active=state.status is not NetworkStatus.DISSOLVED,
        co_leader_ids=frozenset(state.co_leaders),
        member_school_ids=state.member_school_ids,
    )

"""Read models of networks: the network, its member schools, its co-leaders and the partners
(people of organisations) beside them.

Whether a network has shared leadership is the domain's answer (``shares_leadership``), stored
on the network's row whenever its co-leaders change, so readers never restate the rule.
"""

from __future__ import annotations

from collections.abc import Mapping

from eventkit.domain import DomainEvent
from eventkit.projection import ProjectionConnection

from clc_groups.domain import (
    LeadershipModel,
    LevelOfLearning,
    NetworkCharterAdopted,
    NetworkCoLeaderAppointed,
    NetworkCoLeaderStoodDown,
    NetworkDissolved,
    NetworkEstablished,
    NetworkLaunched,
    NetworkLeadRotated,
    NetworkPartnerAppointed,
    NetworkPartnerStoodDown,
    NetworkPlanLevelSet,
    NetworkPurposeStated,
    NetworkStatus,
    PartnershipConsented,
    PartnershipEnded,
    SchoolJoinedNetwork,
    SchoolLeftNetwork,
    shares_leadership,
)

from .base import GroupsProjection, Handler

__all__ = ["NetworksProjection"]


class NetworksProjection(GroupsProjection):
    name = "groups.networks"
    tables = (
        "gr_networks",
        "gr_network_schools",
        "gr_network_co_leaders",
        "gr_network_partners",
        "gr_network_plan",
        "gr_partner_views",
    )

    def handlers(self) -> Mapping[type[DomainEvent], Handler]:
        return {
            NetworkEstablished: self._established,
            NetworkPurposeStated: self._purpose_stated,
            NetworkLaunched: self._launched,
            NetworkDissolved: self._dissolved,
            SchoolJoinedNetwork: self._school_joined,
            SchoolLeftNetwork: self._school_left,
            NetworkCoLeaderAppointed: self._co_leader_appointed,
            NetworkCoLeaderStoodDown: self._co_leader_stood_down,
            NetworkCharterAdopted: self._charter_adopted,
            NetworkLeadRotated: self._lead_rotated,
            NetworkPlanLevelSet: self._plan_level_set,
            PartnershipConsented: self._partnership_consented,
            PartnershipEnded: self._partnership_ended,
            NetworkPartnerAppointed: self._partner_appointed,
            NetworkPartnerStoodDown: self._partner_stood_down,
        }

    async def _charter_adopted(
        self, conn: ProjectionConnection, tenant: str, event: NetworkCharterAdopted
    ) -> None:
        await conn.execute(
            "update gr_networks set leadership_model = $3, enquiry_practice = $4"
            " where tenant_id = $1 and network_id = $2",
            tenant,
            event.network_id,
            event.leadership_model.value,
            event.enquiry_practice,
        )
        await self._store_shared_leadership(conn, tenant, event.network_id)

    async def _plan_level_set(
        self, conn: ProjectionConnection, tenant: str, event: NetworkPlanLevelSet
    ) -> None:
        await conn.execute(
            "insert into gr_network_plan (tenant_id, network_id, level, level_order, focus,"
            " hopes, expected_benefits, baseline, success_measures)"
            " values ($1, $2, $3, $4, $5, $6, $7, $8, $9)"
            " on conflict (tenant_id, network_id, level) do update set focus = excluded.focus,"
            " hopes = excluded.hopes, expected_benefits = excluded.expected_benefits,"
            " baseline = excluded.baseline, success_measures = excluded.success_measures",
            tenant,
            event.network_id,
            event.level.value,
            list(LevelOfLearning).index(event.level),
            event.focus,
            event.hopes,
            event.expected_benefits,
            event.baseline,
            event.success_measures,
        )

    async def _partnership_consented(
        self, conn: ProjectionConnection, tenant: str, event: PartnershipConsented
    ) -> None:
        # A copy of exactly what is shared with the partner: the network's name and purpose.
        await conn.execute(
            "insert into gr_partner_views (tenant_id, network_id, partner_tenant_id,"
            " partner_network_id, network_name, moral_purpose, consented_by)"
            " select tenant_id, network_id, $3, $4, name, moral_purpose, $5 from gr_networks"
            " where tenant_id = $1 and network_id = $2 on conflict do nothing",
            tenant,
            event.network_id,
            event.partner_tenant_id,
            event.partner_network_id,
            event.consented_by,
        )

    async def _partnership_ended(
        self, conn: ProjectionConnection, tenant: str, event: PartnershipEnded
    ) -> None:
        await conn.execute(
            "delete from gr_partner_views where tenant_id = $1 and network_id = $2"
            " and partner_tenant_id = $3 and partner_network_id = $4",
            tenant,
            event.network_id,
            event.partner_tenant_id,
            event.partner_network_id,
        )

    async def _lead_rotated(
        self, conn: ProjectionConnection, tenant: str, event: NetworkLeadRotated
    ) -> None:
        await conn.execute(
            "update gr_networks set current_lead_id = $3 where tenant_id = $1 and network_id = $2",
            tenant,
            event.network_id,
            event.practitioner_id,
        )

    async def _partner_appointed(
        self, conn: ProjectionConnection, tenant: str, event: NetworkPartnerAppointed
    ) -> None:
        await conn.execute(
            "insert into gr_network_partners"
            " (tenant_id, network_id, practitioner_id, organisation_id)"
            " values ($1, $2, $3, $4) on conflict do nothing",
            tenant,
            event.network_id,
            event.practitioner_id,
            event.organisation_id,
        )

    async def _partner_stood_down(
        self, conn: ProjectionConnection, tenant: str, event: NetworkPartnerStoodDown
    ) -> None:
        await conn.execute(
            "delete from gr_network_partners"
            " where tenant_id = $1 and network_id = $2 and practitioner_id = $3",
            tenant,
            event.network_id,
            event.practitioner_id,
        )

    async def _established(
        self, conn: ProjectionConnection, tenant: str, event: NetworkEstablished
    ) -> None:
        await conn.execute(
            "insert into gr_networks (tenant_id, network_id, name, founder_id, status)"
            " values ($1, $2, $3, $4, $5) on conflict (tenant_id, network_id) do nothing",
            tenant,
            event.network_id,
            event.name,
            event.founder_id,
            NetworkStatus.ESTABLISHED.value,
        )

    async def _purpose_stated(
        self, conn: ProjectionConnection, tenant: str, event: NetworkPurposeStated
    ) -> None:
        await conn.execute(
            "update gr_networks set moral_purpose = $3 where tenant_id = $1 and network_id = $2",
            tenant,
            event.network_id,
            event.moral_purpose,
        )
        await conn.execute(
            "update gr_partner_views set moral_purpose = $3"
            " where tenant_id = $1 and network_id = $2",
            tenant,
            event.network_id,
            event.moral_purpose,
        )

    async def _launched(
        self, conn: ProjectionConnection, tenant: str, event: NetworkLaunched
    ) -> None:
        await self._status(conn, tenant, event.network_id, NetworkStatus.LAUNCHED)

    async def _dissolved(
        self, conn: ProjectionConnection, tenant: str, event: NetworkDissolved
    ) -> None:
        await self._status(conn, tenant, event.network_id, NetworkStatus.DISSOLVED)

    async def _school_joined(
        self, conn: ProjectionConnection, tenant: str, event: SchoolJoinedNetwork
    ) -> None:
        await conn.execute(
            "insert into gr_network_schools (tenant_id, network_id, school_id)"
            " values ($1, $2, $3) on conflict do nothing",
            tenant,
            event.network_id,
            event.school_id,
        )

    async def _school_left(
        self, conn: ProjectionConnection, tenant: str, event: SchoolLeftNetwork
    ) -> None:
        await conn.execute(
            "delete from gr_network_schools"
            " where tenant_id = $1 and network_id = $2 and school_id = $3",
            tenant,
            event.network_id,
            event.school_id,
        )

    async def _co_leader_appointed(
        self, conn: ProjectionConnection, tenant: str, event: NetworkCoLeaderAppointed
    ) -> None:
        await conn.execute(
            "insert into gr_network_co_leaders"
            " (tenant_id, network_id, practitioner_id, school_id)"
            " values ($1, $2, $3, $4) on conflict do nothing",
            tenant,
            event.network_id,
            event.practitioner_id,
            event.school_id,
        )
        await self._store_shared_leadership(conn, tenant, event.network_id)

    async def _co_leader_stood_down(
        self, conn: ProjectionConnection, tenant: str, event: NetworkCoLeaderStoodDown
    ) -> None:
        await conn.execute(
            "delete from gr_network_co_leaders"
            " where tenant_id = $1 and network_id = $2 and practitioner_id = $3",
            tenant,
            event.network_id,
            event.practitioner_id,
        )
        await self._store_shared_leadership(conn, tenant, event.network_id)

    async def _store_shared_leadership(
        self, conn: ProjectionConnection, tenant: str, network_id: str
    ) -> None:
        rows = await conn.fetch(
            "select practitioner_id, school_id from gr_network_co_leaders"
            " where tenant_id = $1 and network_id = $2",
            tenant,
            network_id,
        )
        model = await conn.fetchval(
            "select leadership_model from gr_networks where tenant_id = $1 and network_id = $2",
            tenant,
            network_id,
        )
        shared = shares_leadership(
            {r["practitioner_id"]: r["school_id"] for r in rows},
            LeadershipModel(model or LeadershipModel.CO_LEADERS.value),
        )
        await conn.execute(
            "update gr_networks set has_shared_leadership = $3"
            " where tenant_id = $1 and network_id = $2",
            tenant,
            network_id,
            shared,
        )

    async def _status(
        self, conn: ProjectionConnection, tenant: str, network_id: str, status: NetworkStatus
    ) -> None:
        await conn.execute(
            "update gr_networks set status = $3 where tenant_id = $1 and network_id = $2",
            tenant,
            network_id,
            status.value,
        )

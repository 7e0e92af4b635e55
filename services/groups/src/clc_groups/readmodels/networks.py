"""Read models of networks: the network, its member schools and its co-leaders."""

from __future__ import annotations

from eventkit.domain import DomainEvent
from eventkit.projection import ProjectionConnection

from clc_groups.domain import (
    NetworkCoLeaderAppointed,
    NetworkCoLeaderStoodDown,
    NetworkDissolved,
    NetworkEstablished,
    NetworkLaunched,
    NetworkPurposeStated,
    NetworkStatus,
    SchoolJoinedNetwork,
    SchoolLeftNetwork,
)

from .base import GroupsProjection

__all__ = ["NetworksProjection"]


class NetworksProjection(GroupsProjection):
    name = "groups.networks"
    tables = ("gr_networks", "gr_network_schools", "gr_network_co_leaders")

    async def handle(self, conn: ProjectionConnection, tenant: str, event: DomainEvent) -> None:
        match event:
            case NetworkEstablished():
                await conn.execute(
                    "insert into gr_networks (tenant_id, network_id, name, founder_id, status)"
                    " values ($1, $2, $3, $4, $5) on conflict (tenant_id, network_id) do nothing",
                    tenant,
                    event.network_id,
                    event.name,
                    event.founder_id,
                    NetworkStatus.ESTABLISHED.value,
                )
            case NetworkPurposeStated():
                await self._set(
                    conn, tenant, event.network_id, "moral_purpose", event.moral_purpose
                )
            case NetworkLaunched():
                await self._set(conn, tenant, event.network_id, "status", "launched")
            case NetworkDissolved():
                await self._set(conn, tenant, event.network_id, "status", "dissolved")
            case SchoolJoinedNetwork():
                await conn.execute(
                    "insert into gr_network_schools (tenant_id, network_id, school_id)"
                    " values ($1, $2, $3) on conflict do nothing",
                    tenant,
                    event.network_id,
                    event.school_id,
                )
            case SchoolLeftNetwork():
                await conn.execute(
                    "delete from gr_network_schools"
                    " where tenant_id = $1 and network_id = $2 and school_id = $3",
                    tenant,
                    event.network_id,
                    event.school_id,
                )
            case NetworkCoLeaderAppointed():
                await conn.execute(
                    "insert into gr_network_co_leaders"
                    " (tenant_id, network_id, practitioner_id, school_id)"
                    " values ($1, $2, $3, $4) on conflict do nothing",
                    tenant,
                    event.network_id,
                    event.practitioner_id,
                    event.school_id,
                )
            case NetworkCoLeaderStoodDown():
                await conn.execute(
                    "delete from gr_network_co_leaders"
                    " where tenant_id = $1 and network_id = $2 and practitioner_id = $3",
                    tenant,
                    event.network_id,
                    event.practitioner_id,
                )

    async def _set(
        self, conn: ProjectionConnection, tenant: str, network_id: str, column: str, value: str
    ) -> None:
        # `column` is one of this module's literals, never input.
        await conn.execute(
            f"update gr_networks set {column} = $3 where tenant_id = $1 and network_id = $2",
            tenant,
            network_id,
            value,
        )

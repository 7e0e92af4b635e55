"""Projects the groups service's published events into the local membership read model.

The enquiry service depends on the groups service's *events*, never on its code: each event is
read from its published JSON (``event_type`` + ``data``), by the field names the groups service
documents.
Events of other streams, and event types this model does not need, are ignored, so the projection
may see every topic the runner consumes (including the enquiry service's own).

Every write is an upsert keyed by tenant and id, and no write depends on another stream having been
seen first: events of different groups-service streams (a practitioner, a group) may arrive on
different partitions in any relative order. An erased practitioner stays erased even if their
registration is seen afterwards.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from eventkit.envelope import RecordedEvent
from eventkit.projection import ProjectionConnection

from .programmes import PROGRAMME_HANDLERS, PROGRAMME_STREAM_TYPES

__all__ = ["GROUPS_STREAM_TYPES", "NEUTRAL_NAME", "MembershipProjection"]

# Stream types of the groups service's aggregates: only their events are read here.
GROUPS_STREAM_TYPES = (
    frozenset({"learning_group", "practitioner", "school", "network"}) | PROGRAMME_STREAM_TYPES
)

# What an erased person is called when the erasure event names no replacement.
NEUTRAL_NAME = "Former practitioner"

Data = dict[str, Any]


class MembershipProjection:
    """Groups, their members and roles, practitioners' schools and names, schools, networks and
    their co-leaders.

    ``reset`` deliberately keeps every row: these facts come from another service's stream, which a
    rebuild (a replay of the enquiry service's own event store) does not contain. To rebuild this
    model, re-consume ``clc.groups.events`` from the beginning instead.
    """

    name = "enquiry-membership"

    def __init__(self) -> None:
        self._handlers: dict[str, Callable[[ProjectionConnection, str, Data], Awaitable[None]]] = {
            "LearningGroupFormed": self._group_formed,
            "LearningGroupLaunched": self._group_status("launched"),
            "LearningGroupClosed": self._group_status("closed"),
            "MemberAdded": self._member_added,
            "MemberRoleChanged": self._member_role_changed,
            "MemberLeft": self._member_left,
            "PractitionerRegistered": self._practitioner_registered,
            "PractitionerErased": self._practitioner_erased,
            "SchoolRegistered": self._school_named,
            "SchoolUpdated": self._school_named,
            "SchoolJoinedNetwork": self._school_in_network(True),
            "SchoolLeftNetwork": self._school_in_network(False),
            "NetworkCoLeaderAppointed": self._co_leader(True),
            "NetworkCoLeaderStoodDown": self._co_leader(False),
            **PROGRAMME_HANDLERS,  # programmes, cohorts, network plans (``programmes``)
        }

    async def apply(self, conn: ProjectionConnection, event: RecordedEvent) -> None:
        if event.stream_type not in GROUPS_STREAM_TYPES:
            return
        handler = self._handlers.get(event.event_type)
        if handler is not None:
            await handler(conn, event.tenant_id, event.data)

    async def reset(self, conn: ProjectionConnection) -> None:
        """Nothing to do: see the class docstring."""

    # -- learning groups ----------------------------------------------------------------------

    async def _group_formed(self, conn: ProjectionConnection, tenant: str, d: Data) -> None:
        await conn.execute(
            "insert into enq_groups (tenant_id, group_id, name, kind, network_id, status)"
            " values ($1, $2, $3, $4, $5, 'formed')"
            " on conflict (tenant_id, group_id) do update set name = excluded.name,"
            " kind = excluded.kind, network_id = excluded.network_id",
            tenant,
            d["group_id"],
            d.get("name"),
            d.get("kind"),
            d.get("network_id"),
        )

    @staticmethod
    def _group_status(
        status: str,
    ) -> Callable[[ProjectionConnection, str, Data], Awaitable[None]]:
        async def handle(conn: ProjectionConnection, tenant: str, d: Data) -> None:
            await conn.execute(
                "insert into enq_groups (tenant_id, group_id, status) values ($1, $2, $3)"
                " on conflict (tenant_id, group_id) do update set status = excluded.status",
                tenant,
                d["group_id"],
                status,
            )

        return handle

    async def _member_added(self, conn: ProjectionConnection, tenant: str, d: Data) -> None:
        await conn.execute(
            "insert into enq_group_members"
            " (tenant_id, group_id, practitioner_id, role, school_id, has_left)"
            " values ($1, $2, $3, $4, $5, false)"
            " on conflict (tenant_id, group_id, practitioner_id) do update set"
            " role = excluded.role, school_id = excluded.school_id, has_left = false",
            tenant,
            d["group_id"],
            d["practitioner_id"],
            d.get("role") or "member",
            d.get("school_id"),
        )

    async def _member_role_changed(self, conn: ProjectionConnection, tenant: str, d: Data) -> None:
        await conn.execute(
            "update enq_group_members set role = $4"
            " where tenant_id = $1 and group_id = $2 and practitioner_id = $3",
            tenant,
            d["group_id"],
            d["practitioner_id"],
            d["role"],
        )

    async def _member_left(self, conn: ProjectionConnection, tenant: str, d: Data) -> None:
        await conn.execute(
            "update enq_group_members set has_left = true"
            " where tenant_id = $1 and group_id = $2 and practitioner_id = $3",
            tenant,
            d["group_id"],
            d["practitioner_id"],
        )

    # -- people and schools -------------------------------------------------------------------

    async def _practitioner_registered(
        self, conn: ProjectionConnection, tenant: str, d: Data
    ) -> None:
        name = " ".join(p for p in (d.get("given_name"), d.get("family_name")) if p)
        await conn.execute(
            "insert into enq_practitioners (tenant_id, practitioner_id, school_id, display_name)"
            " values ($1, $2, $3, $4)"
            " on conflict (tenant_id, practitioner_id) do update set"
            " school_id = excluded.school_id,"
            " display_name = case when enq_practitioners.erased"
            " then enq_practitioners.display_name else excluded.display_name end",
            tenant,
            d["practitioner_id"],
            d.get("school_id"),
            name or d["practitioner_id"],
        )

    async def _practitioner_erased(self, conn: ProjectionConnection, tenant: str, d: Data) -> None:
        await conn.execute(
            "insert into enq_practitioners (tenant_id, practitioner_id, display_name, erased)"
            " values ($1, $2, $3, true)"
            " on conflict (tenant_id, practitioner_id) do update set"
            " display_name = excluded.display_name, erased = true",
            tenant,
            d["practitioner_id"],
            d.get("replacement_name") or NEUTRAL_NAME,
        )

    async def _school_named(self, conn: ProjectionConnection, tenant: str, d: Data) -> None:
        await conn.execute(
            "insert into enq_schools (tenant_id, school_id, name) values ($1, $2, $3)"
            " on conflict (tenant_id, school_id) do update set name = excluded.name",
            tenant,
            d["school_id"],
            d["name"],
        )

    @staticmethod
    def _school_in_network(
        active: bool,
    ) -> Callable[[ProjectionConnection, str, Data], Awaitable[None]]:
        async def handle(conn: ProjectionConnection, tenant: str, d: Data) -> None:
            await conn.execute(
                "insert into enq_network_schools (tenant_id, network_id, school_id, active)"
                " values ($1, $2, $3, $4)"
                " on conflict (tenant_id, network_id, school_id) do update"
                " set active = excluded.active",
                tenant,
                d["network_id"],
                d["school_id"],
                active,
            )

        return handle

    @staticmethod
    def _co_leader(active: bool) -> Callable[[ProjectionConnection, str, Data], Awaitable[None]]:
        async def handle(conn: ProjectionConnection, tenant: str, d: Data) -> None:
            await conn.execute(
                "insert into enq_network_co_leaders"
                " (tenant_id, network_id, practitioner_id, active) values ($1, $2, $3, $4)"
                " on conflict (tenant_id, network_id, practitioner_id) do update"
                " set active = excluded.active",
                tenant,
                d["network_id"],
                d["practitioner_id"],
                active,
            )

        return handle

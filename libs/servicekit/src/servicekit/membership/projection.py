"""Projects the groups service's published events into a service's local membership read model.

A service depends on the groups service's *events*, never on its code: each event is read from its
published JSON (``event_type`` + ``data``), by the field names the groups service documents.
Events of other streams, and event types this model does not need, are ignored, so the projection
may see every topic the runner consumes (including the service's own).

Every write is an upsert keyed by tenant and id, and no write depends on another stream having been
seen first: events of different groups-service streams (a practitioner, a group) may arrive on
different partitions in any relative order. An erased practitioner stays erased even if their
registration is seen afterwards.

No name or email is ever copied here: personal data lives in the groups service alone, and an API
that shows a person returns a ``Practitioner`` reference the gateway resolves there. A
registration's name fields may be absent or encrypted (crypto-shredding): they are not read.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from eventkit.envelope import RecordedEvent
from eventkit.projection import ProjectionConnection

__all__ = ["GROUPS_STREAM_TYPES", "MembershipProjection"]

# Stream types of the groups service's aggregates: only their events are read here.
GROUPS_STREAM_TYPES = frozenset({"learning_group", "practitioner", "school", "network"})

Data = dict[str, Any]
Handle = Callable[[ProjectionConnection, str, Data], Awaitable[None]]


class MembershipProjection:
    """Groups, their members and roles, practitioners' schools and erasure, schools, networks and
    their co-leaders, into the tables named with ``prefix`` (``servicekit.membership.schema``).

    ``reset`` deliberately keeps every row: these facts come from another service's stream, which a
    rebuild (a replay of the service's own event store) does not contain. To rebuild this model,
    re-consume ``clc.groups.events`` from the beginning instead.
    """

    def __init__(
        self,
        prefix: str,
        name: str,
        extra: Mapping[str, Handle] | None = None,
        extra_stream_types: frozenset[str] = frozenset(),
    ) -> None:
        """``extra``: handlers of further groups events a service keeps for itself (by event
        type; e.g. enquiry's programmes and network plans), on ``extra_stream_types``."""
        self.name = name
        self._p = prefix
        self._stream_types = GROUPS_STREAM_TYPES | extra_stream_types
        self._handlers: dict[str, Handle] = {
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
            **(extra or {}),
        }

    async def apply(self, conn: ProjectionConnection, event: RecordedEvent) -> None:
        if event.stream_type not in self._stream_types:
            return
        handler = self._handlers.get(event.event_type)
        if handler is not None:
            await handler(conn, event.tenant_id, event.data)

    async def reset(self, conn: ProjectionConnection) -> None:
        """Nothing to do: see the class docstring."""

    # -- learning groups ----------------------------------------------------------------------

    async def _group_formed(self, conn: ProjectionConnection, tenant: str, d: Data) -> None:
        await conn.execute(
            f"insert into {self._p}groups (tenant_id, group_id, name, kind, network_id, status)"
            " values ($1, $2, $3, $4, $5, 'formed')"
            " on conflict (tenant_id, group_id) do update set name = excluded.name,"
            " kind = excluded.kind, network_id = excluded.network_id",
            tenant,
            d["group_id"],
            d.get("name"),
            d.get("kind"),
            d.get("network_id"),
        )

    def _group_status(self, status: str) -> Handle:
        async def handle(conn: ProjectionConnection, tenant: str, d: Data) -> None:
            await conn.execute(
                f"insert into {self._p}groups (tenant_id, group_id, status) values ($1, $2, $3)"
                " on conflict (tenant_id, group_id) do update set status = excluded.status",
                tenant,
                d["group_id"],
                status,
            )

        return handle

    async def _member_added(self, conn: ProjectionConnection, tenant: str, d: Data) -> None:
        await conn.execute(
            f"insert into {self._p}group_members"
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
            f"update {self._p}group_members set role = $4"
            " where tenant_id = $1 and group_id = $2 and practitioner_id = $3",
            tenant,
            d["group_id"],
            d["practitioner_id"],
            d["role"],
        )

    async def _member_left(self, conn: ProjectionConnection, tenant: str, d: Data) -> None:
        await conn.execute(
            f"update {self._p}group_members set has_left = true"
            " where tenant_id = $1 and group_id = $2 and practitioner_id = $3",
            tenant,
            d["group_id"],
            d["practitioner_id"],
        )

    # -- people and schools -------------------------------------------------------------------

    async def _practitioner_registered(
        self, conn: ProjectionConnection, tenant: str, d: Data
    ) -> None:
        # only the id and school: the name fields (plain, encrypted or absent) are never read
        await conn.execute(
            f"insert into {self._p}practitioners (tenant_id, practitioner_id, school_id)"
            " values ($1, $2, $3)"
            " on conflict (tenant_id, practitioner_id) do update set"
            " school_id = excluded.school_id",
            tenant,
            d["practitioner_id"],
            d.get("school_id"),
        )

    async def _practitioner_erased(self, conn: ProjectionConnection, tenant: str, d: Data) -> None:
        await conn.execute(
            f"insert into {self._p}practitioners (tenant_id, practitioner_id, erased)"
            " values ($1, $2, true)"
            " on conflict (tenant_id, practitioner_id) do update set erased = true",
            tenant,
            d["practitioner_id"],
        )

    async def _school_named(self, conn: ProjectionConnection, tenant: str, d: Data) -> None:
        await conn.execute(
            f"insert into {self._p}schools (tenant_id, school_id, name) values ($1, $2, $3)"
            " on conflict (tenant_id, school_id) do update set name = excluded.name",
            tenant,
            d["school_id"],
            d["name"],
        )

    def _school_in_network(self, active: bool) -> Handle:
        async def handle(conn: ProjectionConnection, tenant: str, d: Data) -> None:
            await conn.execute(
                f"insert into {self._p}network_schools (tenant_id, network_id, school_id, active)"
                " values ($1, $2, $3, $4)"
                " on conflict (tenant_id, network_id, school_id) do update"
                " set active = excluded.active",
                tenant,
                d["network_id"],
                d["school_id"],
                active,
            )

        return handle

    def _co_leader(self, active: bool) -> Handle:
        async def handle(conn: ProjectionConnection, tenant: str, d: Data) -> None:
            await conn.execute(
                f"insert into {self._p}network_co_leaders"
                " (tenant_id, network_id, practitioner_id, active) values ($1, $2, $3, $4)"
                " on conflict (tenant_id, network_id, practitioner_id) do update"
                " set active = excluded.active",
                tenant,
                d["network_id"],
                d["practitioner_id"],
                active,
            )

        return handle

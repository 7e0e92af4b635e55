"""Participation of a learning group, in aggregate only: how many sessions were held, cancelled or
are still scheduled, and how many of the members attended — counts, never who.

Each group's row keeps its own member count (``MemberAdded`` / ``MemberLeft``), so that a held
session adds the members *at that moment* to ``expected_attendances`` and the attendance rate
stays true after people join or leave. The counters rely on the projector applying each event
exactly once (it records processed event ids in the same transaction), and a rebuild replays them
from zero like every other read model.
"""

from __future__ import annotations

from collections.abc import Mapping

from eventkit.domain import DomainEvent
from eventkit.projection import ProjectionConnection

from clc_groups.domain import (
    ActivityRecorded,
    LearningGroupFormed,
    MemberAdded,
    MemberLeft,
    SessionCancelled,
    SessionHeld,
    SessionScheduled,
)

from .base import GroupsProjection, Handler

__all__ = ["ParticipationProjection"]


class ParticipationProjection(GroupsProjection):
    name = "groups.participation"
    tables = ("gr_group_participation",)

    def handlers(self) -> Mapping[type[DomainEvent], Handler]:
        return {
            LearningGroupFormed: self._formed,
            MemberAdded: self._member_added,
            MemberLeft: self._member_left,
            SessionScheduled: self._session_scheduled,
            SessionHeld: self._session_held,
            SessionCancelled: self._session_cancelled,
            ActivityRecorded: self._activity_recorded,
        }

    async def _activity_recorded(
        self, conn: ProjectionConnection, tenant: str, event: ActivityRecorded
    ) -> None:
        await self._add(conn, tenant, event.group_id, "activities = activities + 1")

    async def _formed(
        self, conn: ProjectionConnection, tenant: str, event: LearningGroupFormed
    ) -> None:
        await conn.execute(
            "insert into gr_group_participation (tenant_id, group_id) values ($1, $2)"
            " on conflict do nothing",
            tenant,
            event.group_id,
        )

    async def _member_added(
        self, conn: ProjectionConnection, tenant: str, event: MemberAdded
    ) -> None:
        await self._add(conn, tenant, event.group_id, "members = members + 1")

    async def _member_left(
        self, conn: ProjectionConnection, tenant: str, event: MemberLeft
    ) -> None:
        await self._add(conn, tenant, event.group_id, "members = members - 1")

    async def _session_scheduled(
        self, conn: ProjectionConnection, tenant: str, event: SessionScheduled
    ) -> None:
        await self._add(conn, tenant, event.group_id, "sessions_scheduled = sessions_scheduled + 1")

    async def _session_held(
        self, conn: ProjectionConnection, tenant: str, event: SessionHeld
    ) -> None:
        # The members *at this moment* are who could have attended (see the module docstring).
        await conn.execute(
            "update gr_group_participation set"
            " sessions_scheduled = sessions_scheduled - 1,"
            " sessions_held = sessions_held + 1,"
            " attendances = attendances + $3,"
            " expected_attendances = expected_attendances + members"
            " where tenant_id = $1 and group_id = $2",
            tenant,
            event.group_id,
            len(set(event.attendee_ids)),
        )

    async def _session_cancelled(
        self, conn: ProjectionConnection, tenant: str, event: SessionCancelled
    ) -> None:
        await self._add(
            conn,
            tenant,
            event.group_id,
            "sessions_scheduled = sessions_scheduled - 1,"
            " sessions_cancelled = sessions_cancelled + 1",
        )

    async def _add(
        self, conn: ProjectionConnection, tenant: str, group_id: str, assignments: str
    ) -> None:
        # `assignments` is one of this module's literals, never input.
        await conn.execute(
            f"update gr_group_participation set {assignments}"
            " where tenant_id = $1 and group_id = $2",
            tenant,
            group_id,
        )

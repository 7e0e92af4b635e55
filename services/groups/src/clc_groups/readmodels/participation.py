"""Participation of a learning group, in aggregate only: how many sessions were held, cancelled or
are still scheduled, and how many of the members attended — counts, never who.

Each group's row keeps its own member count (``MemberAdded`` / ``MemberLeft``), so that a held
session adds the members *at that moment* to ``expected_attendances`` and the attendance rate
stays true after people join or leave. The counters rely on the projector applying each event
exactly once (it records processed event ids in the same transaction), and a rebuild replays them
from zero like every other read model.
"""

from __future__ import annotations

from eventkit.domain import DomainEvent
from eventkit.projection import ProjectionConnection

from clc_groups.domain import (
    LearningGroupFormed,
    MemberAdded,
    MemberLeft,
    SessionCancelled,
    SessionHeld,
    SessionScheduled,
)

from .base import GroupsProjection

__all__ = ["ParticipationProjection"]


class ParticipationProjection(GroupsProjection):
    name = "groups.participation"
    tables = ("gr_group_participation",)

    async def handle(self, conn: ProjectionConnection, tenant: str, event: DomainEvent) -> None:
        match event:
            case LearningGroupFormed():
                await conn.execute(
                    "insert into gr_group_participation (tenant_id, group_id) values ($1, $2)"
                    " on conflict do nothing",
                    tenant,
                    event.group_id,
                )
            case MemberAdded():
                await self._add(conn, tenant, event.group_id, "members = members + 1")
            case MemberLeft():
                await self._add(conn, tenant, event.group_id, "members = members - 1")
            case SessionScheduled():
                await self._add(
                    conn, tenant, event.group_id, "sessions_scheduled = sessions_scheduled + 1"
                )
            case SessionHeld():
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
            case SessionCancelled():
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

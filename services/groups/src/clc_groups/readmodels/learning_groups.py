"""Read models of learning groups: the group, members, ground rules, sessions and attendance."""

from __future__ import annotations

from eventkit.domain import DomainEvent
from eventkit.projection import ProjectionConnection

from clc_groups.domain import (
    GroundRulesAgreed,
    GroundRulesProposed,
    LearningGroupClosed,
    LearningGroupFormed,
    LearningGroupLaunched,
    MemberAdded,
    MemberLeft,
    MemberRoleChanged,
    SessionCancelled,
    SessionHeld,
    SessionScheduled,
)

from .base import GroupsProjection

__all__ = ["LearningGroupsProjection"]


class LearningGroupsProjection(GroupsProjection):
    name = "groups.learning_groups"
    tables = (
        "gr_learning_groups",
        "gr_group_members",
        "gr_ground_rules",
        "gr_sessions",
        "gr_session_attendance",
    )

    async def handle(self, conn: ProjectionConnection, tenant: str, event: DomainEvent) -> None:
        match event:
            case LearningGroupFormed():
                await conn.execute(
                    "insert into gr_learning_groups"
                    " (tenant_id, group_id, name, kind, network_id, founder_id, status)"
                    " values ($1, $2, $3, $4, $5, $6, 'formed') on conflict do nothing",
                    tenant,
                    event.group_id,
                    event.name,
                    event.kind.value,
                    event.network_id,
                    event.founder_id,
                )
            case LearningGroupLaunched():
                await self._status(conn, tenant, event.group_id, "launched")
            case LearningGroupClosed():
                await self._status(conn, tenant, event.group_id, "closed")
            case MemberAdded():
                await conn.execute(
                    "insert into gr_group_members"
                    " (tenant_id, group_id, practitioner_id, role, school_id)"
                    " values ($1, $2, $3, $4, $5) on conflict do nothing",
                    tenant,
                    event.group_id,
                    event.practitioner_id,
                    event.role.value,
                    event.school_id,
                )
            case MemberRoleChanged():
                await conn.execute(
                    "update gr_group_members set role = $4"
                    " where tenant_id = $1 and group_id = $2 and practitioner_id = $3",
                    tenant,
                    event.group_id,
                    event.practitioner_id,
                    event.role.value,
                )
            case MemberLeft():
                await conn.execute(
                    "delete from gr_group_members"
                    " where tenant_id = $1 and group_id = $2 and practitioner_id = $3",
                    tenant,
                    event.group_id,
                    event.practitioner_id,
                )
            case GroundRulesProposed():
                await conn.execute(
                    "insert into gr_ground_rules (tenant_id, group_id, version, text)"
                    " values ($1, $2, $3, $4) on conflict do nothing",
                    tenant,
                    event.group_id,
                    event.version,
                    event.text,
                )
                await conn.execute(
                    "update gr_learning_groups set ground_rules_version = $3"
                    " where tenant_id = $1 and group_id = $2",
                    tenant,
                    event.group_id,
                    event.version,
                )
            case GroundRulesAgreed():
                await conn.execute(
                    "update gr_ground_rules set agreed = true"
                    " where tenant_id = $1 and group_id = $2 and version = $3",
                    tenant,
                    event.group_id,
                    event.version,
                )
                await conn.execute(
                    "update gr_learning_groups set agreed_ground_rules_version = $3"
                    " where tenant_id = $1 and group_id = $2",
                    tenant,
                    event.group_id,
                    event.version,
                )
            case SessionScheduled():
                await conn.execute(
                    "insert into gr_sessions (tenant_id, group_id, session_id, starts_at,"
                    " protocol, artefact_id, status) values ($1, $2, $3, $4, $5, $6, 'scheduled')"
                    " on conflict do nothing",
                    tenant,
                    event.group_id,
                    event.session_id,
                    event.starts_at,
                    event.protocol.value,
                    event.artefact_id,
                )
            case SessionHeld():
                await self._session_status(conn, tenant, event.group_id, event.session_id, "held")
                await conn.execute(
                    "insert into gr_session_attendance"
                    " (tenant_id, group_id, session_id, practitioner_id)"
                    " select $1, $2, $3, unnest($4::text[]) on conflict do nothing",
                    tenant,
                    event.group_id,
                    event.session_id,
                    list(event.attendee_ids),
                )
            case SessionCancelled():
                await self._session_status(
                    conn, tenant, event.group_id, event.session_id, "cancelled", event.reason
                )

    async def _status(
        self, conn: ProjectionConnection, tenant: str, group: str, status: str
    ) -> None:
        await conn.execute(
            "update gr_learning_groups set status = $3 where tenant_id = $1 and group_id = $2",
            tenant,
            group,
            status,
        )

    async def _session_status(
        self,
        conn: ProjectionConnection,
        tenant: str,
        group: str,
        session: str,
        status: str,
        reason: str | None = None,
    ) -> None:
        await conn.execute(
            "update gr_sessions set status = $4, cancel_reason = $5"
            " where tenant_id = $1 and group_id = $2 and session_id = $3",
            tenant,
            group,
            session,
            status,
            reason,
        )

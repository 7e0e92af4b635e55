"""Read models of learning groups: the group, members, ground rules, sessions and attendance."""

from __future__ import annotations

from collections.abc import Mapping

from eventkit.domain import DomainEvent
from eventkit.projection import ProjectionConnection

from clc_groups.domain import (
    ActivityRecorded,
    GroundRulesAgreed,
    GroundRulesInForce,
    GroundRulesProposed,
    GroundRulesWithdrawn,
    LearningGroupClosed,
    LearningGroupFormed,
    LearningGroupLaunched,
    LearningGroupStatus,
    MemberAdded,
    MemberLeft,
    MemberRoleChanged,
    PeerReviewLinked,
    SessionCancelled,
    SessionHeld,
    SessionLearningRecorded,
    SessionScheduled,
    SessionStatus,
)

from .base import GroupsProjection, Handler

__all__ = ["LearningGroupsProjection"]


class LearningGroupsProjection(GroupsProjection):
    name = "groups.learning_groups"
    tables = (
        "gr_learning_groups",
        "gr_group_members",
        "gr_ground_rules",
        "gr_ground_rules_agreements",
        "gr_sessions",
        "gr_session_attendance",
        "gr_activities",
        "gr_group_peer_reviews",
    )

    def handlers(self) -> Mapping[type[DomainEvent], Handler]:
        return {
            LearningGroupFormed: self._formed,
            LearningGroupLaunched: self._launched,
            LearningGroupClosed: self._closed,
            MemberAdded: self._member_added,
            MemberRoleChanged: self._member_role_changed,
            MemberLeft: self._member_left,
            GroundRulesProposed: self._ground_rules_proposed,
            GroundRulesAgreed: self._ground_rules_agreed,
            GroundRulesInForce: self._ground_rules_in_force,
            GroundRulesWithdrawn: self._ground_rules_withdrawn,
            SessionScheduled: self._session_scheduled,
            SessionHeld: self._session_held,
            SessionCancelled: self._session_cancelled,
            SessionLearningRecorded: self._session_learning_recorded,
            ActivityRecorded: self._activity_recorded,
            PeerReviewLinked: self._peer_review_linked,
        }

    # -- records of learning -----------------------------------------------------------------

    async def _session_learning_recorded(
        self, conn: ProjectionConnection, tenant: str, event: SessionLearningRecorded
    ) -> None:
        await conn.execute(
            "update gr_sessions set protocols = $4, learning_points = $5, how_we_worked = $6,"
            " recorded_by = $7 where tenant_id = $1 and group_id = $2 and session_id = $3",
            tenant,
            event.group_id,
            event.session_id,
            [p.value for p in event.protocols],
            list(event.learning_points),
            event.how_we_worked,
            event.recorded_by,
        )

    async def _activity_recorded(
        self, conn: ProjectionConnection, tenant: str, event: ActivityRecorded
    ) -> None:
        await conn.execute(
            "insert into gr_activities (tenant_id, group_id, activity_id, kind, occurred_at,"
            " participant_ids, school_ids, note, recorded_by)"
            " values ($1, $2, $3, $4, $5, $6, $7, $8, $9) on conflict do nothing",
            tenant,
            event.group_id,
            event.activity_id,
            event.kind.value,
            event.occurred_at,
            list(event.participant_ids),
            list(event.school_ids),
            event.note,
            event.recorded_by,
        )

    async def _peer_review_linked(
        self, conn: ProjectionConnection, tenant: str, event: PeerReviewLinked
    ) -> None:
        await conn.execute(
            "insert into gr_group_peer_reviews (tenant_id, group_id, peer_review_id)"
            " values ($1, $2, $3) on conflict do nothing",
            tenant,
            event.group_id,
            event.peer_review_id,
        )

    # -- the group ---------------------------------------------------------------------------

    async def _formed(
        self, conn: ProjectionConnection, tenant: str, event: LearningGroupFormed
    ) -> None:
        await conn.execute(
            "insert into gr_learning_groups"
            " (tenant_id, group_id, name, kind, network_id, founder_id, status,"
            " ground_rules_quorum) values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing",
            tenant,
            event.group_id,
            event.name,
            event.kind.value,
            event.network_id,
            event.founder_id,
            LearningGroupStatus.FORMED.value,
            event.ground_rules_quorum,
        )

    async def _launched(
        self, conn: ProjectionConnection, tenant: str, event: LearningGroupLaunched
    ) -> None:
        await self._status(conn, tenant, event.group_id, LearningGroupStatus.LAUNCHED)

    async def _closed(
        self, conn: ProjectionConnection, tenant: str, event: LearningGroupClosed
    ) -> None:
        await self._status(conn, tenant, event.group_id, LearningGroupStatus.CLOSED)

    async def _status(
        self, conn: ProjectionConnection, tenant: str, group: str, status: LearningGroupStatus
    ) -> None:
        await conn.execute(
            "update gr_learning_groups set status = $3 where tenant_id = $1 and group_id = $2",
            tenant,
            group,
            status.value,
        )

    # -- members -----------------------------------------------------------------------------

    async def _member_added(
        self, conn: ProjectionConnection, tenant: str, event: MemberAdded
    ) -> None:
        await conn.execute(
            "insert into gr_group_members"
            " (tenant_id, group_id, practitioner_id, role, school_id, organisation_id)"
            " values ($1, $2, $3, $4, $5, $6) on conflict do nothing",
            tenant,
            event.group_id,
            event.practitioner_id,
            event.role.value,
            event.school_id,
            event.organisation_id,
        )

    async def _member_role_changed(
        self, conn: ProjectionConnection, tenant: str, event: MemberRoleChanged
    ) -> None:
        await conn.execute(
            "update gr_group_members set role = $4"
            " where tenant_id = $1 and group_id = $2 and practitioner_id = $3",
            tenant,
            event.group_id,
            event.practitioner_id,
            event.role.value,
        )

    async def _member_left(
        self, conn: ProjectionConnection, tenant: str, event: MemberLeft
    ) -> None:
        await conn.execute(
            "delete from gr_group_members"
            " where tenant_id = $1 and group_id = $2 and practitioner_id = $3",
            tenant,
            event.group_id,
            event.practitioner_id,
        )

    # -- ground rules ------------------------------------------------------------------------

    async def _ground_rules_proposed(
        self, conn: ProjectionConnection, tenant: str, event: GroundRulesProposed
    ) -> None:
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

    async def _ground_rules_agreed(
        self, conn: ProjectionConnection, tenant: str, event: GroundRulesAgreed
    ) -> None:
        if not event.by_all_members and event.practitioner_id is not None:
            await conn.execute(
                "insert into gr_ground_rules_agreements"
                " (tenant_id, group_id, version, practitioner_id)"
                " values ($1, $2, $3, $4) on conflict do nothing",
                tenant,
                event.group_id,
                event.version,
                event.practitioner_id,
            )
            return
        # An upcast v1 event: everyone who is a member at this point agreed, and it is in force.
        await conn.execute(
            "insert into gr_ground_rules_agreements"
            " (tenant_id, group_id, version, practitioner_id)"
            " select tenant_id, group_id, $3, practitioner_id from gr_group_members"
            " where tenant_id = $1 and group_id = $2 on conflict do nothing",
            tenant,
            event.group_id,
            event.version,
        )
        await self._in_force(conn, tenant, event.group_id, event.version)

    async def _ground_rules_in_force(
        self, conn: ProjectionConnection, tenant: str, event: GroundRulesInForce
    ) -> None:
        await self._in_force(conn, tenant, event.group_id, event.version)

    async def _ground_rules_withdrawn(
        self, conn: ProjectionConnection, tenant: str, event: GroundRulesWithdrawn
    ) -> None:
        await conn.execute(
            "update gr_ground_rules set withdrawn = true"
            " where tenant_id = $1 and group_id = $2 and version = $3",
            tenant,
            event.group_id,
            event.version,
        )
        await conn.execute(
            "update gr_learning_groups"
            " set ground_rules_version = coalesce(agreed_ground_rules_version, 0)"
            " where tenant_id = $1 and group_id = $2",
            tenant,
            event.group_id,
        )

    async def _in_force(
        self, conn: ProjectionConnection, tenant: str, group_id: str, version: int
    ) -> None:
        await conn.execute(
            "update gr_ground_rules set agreed = true"
            " where tenant_id = $1 and group_id = $2 and version = $3",
            tenant,
            group_id,
            version,
        )
        await conn.execute(
            "update gr_learning_groups set agreed_ground_rules_version = $3"
            " where tenant_id = $1 and group_id = $2",
            tenant,
            group_id,
            version,
        )

    # -- sessions ----------------------------------------------------------------------------

    async def _session_scheduled(
        self, conn: ProjectionConnection, tenant: str, event: SessionScheduled
    ) -> None:
        await conn.execute(
            "insert into gr_sessions (tenant_id, group_id, session_id, starts_at,"
            " protocol, artefact_id, status) values ($1, $2, $3, $4, $5, $6, $7)"
            " on conflict do nothing",
            tenant,
            event.group_id,
            event.session_id,
            event.starts_at,
            event.protocol.value,
            event.artefact_id,
            SessionStatus.SCHEDULED.value,
        )

    async def _session_held(
        self, conn: ProjectionConnection, tenant: str, event: SessionHeld
    ) -> None:
        await self._session_status(
            conn, tenant, event.group_id, event.session_id, SessionStatus.HELD
        )
        await conn.execute(
            "insert into gr_session_attendance"
            " (tenant_id, group_id, session_id, practitioner_id)"
            " select $1, $2, $3, unnest($4::text[]) on conflict do nothing",
            tenant,
            event.group_id,
            event.session_id,
            list(event.attendee_ids),
        )

    async def _session_cancelled(
        self, conn: ProjectionConnection, tenant: str, event: SessionCancelled
    ) -> None:
        await self._session_status(
            conn, tenant, event.group_id, event.session_id, SessionStatus.CANCELLED, event.reason
        )

    async def _session_status(
        self,
        conn: ProjectionConnection,
        tenant: str,
        group: str,
        session: str,
        status: SessionStatus,
        reason: str | None = None,
    ) -> None:
        await conn.execute(
            "update gr_sessions set status = $4, cancel_reason = $5"
            " where tenant_id = $1 and group_id = $2 and session_id = $3",
            tenant,
            group,
            session,
            status.value,
            reason,
        )

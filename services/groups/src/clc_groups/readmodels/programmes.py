"""Read models of programmes: the programme, its cohorts and their participants, each with the
home group they lead (the enquiry service's cohort view builds on the same events)."""

from __future__ import annotations

from collections.abc import Mapping

from eventkit.domain import DomainEvent
from eventkit.projection import ProjectionConnection

from clc_groups.domain import (
    CohortFormed,
    ParticipantEnrolled,
    ParticipantWithdrew,
    ProgrammeEstablished,
)

from .base import GroupsProjection, Handler

__all__ = ["ProgrammesProjection"]


class ProgrammesProjection(GroupsProjection):
    name = "groups.programmes"
    tables = ("gr_programmes", "gr_cohorts", "gr_cohort_participants")

    def handlers(self) -> Mapping[type[DomainEvent], Handler]:
        return {
            ProgrammeEstablished: self._established,
            CohortFormed: self._cohort_formed,
            ParticipantEnrolled: self._enrolled,
            ParticipantWithdrew: self._withdrew,
        }

    async def _established(
        self, conn: ProjectionConnection, tenant: str, event: ProgrammeEstablished
    ) -> None:
        await conn.execute(
            "insert into gr_programmes (tenant_id, programme_id, name, description, founder_id)"
            " values ($1, $2, $3, $4, $5) on conflict do nothing",
            tenant,
            event.programme_id,
            event.name,
            event.description,
            event.founder_id,
        )

    async def _cohort_formed(
        self, conn: ProjectionConnection, tenant: str, event: CohortFormed
    ) -> None:
        await conn.execute(
            "insert into gr_cohorts (tenant_id, programme_id, cohort_id, name, region,"
            " cohort_group_id) values ($1, $2, $3, $4, $5, $6) on conflict do nothing",
            tenant,
            event.programme_id,
            event.cohort_id,
            event.name,
            event.region,
            event.cohort_group_id,
        )

    async def _enrolled(
        self, conn: ProjectionConnection, tenant: str, event: ParticipantEnrolled
    ) -> None:
        await conn.execute(
            "insert into gr_cohort_participants (tenant_id, programme_id, cohort_id,"
            " practitioner_id, home_group_id) values ($1, $2, $3, $4, $5) on conflict do nothing",
            tenant,
            event.programme_id,
            event.cohort_id,
            event.practitioner_id,
            event.home_group_id,
        )

    async def _withdrew(
        self, conn: ProjectionConnection, tenant: str, event: ParticipantWithdrew
    ) -> None:
        await conn.execute(
            "delete from gr_cohort_participants"
            " where tenant_id = $1 and programme_id = $2 and practitioner_id = $3",
            tenant,
            event.programme_id,
            event.practitioner_id,
        )

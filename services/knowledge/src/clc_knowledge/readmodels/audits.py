"""Climate audits, in aggregate only: per run its status and counts, and per statement how many
gave each score. A sealed answer adds one to each of its statements' score counts; nothing of
who gave it is known here (the events carry no one). The projector applies each event once."""

from __future__ import annotations

from collections.abc import Mapping

from eventkit.envelope import RecordedEvent as Env
from eventkit.projection import ProjectionConnection as Conn

from clc_knowledge.domain.climate_audit import (
    ClimateAuditAnswered,
    ClimateAuditClosed,
    ClimateAuditOpened,
    ClimateAuditParticipationRecorded,
)

from .base import Handler, KnowledgeProjection

__all__ = ["ClimateAuditsProjection"]

_WHERE = " where tenant_id = $1 and audit_id = $2"


class ClimateAuditsProjection(KnowledgeProjection):
    name = "knowledge-climate-audits"
    tables = ("kn_climate_audits", "kn_climate_audit_scores")

    def handlers(self) -> Mapping[type, Handler]:
        return {
            ClimateAuditOpened: self._opened,
            ClimateAuditParticipationRecorded: self._participated,
            ClimateAuditAnswered: self._answered,
            ClimateAuditClosed: self._closed,
        }

    async def _opened(self, conn: Conn, env: Env, e: ClimateAuditOpened) -> None:
        await conn.execute(
            "insert into kn_climate_audits (tenant_id, audit_id, tool_artefact_id, instrument_id,"
            " group_id, school_id, status, opened_by, opened_at)"
            " values ($1, $2, $3, $4, $5, $6, 'open', $7, $8) on conflict do nothing",
            env.tenant_id,
            e.audit_id,
            e.tool_artefact_id,
            e.instrument_id,
            e.group_id,
            e.school_id,
            e.author_id,
            env.recorded_at,
        )

    async def _participated(
        self, conn: Conn, env: Env, e: ClimateAuditParticipationRecorded
    ) -> None:
        # a count only: who answered stays on the roll's stream
        await conn.execute(
            "update kn_climate_audits set participants = participants + 1" + _WHERE,
            env.tenant_id,
            e.audit_id,
        )

    async def _answered(self, conn: Conn, env: Env, e: ClimateAuditAnswered) -> None:
        await conn.execute(
            "update kn_climate_audits set respondents = respondents + 1" + _WHERE,
            env.tenant_id,
            e.audit_id,
        )
        await conn.execute(
            "insert into kn_climate_audit_scores (tenant_id, audit_id, item_id, score, answers)"
            " select $1, $2, s.item, s.score, 1"
            " from unnest($3::text[], $4::int[]) as s(item, score)"
            " on conflict (tenant_id, audit_id, item_id, score)"
            " do update set answers = kn_climate_audit_scores.answers + 1",
            env.tenant_id,
            e.audit_id,
            [s.item_id for s in e.scores],
            [s.score for s in e.scores],
        )

    async def _closed(self, conn: Conn, env: Env, e: ClimateAuditClosed) -> None:
        await conn.execute(
            "update kn_climate_audits set status = 'closed', closed_at = $3" + _WHERE,
            env.tenant_id,
            e.audit_id,
            env.recorded_at,
        )

"""Artefacts and their versions: one row per artefact (its current version, audience and counts)
and one row per version, kept for ever. A drafted or adapted artefact starts at version 1; each
revision adds a version row and moves the artefact row to it.

Every write is idempotent on replay: inserts do nothing on conflict, updates set values rather
than add to them, except the counters, which move only when the event is newer than the row
(``stream_version``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from eventkit.envelope import RecordedEvent as Env
from eventkit.projection import ProjectionConnection as Conn

from clc_knowledge.domain import (
    ArtefactAdapted,
    ArtefactClaimedAsBestPractice,
    ArtefactDrafted,
    ArtefactEndorsed,
    ArtefactPublished,
    ArtefactPublishedToCommons,
    ArtefactRetired,
    ArtefactRevised,
    ArtefactUseRecorded,
    ArtefactVisibilityChanged,
    ArtefactWithdrawnFromCommons,
)
from clc_knowledge.domain.values import Citation, Link

from .base import Handler, KnowledgeProjection

__all__ = ["ArtefactsProjection"]


def _json(items: tuple[Link, ...] | tuple[Citation, ...]) -> str:
    return json.dumps([i.model_dump(mode="json") for i in items])


_VERSION = (
    "insert into kn_artefact_versions (tenant_id, artefact_id, version, title, summary, body,"
    " levels, links, citations, contributor_ids, revised_by, change_note, recorded_at)"
    " values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10, $11, $12, $13)"
    " on conflict do nothing"
)

# Moves the artefact row only forward: a replayed (older) event changes nothing.
_NEWER = " and stream_version < $2"


class ArtefactsProjection(KnowledgeProjection):
    name = "knowledge-artefacts"
    tables = ("kn_artefacts", "kn_artefact_versions")

    def handlers(self) -> Mapping[type, Handler]:
        return {
            ArtefactDrafted: self._created,
            ArtefactAdapted: self._created,
            ArtefactRevised: self._revised,
            ArtefactPublished: self._published,
            ArtefactVisibilityChanged: self._visibility,
            ArtefactPublishedToCommons: self._commons(True),
            ArtefactWithdrawnFromCommons: self._commons(False),
            ArtefactEndorsed: self._endorsed,
            ArtefactClaimedAsBestPractice: self._best_practice,
            ArtefactUseRecorded: self._used,
            ArtefactRetired: self._retired,
        }

    async def _update(self, conn: Conn, env: Env, assignments: str, *args: Any) -> None:
        """``update kn_artefacts set <assignments>`` if the event is newer than the row; the
        assignments' own parameters start at $4."""
        await conn.execute(
            f"update kn_artefacts set {assignments}, stream_version = $2, updated_at = $3"
            f" where tenant_id = $1 and artefact_id = ${4 + len(args)}{_NEWER}",
            env.tenant_id,
            env.stream_version,
            env.recorded_at,
            *args,
            env.stream_id,
        )

    async def _created(self, conn: Conn, env: Env, e: ArtefactDrafted | ArtefactAdapted) -> None:
        source = e.derived_from if isinstance(e, ArtefactAdapted) else None
        origin = e.commons_origin if isinstance(e, ArtefactAdapted) else None
        await conn.execute(
            "insert into kn_artefacts (tenant_id, artefact_id, kind, knowledge_field, levels,"
            " title, summary, body, links, citations, version, status, visibility, group_id,"
            " school_id, network_id, contributor_ids, provenance_kind, provenance_id,"
            " derived_from_tenant, derived_from_id, derived_from_version, derived_from_title,"
            " across_tenants, drafted_by, drafted_at, updated_at, stream_version,"
            " commons_origin_tenant, commons_origin_id) values ($1, $2,"
            " $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, 'draft', $12, $13, $14, $15,"
            " $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $25, $26, $27, $28)"
            " on conflict do nothing",
            env.tenant_id,
            e.artefact_id,
            e.kind.value,
            e.knowledge_field.value,
            [lv.value for lv in e.levels],
            e.title,
            e.summary,
            e.body,
            _json(e.links),
            _json(e.citations),
            e.version,
            e.visibility.value,
            e.group_id,
            e.school_id,
            e.network_id,
            list(e.contributor_ids),
            e.provenance.kind.value if e.provenance else None,
            e.provenance.id if e.provenance else None,
            source.tenant_id if source else None,
            source.artefact_id if source else None,
            e.derived_from_version if isinstance(e, ArtefactAdapted) else None,
            e.derived_from_title if isinstance(e, ArtefactAdapted) else None,
            isinstance(e, ArtefactAdapted) and e.across_tenants,
            e.author_id,
            env.recorded_at,
            env.stream_version,
            origin.tenant_id if origin else None,
            origin.artefact_id if origin else None,
        )
        await self._version(conn, env, e, e.version, e.contributor_ids, None)

    async def _version(
        self,
        conn: Conn,
        env: Env,
        e: ArtefactDrafted | ArtefactAdapted | ArtefactRevised,
        version: int,
        contributors: tuple[str, ...],
        note: str | None,
    ) -> None:
        await conn.execute(
            _VERSION,
            env.tenant_id,
            e.artefact_id,
            version,
            e.title,
            e.summary,
            e.body,
            [lv.value for lv in e.levels],
            _json(e.links),
            _json(e.citations),
            list(contributors),
            e.author_id,
            note,
            env.recorded_at,
        )

    async def _revised(self, conn: Conn, env: Env, e: ArtefactRevised) -> None:
        await self._version(conn, env, e, e.version, e.contributor_ids, e.change_note)
        await self._update(
            conn,
            env,
            "version = $4, title = $5, summary = $6, body = $7, levels = $8,"
            " links = $9::jsonb, citations = $10::jsonb, contributor_ids = $11",
            e.version,
            e.title,
            e.summary,
            e.body,
            [lv.value for lv in e.levels],
            _json(e.links),
            _json(e.citations),
            list(e.contributor_ids),
        )

    async def _published(self, conn: Conn, env: Env, e: ArtefactPublished) -> None:
        await self._update(
            conn,
            env,
            "status = 'published', visibility = $4, published_at = $3",
            e.visibility.value,
        )

    async def _visibility(self, conn: Conn, env: Env, e: ArtefactVisibilityChanged) -> None:
        await self._update(conn, env, "visibility = $4", e.visibility.value)

    def _commons(self, present: bool) -> Handler:
        async def handle(conn: Conn, env: Env, e: Any) -> None:
            await self._update(conn, env, "in_commons = $4", present)

        return handle

    async def _endorsed(self, conn: Conn, env: Env, e: ArtefactEndorsed) -> None:
        await self._update(
            conn,
            env,
            "endorsements = endorsements + 1, peer_endorsements = peer_endorsements + $4",
            1 if e.peer else 0,
        )

    async def _best_practice(self, conn: Conn, env: Env, e: ArtefactClaimedAsBestPractice) -> None:
        await self._update(conn, env, "best_practice = $4", True)

    async def _used(self, conn: Conn, env: Env, e: ArtefactUseRecorded) -> None:
        await self._update(conn, env, "uses = uses + $4", 1)

    async def _retired(self, conn: Conn, env: Env, e: ArtefactRetired) -> None:
        await self._update(conn, env, "status = 'retired', retired_at = $3, in_commons = $4", False)

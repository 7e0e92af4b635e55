"""Toolkits: one row per toolkit with its artefacts in order, and one row per adoption.

The order lives in ``artefact_ids`` and moves with the events as the aggregate's does: an added
artefact is put at its ``position`` (0 first), a removed one leaves, a reorder replaces the list.
The projector applies each event once (``projector_processed``), so counters may add."""

from __future__ import annotations

from collections.abc import Mapping

from eventkit.envelope import RecordedEvent as Env
from eventkit.projection import ProjectionConnection as Conn

from clc_knowledge.domain.toolkit import (
    ArtefactAddedToToolkit,
    ArtefactRemovedFromToolkit,
    ToolkitAdopted,
    ToolkitCreated,
    ToolkitPublished,
    ToolkitReordered,
)

from .base import Handler, KnowledgeProjection

__all__ = ["ToolkitsProjection"]

_WHERE = " where tenant_id = $1 and toolkit_id = $2"


class ToolkitsProjection(KnowledgeProjection):
    name = "knowledge-toolkits"
    tables = ("kn_toolkits", "kn_toolkit_adoptions")

    def handlers(self) -> Mapping[type, Handler]:
        return {
            ToolkitCreated: self._created,
            ArtefactAddedToToolkit: self._added,
            ArtefactRemovedFromToolkit: self._removed,
            ToolkitReordered: self._reordered,
            ToolkitPublished: self._published,
            ToolkitAdopted: self._adopted,
        }

    async def _created(self, conn: Conn, env: Env, e: ToolkitCreated) -> None:
        await conn.execute(
            "insert into kn_toolkits (tenant_id, toolkit_id, title, purpose, status, visibility,"
            " group_id, school_id, network_id, contributor_ids, created_by, created_at,"
            " updated_at) values ($1, $2, $3, $4, 'draft', $5, $6, $7, $8, $9, $10, $11, $11)"
            " on conflict do nothing",
            env.tenant_id,
            e.toolkit_id,
            e.title,
            e.purpose,
            e.visibility.value,
            e.group_id,
            e.school_id,
            e.network_id,
            list(e.curator_ids),
            e.author_id,
            env.recorded_at,
        )

    async def _added(self, conn: Conn, env: Env, e: ArtefactAddedToToolkit) -> None:
        # PostgreSQL arrays count from 1: the first ``position`` stay, then the new one
        await conn.execute(
            "update kn_toolkits set artefact_ids = artefact_ids[1:$3] || array[$4::text]"
            " || artefact_ids[$3 + 1:], updated_at = $5" + _WHERE,
            env.tenant_id,
            e.toolkit_id,
            e.position,
            e.artefact_id,
            env.recorded_at,
        )

    async def _removed(self, conn: Conn, env: Env, e: ArtefactRemovedFromToolkit) -> None:
        await conn.execute(
            "update kn_toolkits set artefact_ids = array_remove(artefact_ids, $3), updated_at = $4"
            + _WHERE,
            env.tenant_id,
            e.toolkit_id,
            e.artefact_id,
            env.recorded_at,
        )

    async def _reordered(self, conn: Conn, env: Env, e: ToolkitReordered) -> None:
        await conn.execute(
            "update kn_toolkits set artefact_ids = $3, updated_at = $4" + _WHERE,
            env.tenant_id,
            e.toolkit_id,
            list(e.artefact_ids),
            env.recorded_at,
        )

    async def _published(self, conn: Conn, env: Env, e: ToolkitPublished) -> None:
        await conn.execute(
            "update kn_toolkits set status = 'published', visibility = $3, published_at = $4,"
            " updated_at = $4" + _WHERE,
            env.tenant_id,
            e.toolkit_id,
            e.visibility.value,
            env.recorded_at,
        )

    async def _adopted(self, conn: Conn, env: Env, e: ToolkitAdopted) -> None:
        await conn.execute(
            "insert into kn_toolkit_adoptions (tenant_id, toolkit_id, group_id, adopted_by,"
            " adopted_at, note) values ($1, $2, $3, $4, $5, $6) on conflict do nothing",
            env.tenant_id,
            e.toolkit_id,
            e.group_id,
            e.author_id,
            env.recorded_at,
            e.note,
        )
        await conn.execute(
            "update kn_toolkits set adoptions = adoptions + 1, updated_at = $3" + _WHERE,
            env.tenant_id,
            e.toolkit_id,
            env.recorded_at,
        )

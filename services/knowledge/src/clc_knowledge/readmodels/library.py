"""The library projection: one search row per artefact (``kn_library``), the text of its current
attachments (``kn_library_attachments``) and the commons copies (``kn_library_commons``).

Updates of ``kn_library`` move it only forward (``stream_version``), so a replayed event changes
nothing; attachment rows are keyed by attachment id and the row's ``attachment_text`` is always
recomputed from them. An attachment's text is read from ``kn_attachment_texts`` (written beside
the blob before the event was appended, see ``application.attachments``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from eventkit.envelope import RecordedEvent as Env
from eventkit.projection import ProjectionConnection as Conn

from clc_knowledge.domain import (
    ArtefactAdapted,
    ArtefactDrafted,
    ArtefactPublished,
    ArtefactPublishedToCommons,
    ArtefactRetired,
    ArtefactRevised,
    ArtefactVisibilityChanged,
    ArtefactWithdrawnFromCommons,
    AttachmentAdded,
    AttachmentRemoved,
)

from .base import Handler, KnowledgeProjection

__all__ = ["MAX_ATTACHMENT_TEXT", "LibraryProjection"]

#: characters of attachment text an artefact's search document holds (a tsvector is at most 1 MB)
MAX_ATTACHMENT_TEXT = 300_000

_RECOMPUTE = (
    "update kn_library set attachment_text = coalesce((select left(string_agg(text, ' '"
    " order by attachment_id), $3) from kn_library_attachments"
    " where tenant_id = $1 and artefact_id = $2), '') where tenant_id = $1 and artefact_id = $2"
)


class LibraryProjection(KnowledgeProjection):
    name = "knowledge-library"
    tables = ("kn_library", "kn_library_attachments", "kn_library_commons")

    def handlers(self) -> Mapping[type, Handler]:
        return {
            ArtefactDrafted: self._created,
            ArtefactAdapted: self._created,
            ArtefactRevised: self._revised,
            ArtefactPublished: self._published,
            ArtefactVisibilityChanged: self._visibility,
            ArtefactPublishedToCommons: self._to_commons,
            ArtefactWithdrawnFromCommons: self._from_commons,
            ArtefactRetired: self._retired,
            AttachmentAdded: self._attached,
            AttachmentRemoved: self._detached,
        }

    async def _update(self, conn: Conn, env: Env, assignments: str, *args: Any) -> None:
        """``update kn_library set <assignments>`` if the event is newer; parameters from $4."""
        await conn.execute(
            f"update kn_library set {assignments}, stream_version = $2, updated_at = $3"
            f" where tenant_id = $1 and artefact_id = ${4 + len(args)} and stream_version < $2",
            env.tenant_id,
            env.stream_version,
            env.recorded_at,
            *args,
            env.stream_id,
        )

    async def _created(self, conn: Conn, env: Env, e: ArtefactDrafted | ArtefactAdapted) -> None:
        await conn.execute(
            "insert into kn_library (tenant_id, artefact_id, kind, knowledge_field, levels,"
            " status, visibility, group_id, school_id, network_id, contributor_ids, title,"
            " summary, body, updated_at, stream_version) values ($1, $2, $3, $4, $5, 'draft',"
            " $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) on conflict do nothing",
            env.tenant_id,
            e.artefact_id,
            e.kind.value,
            e.knowledge_field.value,
            [lv.value for lv in e.levels],
            e.visibility.value,
            e.group_id,
            e.school_id,
            e.network_id,
            list(e.contributor_ids),
            e.title,
            e.summary,
            e.body,
            env.recorded_at,
            env.stream_version,
        )

    async def _revised(self, conn: Conn, env: Env, e: ArtefactRevised) -> None:
        await self._update(
            conn,
            env,
            "title = $4, summary = $5, body = $6, levels = $7, contributor_ids = $8",
            e.title,
            e.summary,
            e.body,
            [lv.value for lv in e.levels],
            list(e.contributor_ids),
        )

    async def _published(self, conn: Conn, env: Env, e: ArtefactPublished) -> None:
        await self._update(conn, env, "status = 'published', visibility = $4", e.visibility.value)

    async def _visibility(self, conn: Conn, env: Env, e: ArtefactVisibilityChanged) -> None:
        await self._update(conn, env, "visibility = $4", e.visibility.value)

    async def _to_commons(self, conn: Conn, env: Env, e: ArtefactPublishedToCommons) -> None:
        await self._update(conn, env, "in_commons = $4", True)
        await conn.execute(
            "insert into kn_library_commons (tenant_id, artefact_id, version, kind,"
            " knowledge_field, levels, title, summary, body, attribution, published_at)"
            " values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
            " on conflict (tenant_id, artefact_id) do update set version = excluded.version,"
            " kind = excluded.kind, knowledge_field = excluded.knowledge_field,"
            " levels = excluded.levels, title = excluded.title, summary = excluded.summary,"
            " body = excluded.body, attribution = excluded.attribution,"
            " published_at = excluded.published_at",
            env.tenant_id,
            e.artefact_id,
            e.version,
            e.kind.value,
            e.knowledge_field.value,
            [lv.value for lv in e.levels],
            e.title,
            e.summary,
            e.body,
            e.attribution,
            env.recorded_at,
        )

    async def _from_commons(self, conn: Conn, env: Env, e: ArtefactWithdrawnFromCommons) -> None:
        await self._update(conn, env, "in_commons = $4", False)
        await self._drop_commons_copy(conn, env)

    async def _retired(self, conn: Conn, env: Env, e: ArtefactRetired) -> None:
        await self._update(conn, env, "status = 'retired', in_commons = $4", False)
        await self._drop_commons_copy(conn, env)

    async def _drop_commons_copy(self, conn: Conn, env: Env) -> None:
        await conn.execute(
            "delete from kn_library_commons where tenant_id = $1 and artefact_id = $2",
            env.tenant_id,
            env.stream_id,
        )

    async def _attached(self, conn: Conn, env: Env, e: AttachmentAdded) -> None:
        await conn.execute(
            "insert into kn_library_attachments (tenant_id, artefact_id, attachment_id, blob_id,"
            " filename, media_type, size_bytes, sha256, version, added_by, added_at, text)"
            " select $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, coalesce((select text"
            " from kn_attachment_texts where tenant_id = $1 and blob_id = $4), '')"
            " on conflict do nothing",
            env.tenant_id,
            e.artefact_id,
            e.attachment_id,
            e.blob_id,
            e.filename,
            e.media_type,
            e.size_bytes,
            e.sha256,
            e.version,
            e.author_id,
            env.recorded_at,
        )
        await conn.execute(_RECOMPUTE, env.tenant_id, e.artefact_id, MAX_ATTACHMENT_TEXT)

    async def _detached(self, conn: Conn, env: Env, e: AttachmentRemoved) -> None:
        await conn.execute(
            "delete from kn_library_attachments"
            " where tenant_id = $1 and artefact_id = $2 and attachment_id = $3",
            env.tenant_id,
            e.artefact_id,
            e.attachment_id,
        )
        await conn.execute(_RECOMPUTE, env.tenant_id, e.artefact_id, MAX_ATTACHMENT_TEXT)

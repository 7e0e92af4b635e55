"""Lineage: where an artefact came from and where it travelled, with each recorded use.

In a tenant, the tree is assembled from ``kn_artefacts`` itself (every adaptation names its
``derived_from``) and the uses recorded here (``kn_artefact_uses``: "used in session X of group
Y", "used in enquiry Z"); every node is filtered by the reader's visibility like any artefact.
Where an artefact crossed into another tenant (through the commons), the tree shows only what
``kn_commons_reach`` counts for it: how many tenants, adaptations and uses — never their rows.
"""

from __future__ import annotations

from collections.abc import Mapping

import asyncpg
from eventkit.envelope import RecordedEvent as Env
from eventkit.migrations import Migration
from eventkit.projection import ProjectionConnection as Conn
from servicekit.rls import rls_guard

from clc_knowledge.domain import ArtefactUseRecorded, Reader

from .base import Handler, KnowledgeProjection
from .visibility import reader_parameters, visible_sql

__all__ = [
    "LINEAGE_MIGRATIONS",
    "LINEAGE_TABLES",
    "UsesProjection",
    "adaptations_of",
    "uses_of",
]

LINEAGE_TABLES = ("kn_artefact_uses",)

_TABLES = """
create table kn_artefact_uses (
    tenant_id text not null, artefact_id text not null, use_id text not null,
    context text not null,                 -- session | enquiry | group | other
    group_id text, session_id text, enquiry_id text, school_id text, network_id text,
    used_on date, note text,
    recorded_by text not null, recorded_at timestamptz not null,
    primary key (tenant_id, artefact_id, use_id));
create index kn_artefact_uses_recent on kn_artefact_uses (tenant_id, artefact_id, recorded_at desc);
"""

LINEAGE_MIGRATIONS = [
    Migration("knowledge_0004_uses", _TABLES + "".join(rls_guard(t) for t in LINEAGE_TABLES))
]


class UsesProjection(KnowledgeProjection):
    name = "knowledge-uses"
    tables = LINEAGE_TABLES

    def handlers(self) -> Mapping[type, Handler]:
        return {ArtefactUseRecorded: self._used}

    async def _used(self, conn: Conn, env: Env, e: ArtefactUseRecorded) -> None:
        await conn.execute(
            "insert into kn_artefact_uses (tenant_id, artefact_id, use_id, context, group_id,"
            " session_id, enquiry_id, school_id, network_id, used_on, note, recorded_by,"
            " recorded_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
            " on conflict do nothing",
            env.tenant_id,
            e.artefact_id,
            e.use_id,
            e.context.value,
            e.group_id,
            e.session_id,
            e.enquiry_id,
            e.school_id,
            e.network_id,
            e.used_on,
            e.note,
            e.author_id,
            env.recorded_at,
        )


async def adaptations_of(
    conn: asyncpg.Connection, reader: Reader, artefact_id: str, *, depth: int = 20
) -> list[asyncpg.Record]:
    """Every adaptation below ``artefact_id`` in the reader's tenant that the reader sees, with
    its ``parent_id`` and ``depth`` (1: adapted from it), breadth first."""
    rows: list[asyncpg.Record] = await conn.fetch(
        "with recursive tree as ("
        " select a.*, a.derived_from_id as parent_id, 1 as depth from kn_artefacts a"
        " where a.tenant_id = $1 and a.derived_from_tenant = $1 and a.derived_from_id = $7"
        " union all"
        " select a.*, a.derived_from_id, t.depth + 1 from kn_artefacts a join tree t"
        " on a.tenant_id = t.tenant_id and a.derived_from_tenant = t.tenant_id"
        " and a.derived_from_id = t.artefact_id where t.depth < $8)"
        f" select * from tree t where {visible_sql(1, 't')} order by depth, drafted_at",
        *reader_parameters(reader),
        artefact_id,
        depth,
    )
    return rows


async def uses_of(
    conn: asyncpg.Connection, tenant_id: str, artefact_id: str, *, limit: int
) -> list[asyncpg.Record]:
    """The artefact's recorded uses, newest first (for an artefact the reader sees)."""
    rows: list[asyncpg.Record] = await conn.fetch(
        "select * from kn_artefact_uses where tenant_id = $1 and artefact_id = $2"
        " order by recorded_at desc, use_id limit $3",
        tenant_id,
        artefact_id,
        limit,
    )
    return rows

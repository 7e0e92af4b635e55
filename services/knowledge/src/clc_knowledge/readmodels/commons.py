"""The commons: copies of exactly what tenants published to every tenant of the installation, and
how far each travelled into other tenants (in aggregate only).

This is the one place a tenant reads another tenant's work, and it never reads across row-level
security (ARCHITECTURE.md, "Crossing tenants"): ``ArtefactPublishedToCommons`` carries a copy of
what was published, and this projection writes that copy into ``kn_commons``, a table made for
sharing — readable by every tenant, with no tenant policy, holding nothing but what was published.
Withdrawing deletes the copy (new readers no longer find it) and leaves a mark in
``kn_commons_withdrawn``, so adaptations elsewhere can say their source was withdrawn.

``kn_commons_reach`` counts, per commons artefact and per tenant it reached, the adaptations and
recorded uses there (of the adaptation and everything adapted from it in that tenant): the
source's authors see where their practice travelled as numbers, never as the other tenant's rows.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import asyncpg
from eventkit.envelope import RecordedEvent as Env
from eventkit.migrations import Migration
from eventkit.projection import ProjectionConnection as Conn

from clc_knowledge.domain import (
    ArtefactAdapted,
    ArtefactPublishedToCommons,
    ArtefactUseRecorded,
    ArtefactWithdrawnFromCommons,
)

from .base import Handler, KnowledgeProjection

__all__ = [
    "COMMONS_MIGRATIONS",
    "COMMONS_TABLES",
    "CommonsProjection",
    "PostgresCommons",
    "commons_copies",
    "commons_withdrawn",
    "reach_of",
]

COMMONS_TABLES = ("kn_commons", "kn_commons_withdrawn", "kn_commons_reach")

# No row-level security on these three: they hold only what was explicitly shared (copies) or
# counts, and every tenant reads them.
_TABLES = """
create table kn_commons (
    tenant_id text not null, artefact_id text not null,
    version int not null, kind text not null, knowledge_field text not null,
    levels text[] not null, title text not null, summary text, body text not null,
    links jsonb not null default '[]', citations jsonb not null default '[]',
    attribution text not null,
    derived_from_tenant text, derived_from_id text,
    published_at timestamptz not null,
    primary key (tenant_id, artefact_id));
create index kn_commons_published on kn_commons (published_at desc, tenant_id, artefact_id);
create table kn_commons_withdrawn (
    tenant_id text not null, artefact_id text not null, withdrawn_at timestamptz not null,
    primary key (tenant_id, artefact_id));
create table kn_commons_reach (
    tenant_id text not null, artefact_id text not null,   -- the commons artefact
    reached_tenant_id text not null,
    adaptations int not null default 0, uses int not null default 0,
    primary key (tenant_id, artefact_id, reached_tenant_id));
alter table kn_artefacts add column commons_origin_tenant text;
alter table kn_artefacts add column commons_origin_id text;
"""

COMMONS_MIGRATIONS = [Migration("knowledge_0003_commons", _TABLES)]

_REACH = (
    "insert into kn_commons_reach as r (tenant_id, artefact_id, reached_tenant_id,"
    " adaptations, uses) values ($1, $2, $3, $4, $5)"
    " on conflict (tenant_id, artefact_id, reached_tenant_id) do update set"
    " adaptations = r.adaptations + excluded.adaptations, uses = r.uses + excluded.uses"
)


class CommonsProjection(KnowledgeProjection):
    name = "knowledge-commons"
    tables = COMMONS_TABLES

    def handlers(self) -> Mapping[type, Handler]:
        return {
            ArtefactPublishedToCommons: self._published,
            ArtefactWithdrawnFromCommons: self._withdrawn,
            ArtefactAdapted: self._adapted,
            ArtefactUseRecorded: self._used,
        }

    async def _published(self, conn: Conn, env: Env, e: ArtefactPublishedToCommons) -> None:
        source = e.derived_from
        await conn.execute(
            "insert into kn_commons (tenant_id, artefact_id, version, kind, knowledge_field,"
            " levels, title, summary, body, links, citations, attribution, derived_from_tenant,"
            " derived_from_id, published_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
            " $10::jsonb, $11::jsonb, $12, $13, $14, $15) on conflict do nothing",
            env.tenant_id,
            e.artefact_id,
            e.version,
            e.kind.value,
            e.knowledge_field.value,
            [lv.value for lv in e.levels],
            e.title,
            e.summary,
            e.body,
            json.dumps([i.model_dump(mode="json") for i in e.links]),
            json.dumps([i.model_dump(mode="json") for i in e.citations]),
            e.attribution,
            source.tenant_id if source else None,
            source.artefact_id if source else None,
            env.recorded_at,
        )
        await conn.execute(
            "delete from kn_commons_withdrawn where tenant_id = $1 and artefact_id = $2",
            env.tenant_id,
            e.artefact_id,
        )

    async def _withdrawn(self, conn: Conn, env: Env, e: ArtefactWithdrawnFromCommons) -> None:
        await conn.execute(
            "delete from kn_commons where tenant_id = $1 and artefact_id = $2",
            env.tenant_id,
            e.artefact_id,
        )
        await conn.execute(
            "insert into kn_commons_withdrawn (tenant_id, artefact_id, withdrawn_at)"
            " values ($1, $2, $3) on conflict (tenant_id, artefact_id)"
            " do update set withdrawn_at = excluded.withdrawn_at",
            env.tenant_id,
            e.artefact_id,
            env.recorded_at,
        )

    async def _adapted(self, conn: Conn, env: Env, e: ArtefactAdapted) -> None:
        origin = e.commons_origin
        if origin is not None:
            await conn.execute(_REACH, origin.tenant_id, origin.artefact_id, env.tenant_id, 1, 0)

    async def _used(self, conn: Conn, env: Env, e: ArtefactUseRecorded) -> None:
        origin = await conn.fetchrow(
            "select commons_origin_tenant, commons_origin_id from kn_artefacts"
            " where tenant_id = $1 and artefact_id = $2",
            env.tenant_id,
            e.artefact_id,
        )
        if origin is not None and origin["commons_origin_id"] is not None:
            await conn.execute(
                _REACH,
                origin["commons_origin_tenant"],
                origin["commons_origin_id"],
                env.tenant_id,
                0,
                1,
            )


# -- reading -------------------------------------------------------------------------------------


async def commons_copies(
    conn: asyncpg.Connection, keys: list[tuple[str, str]]
) -> list[asyncpg.Record]:
    """The commons copies of ``(tenant, artefact)`` keys (withdrawn ones are gone)."""
    rows: list[asyncpg.Record] = await conn.fetch(
        "select c.* from kn_commons c join unnest($1::text[], $2::text[]) k(t, a)"
        " on c.tenant_id = k.t and c.artefact_id = k.a",
        [k[0] for k in keys],
        [k[1] for k in keys],
    )
    return rows


async def commons_withdrawn(conn: asyncpg.Connection, tenant_id: str, artefact_id: str) -> bool:
    found: bool = await conn.fetchval(
        "select exists (select 1 from kn_commons_withdrawn"
        " where tenant_id = $1 and artefact_id = $2)",
        tenant_id,
        artefact_id,
    )
    return found


async def reach_of(
    conn: asyncpg.Connection, tenant_id: str, artefact_ids: list[str]
) -> dict[str, tuple[int, int, int]]:
    """Per artefact of ``tenant_id``: (tenants reached, adaptations there, uses there)."""
    rows = await conn.fetch(
        "select artefact_id, count(*) as tenants, sum(adaptations) as adaptations,"
        " sum(uses) as uses from kn_commons_reach where tenant_id = $1"
        " and artefact_id = any($2::text[]) and reached_tenant_id <> $1 group by artefact_id",
        tenant_id,
        artefact_ids,
    )
    return {r["artefact_id"]: (r["tenants"], r["adaptations"], r["uses"]) for r in rows}


class PostgresCommons:
    """The commons as the application layer reads it (to adapt another tenant's artefact)."""

    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def copy_of(self, tenant_id: str, artefact_id: str) -> Mapping[str, Any] | None:
        async with self._pool.acquire() as conn:
            rows = await commons_copies(conn, [(tenant_id, artefact_id)])
        return dict(rows[0]) if rows else None

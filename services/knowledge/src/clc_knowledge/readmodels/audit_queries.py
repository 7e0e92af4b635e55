"""Reading climate audits: aggregates only, and only for those who may see a run — members of
the audited group, people of the audited school, its opener and tenant admins."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg

from clc_knowledge.domain import Reader

__all__ = ["audit_runs", "audit_scores", "audits_by_id", "scope_audits"]


def _visible(first: int, alias: str = "") -> str:
    """Who sees a run, over ``$first`` .. ``$first+4`` (``_params``)."""
    t, adm, p, grp, sch = (f"${first + i}" for i in range(5))
    c = f"{alias}." if alias else ""
    return (
        f"({c}tenant_id = {t} and ({adm} or {c}opened_by = {p}"
        f" or {c}group_id = any({grp}::text[]) or ({c}school_id is not null"
        f" and {c}school_id = {sch})))"
    )


def _params(reader: Reader) -> list[Any]:
    return [
        reader.tenant_id,
        reader.admin,
        reader.person_id,
        sorted(reader.group_ids),
        reader.school_id,
    ]


async def audits_by_id(
    conn: asyncpg.Connection, reader: Reader, ids: Sequence[str]
) -> list[asyncpg.Record]:
    rows: list[asyncpg.Record] = await conn.fetch(
        f"select * from kn_climate_audits where audit_id = any($6::text[]) and {_visible(1)}",
        *_params(reader),
        list(ids),
    )
    return rows


async def scope_audits(
    conn: asyncpg.Connection,
    reader: Reader,
    *,
    group_id: str | None = None,
    school_id: str | None = None,
    after: str | None,
    limit: int,
) -> list[asyncpg.Record]:
    """Runs of a group's or a school's audits, oldest first (the page key orders them)."""
    rows: list[asyncpg.Record] = await conn.fetch(
        "select *, to_char(opened_at at time zone 'UTC', 'YYYYMMDDHH24MISSUS') || audit_id"
        " as page_key from kn_climate_audits"
        f" where {_visible(1)} and (group_id = $6 or school_id = $7)"
        " and ($8::text is null or to_char(opened_at at time zone 'UTC',"
        " 'YYYYMMDDHH24MISSUS') || audit_id > $8) order by opened_at, audit_id limit $9",
        *_params(reader),
        group_id,
        school_id,
        after,
        limit,
    )
    return rows


async def audit_runs(conn: asyncpg.Connection, reader: Reader, run: Any) -> list[asyncpg.Record]:
    """Every run of ``run``'s tool for its group or school, oldest first: change over time."""
    rows: list[asyncpg.Record] = await conn.fetch(
        f"select * from kn_climate_audits where {_visible(1)} and tool_artefact_id = $6"
        " and group_id is not distinct from $7 and school_id is not distinct from $8"
        " order by opened_at, audit_id",
        *_params(reader),
        run["tool_artefact_id"],
        run["group_id"],
        run["school_id"],
    )
    return rows


async def audit_scores(
    conn: asyncpg.Connection, tenant_id: str, audit_id: str
) -> list[asyncpg.Record]:
    """How many gave each score to each statement; call only for a run the reader sees."""
    rows: list[asyncpg.Record] = await conn.fetch(
        "select item_id, score, answers from kn_climate_audit_scores"
        " where tenant_id = $1 and audit_id = $2",
        tenant_id,
        audit_id,
    )
    return rows

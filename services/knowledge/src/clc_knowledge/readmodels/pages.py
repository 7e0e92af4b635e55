"""Keyset pages of the lists that grow: artefacts of a place (group, network, enquiry,
contributor), uses of an artefact, the commons.

Each query returns up to ``first + 1`` rows after a key (the extra row only says a next page
exists) and a ``page_key`` column, the text the API encodes as the row's opaque cursor: newest
first, ``<UTC time>|<id>``. Artefact lists are filtered by the reader's visibility inside the
query, so a page is never cut short by it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import asyncpg

from clc_knowledge.domain import Reader

from .visibility import reader_parameters, visible_sql

__all__ = ["ArtefactsOf", "artefacts_of", "commons_page", "uses_page"]

_UTC_MICROS = "to_char({col} at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US')"

After = tuple[datetime, str] | None


class ArtefactsOf(StrEnum):
    """Which artefacts of a place: the condition on ``$7``."""

    GROUP = "a.group_id = $7"
    NETWORK = "a.network_id = $7"
    ENQUIRY = "a.provenance_kind = 'enquiry' and a.provenance_id = $7"
    CONTRIBUTOR = "$7 = any(a.contributor_ids)"


async def artefacts_of(
    conn: asyncpg.Connection,
    reader: Reader,
    of: ArtefactsOf,
    key: str,
    *,
    after: After,
    first: int,
) -> list[asyncpg.Record]:
    """The artefacts of a place the reader sees, most recently drafted first."""
    at, last_id = after if after else (None, None)
    rows: list[asyncpg.Record] = await conn.fetch(
        "select a.*, "
        + _UTC_MICROS.format(col="a.drafted_at")
        + " || '|' || a.artefact_id as page_key from kn_artefacts a"
        f" where {of.value} and {visible_sql(1, 'a')}"
        " and ($8::timestamptz is null or (a.drafted_at, a.artefact_id) < ($8, $9::text))"
        " order by a.drafted_at desc, a.artefact_id desc limit $10",
        *reader_parameters(reader),
        key,
        at,
        last_id,
        first + 1,
    )
    return rows


async def uses_page(
    conn: asyncpg.Connection, tenant_id: str, artefact_id: str, *, after: After, first: int
) -> list[asyncpg.Record]:
    """An artefact's recorded uses, newest first (for an artefact the reader sees)."""
    at, last_id = after if after else (None, None)
    rows: list[asyncpg.Record] = await conn.fetch(
        "select u.*, "
        + _UTC_MICROS.format(col="u.recorded_at")
        + " || '|' || u.use_id as page_key from kn_artefact_uses u"
        " where u.tenant_id = $1 and u.artefact_id = $2"
        " and ($3::timestamptz is null or (u.recorded_at, u.use_id) < ($3, $4::text))"
        " order by u.recorded_at desc, u.use_id desc limit $5",
        tenant_id,
        artefact_id,
        at,
        last_id,
        first + 1,
    )
    return rows


async def commons_page(
    conn: asyncpg.Connection, *, after: After, first: int
) -> list[asyncpg.Record]:
    """The commons, most recently published first (every tenant reads it)."""
    at, last_key = after if after else (None, None)
    rows: list[asyncpg.Record] = await conn.fetch(
        "select c.*, "
        + _UTC_MICROS.format(col="c.published_at")
        + " || '|' || c.tenant_id || '/' || c.artefact_id as page_key from kn_commons c"
        " where ($1::timestamptz is null"
        " or (c.published_at, c.tenant_id || '/' || c.artefact_id) < ($1, $2::text))"
        " order by c.published_at desc, c.tenant_id || '/' || c.artefact_id desc limit $3",
        at,
        last_key,
        first + 1,
    )
    return rows

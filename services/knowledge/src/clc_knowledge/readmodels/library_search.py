"""Searching the library: PostgreSQL full-text search under the reader's visibility, with facets.

``search`` answers one page of hits (ranked, with a ``ts_headline`` snippet) and ``facets`` the
counts of kind, field, level, visibility and network over the whole visible result set. Both run
the same ``_hits`` SQL: the reader's own tenant's rows of ``kn_library`` that the visibility rule
lets them see (``visibility.visible_sql``, the SQL form of ``domain.visibility.sees``; the reader's
school, groups and networks come from the membership read model), plus the commons copies of
*other* tenants (``kn_library_commons``; the reader's own commons artefacts are already in
``kn_library``).

The query text is ``websearch_to_tsquery`` (english: stemmed; ``"a phrase"``, ``or``, ``-not``),
and the last word, while being typed, also matches as a prefix (``climate aud`` finds "climate
audit"): see ``tsquery_parts``. An empty query browses, newest first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import asyncpg

from clc_knowledge.domain import Reader

from .visibility import reader_parameters, visible_sql

__all__ = ["LibraryFilters", "facets", "search", "tsquery_parts"]

#: a last word this long or longer also matches as a prefix (shorter ones would match too much)
PREFIX_MIN = 3
_LAST_WORD = re.compile(r"(?:^|\s)([^\W_]+)$")
_OR_BEFORE = re.compile(r"(?:^|\s)or\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class LibraryFilters:
    """Each filter keeps rows whose value is among the given ones (``None``: no filter)."""

    kinds: list[str] | None = None
    knowledge_fields: list[str] | None = None
    levels: list[str] | None = None  # any of them
    visibilities: list[str] | None = None  # 'commons' for what is in the commons
    network_ids: list[str] | None = None
    statuses: list[str] = field(default_factory=lambda: ["published"])


def tsquery_parts(text: str) -> tuple[str, str | None, bool]:
    """``(websearch text, prefix word or None, or-joined)``: the last word of ``text`` becomes a
    prefix when it is a plain word of ``PREFIX_MIN`` letters or more outside quotes and not
    negated; ``or-joined`` when the word before it was ``or``."""
    stripped = text.strip()
    found = _LAST_WORD.search(stripped)
    if not found or stripped.count('"') % 2 or len(found.group(1)) < PREFIX_MIN:
        return stripped, None, False
    rest = stripped[: found.start(1)]
    joined_by_or = bool(_OR_BEFORE.search(rest))
    if joined_by_or:
        rest = _OR_BEFORE.sub("", rest)
    return rest.strip(), found.group(1), joined_by_or


_QUERY = (
    "(case when $7::text is null then null"
    " when $8::text is null then websearch_to_tsquery('english', $7)"
    " when $9 then websearch_to_tsquery('english', $7) || to_tsquery('english', $8 || ':*')"
    " else websearch_to_tsquery('english', $7) && to_tsquery('english', $8 || ':*') end)"
)

# $1..$6 the reader (visible_sql), $7..$9 the query, $10..$15 the filters
_FILTERS = (
    " and ($10::text[] is null or {a}.kind = any($10))"
    " and ($11::text[] is null or {a}.knowledge_field = any($11))"
    " and ($12::text[] is null or {a}.levels && $12)"
    " and ($13::text[] is null or {vis} = any($13))"
    " and ($14::text[] is null or {net} = any($14))"
    " and {status} = any($15)"
)


def _hits(columns_own: str, columns_commons: str) -> str:
    own_filters = _FILTERS.format(
        a="l",
        vis="(case when l.in_commons then 'commons' else l.visibility end)",
        net="l.network_id",
        status="l.status",
    )
    commons_filters = _FILTERS.format(a="c", vis="'commons'", net="null", status="'published'")
    return (
        f"select {columns_own} from kn_library l, q"
        f" where {visible_sql(1, 'l')} and (q.query is null or l.document @@ q.query)"
        f"{own_filters}"
        f" union all select {columns_commons} from kn_library_commons c, q"
        f" where c.tenant_id <> $1 and (q.query is null or c.document @@ q.query)"
        f"{commons_filters}"
    )


_PAGE = (
    f"with q as (select {_QUERY} as query), hits as ({{hits}})"
    " select h.*, case when q.query is null then null else ts_headline('english',"
    " left(concat_ws(' ', h.summary, h.body, h.attachment_text), 10000), q.query,"
    " 'MaxFragments=2, MaxWords=24, MinWords=8, StartSel=**, StopSel=**') end as snippet"
    " from (select * from hits order by rank desc, updated_at desc, tenant_id, artefact_id"
    " limit $16 offset $17) h, q order by h.rank desc, h.updated_at desc, h.tenant_id,"
    " h.artefact_id"
)
_RANK = "case when q.query is null then 0 else ts_rank({a}.document, q.query) end as rank"
_PAGE_SQL = _PAGE.format(
    hits=_hits(
        "l.tenant_id, l.artefact_id, l.kind, l.knowledge_field, l.levels, l.status,"
        " case when l.in_commons then 'commons' else l.visibility end as visibility,"
        " l.network_id, l.title, l.summary, l.body, l.attachment_text, l.updated_at,"
        f" null::text as attribution, false as foreign_commons, {_RANK.format(a='l')}",
        "c.tenant_id, c.artefact_id, c.kind, c.knowledge_field, c.levels, 'published',"
        " 'commons', null, c.title, c.summary, c.body, '', c.published_at,"
        f" c.attribution, true, {_RANK.format(a='c')}",
    )
)

_FACETS_SQL = (
    f"with q as (select {_QUERY} as query), hits as ({{hits}})"
    " select f.facet, f.value, count(*)::int as count from hits h, lateral ("
    " select 'kind', h.kind union all select 'field', h.knowledge_field"
    " union all select 'visibility', h.visibility union all select 'network', h.network_id"
    " union all select 'level', unnest(h.levels)) f(facet, value)"
    " where f.value is not null group by f.facet, f.value order by f.facet, count desc, f.value"
).format(
    hits=_hits(
        "l.kind, l.knowledge_field, l.levels,"
        " case when l.in_commons then 'commons' else l.visibility end as visibility, l.network_id",
        "c.kind, c.knowledge_field, c.levels, 'commons', null",
    )
)


def _parameters(reader: Reader, text: str | None, filters: LibraryFilters) -> list[Any]:
    query, prefix, joined_by_or = (
        tsquery_parts(text) if text and text.strip() else ("", None, False)
    )
    has_query = bool(text and text.strip())
    return [
        *reader_parameters(reader),
        query if has_query else None,
        prefix,
        joined_by_or,
        filters.kinds,
        filters.knowledge_fields,
        filters.levels,
        filters.visibilities,
        filters.network_ids,
        filters.statuses,
    ]


async def search(
    conn: asyncpg.Connection,
    reader: Reader,
    text: str | None,
    filters: LibraryFilters,
    *,
    limit: int,
    offset: int,
) -> list[asyncpg.Record]:
    """Up to ``limit`` hits from ``offset``, best first (newest first without a query)."""
    rows: list[asyncpg.Record] = await conn.fetch(
        _PAGE_SQL, *_parameters(reader, text, filters), limit, offset
    )
    return rows


async def facets(
    conn: asyncpg.Connection, reader: Reader, text: str | None, filters: LibraryFilters
) -> dict[str, list[tuple[str, int]]]:
    """``{facet: [(value, count), ...]}`` over every hit the reader may see, largest first;
    facets: ``kind``, ``field``, ``level``, ``visibility``, ``network``."""
    found: dict[str, list[tuple[str, int]]] = {
        f: [] for f in ("kind", "field", "level", "visibility", "network")
    }
    for row in await conn.fetch(_FACETS_SQL, *_parameters(reader, text, filters)):
        found[row["facet"]].append((row["value"], row["count"]))
    return found

"""Searching the library: PostgreSQL full-text search under the reader's visibility, with facets.

``search`` answers one page of hits (ranked, with a ``ts_headline`` snippet) and ``facets`` the
counts of kind, field, level, visibility and network over the visible hits. Both read the
reader's own tenant's rows of ``kn_library`` that the visibility rule lets them see
(``visibility.visible_sql``, the SQL form of ``domain.visibility.sees``; the reader's school,
groups and networks come from the membership read model), plus the commons copies of *other*
tenants (``kn_library_commons``; the reader's own commons artefacts are already in
``kn_library``).

Bounded work, so a broad query ("learning") costs about what a narrow one does: the ranking
considers the first ``CANDIDATES`` title hits (which ``ts_rank``'s weights put first anyway),
as many body-only hits and as many commons hits — for a query with more hits than that, the
body-only ones ranked are a sample, not the best of all; the facets count up to ``FACET_CAP``
hits (``facets`` says whether they are exact). Both are measured in ``bench/library_bench.py``.

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

__all__ = ["CANDIDATES", "FACET_CAP", "LibraryFilters", "facets", "search", "tsquery_parts"]

#: a last word this long or longer also matches as a prefix (shorter ones would match too much)
PREFIX_MIN = 3
#: hits ranked per kind (title hits, body-only hits, commons copies); pages reach this deep
CANDIDATES = 1_000
#: hits the facets count at most, of the reader's tenant and of the commons each
FACET_CAP = 10_000
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


# The tsquery, inlined where it is used (a join to a one-row CTE would hide it from the GIN index)
_TSQUERY = (
    "(case when $8::text is null then websearch_to_tsquery('english', $7)"
    " when $9 then websearch_to_tsquery('english', $7) || to_tsquery('english', $8 || ':*')"
    " else websearch_to_tsquery('english', $7) && to_tsquery('english', $8 || ':*') end)"
)
# browsing names the (null) query parameters anyway: every $n must have a type
_BROWSE = "$7::text is null and $8::text is null and not $9::bool"

# $1..$6 the reader (visible_sql), $7..$9 the query, $10..$15 the filters
_FILTERS = (
    " and ($10::text[] is null or {a}.kind = any($10))"
    " and ($11::text[] is null or {a}.knowledge_field = any($11))"
    " and ($12::text[] is null or {a}.levels && $12)"
    " and ($13::text[] is null or {vis} = any($13))"
    " and ($14::text[] is null or {net} = any($14))"
    " and {status} = any($15)"
)
_VISIBILITY = "(case when l.in_commons then 'commons' else l.visibility end)"
_OWN = f"from kn_library l where {visible_sql(1, 'l')}" + _FILTERS.format(
    a="l", vis=_VISIBILITY, net="l.network_id", status="l.status"
)
_COMMONS = "from kn_library_commons c where c.tenant_id <> $1" + _FILTERS.format(
    a="c", vis="'commons'", net="null", status="'published'"
)
_ORDER = "rank desc, updated_at desc, tenant_id, artefact_id"


def _ranked_candidates() -> str:
    """Up to ``CANDIDATES`` title hits, as many body-only hits and as many commons hits, each
    with its ``ts_rank``: ranking every hit of a broad query would read every hit's document."""
    rank = f"ts_rank({{a}}.document, {_TSQUERY})"
    own = (
        f"l.tenant_id, l.artefact_id, false as foreign_commons, l.updated_at, {rank.format(a='l')}"
    )
    return (
        f"(select {own} as rank {_OWN} and l.title_document @@ {_TSQUERY} limit {CANDIDATES})"
        f" union all (select {own} {_OWN} and l.document @@ {_TSQUERY}"
        f" and not l.title_document @@ {_TSQUERY} limit {CANDIDATES})"
        f" union all (select c.tenant_id, c.artefact_id, true, c.published_at,"
        f" {rank.format(a='c')} {_COMMONS} and c.document @@ {_TSQUERY} limit {CANDIDATES})"
    )


def _recent() -> str:
    return (
        "(select l.tenant_id, l.artefact_id, false as foreign_commons, l.updated_at,"
        f" 0::real as rank {_OWN} and {_BROWSE})"
        " union all (select c.tenant_id, c.artefact_id, true, c.published_at, 0::real"
        f" {_COMMONS})"
    )


def _page_sql(text: bool) -> str:
    """The page's keys and ranks first (``$16`` from ``$17``), then their rows: only the page's
    bodies are read, for the snippets."""
    snippet = (
        "ts_headline('english', left(concat_ws(' ', coalesce(l.summary, c.summary),"
        f" coalesce(l.body, c.body), l.attachment_text), 10000), {_TSQUERY},"
        " 'MaxFragments=2, MaxWords=24, MinWords=8, StartSel=**, StopSel=**')"
        if text
        else "null::text"
    )
    hits = _ranked_candidates() if text else _recent()
    return (
        f"with top as (select * from ({hits}) h order by {_ORDER} limit $16 offset $17)"
        " select t.tenant_id, t.artefact_id, t.foreign_commons, t.rank,"
        " coalesce(l.kind, c.kind) as kind,"
        " coalesce(l.knowledge_field, c.knowledge_field) as knowledge_field,"
        " coalesce(l.levels, c.levels) as levels, coalesce(l.title, c.title) as title,"
        " coalesce(l.summary, c.summary) as summary, coalesce(l.status, 'published') as status,"
        f" case when t.foreign_commons then 'commons' else {_VISIBILITY} end as visibility,"
        f" l.network_id, c.attribution, t.updated_at, {snippet} as snippet"
        " from top t"
        " left join kn_library l on not t.foreign_commons and l.tenant_id = t.tenant_id"
        " and l.artefact_id = t.artefact_id"
        " left join kn_library_commons c on t.foreign_commons and c.tenant_id = t.tenant_id"
        " and c.artefact_id = t.artefact_id"
        f" order by t.{_ORDER.replace(', ', ', t.')}"
    )


def _facets_sql(text: bool) -> str:
    """Counts over the visible hits, up to ``FACET_CAP`` of them."""
    match_own = f" and l.document @@ {_TSQUERY}" if text else f" and {_BROWSE}"
    match_commons = f" and c.document @@ {_TSQUERY}" if text else ""
    hits = (
        f"(select l.kind, l.knowledge_field, l.levels, {_VISIBILITY} as visibility,"
        f" l.network_id {_OWN}{match_own} limit {FACET_CAP})"
        " union all (select c.kind, c.knowledge_field, c.levels, 'commons', null"
        f" {_COMMONS}{match_commons} limit {FACET_CAP})"
    )
    # one pass over the hits, then one small aggregate per facet
    return (
        f"with h as materialized ({hits})"
        " select 'kind' as facet, kind as value, count(*)::int as count from h group by kind"
        " union all select 'field', knowledge_field, count(*) from h group by knowledge_field"
        " union all select 'visibility', visibility, count(*) from h group by visibility"
        " union all select 'network', network_id, count(*) from h"
        " where network_id is not null group by network_id"
        " union all select 'level', level, count(*) from h, unnest(h.levels) level group by level"
    )


# For the rest of the (read) transaction. Costed as cheap, ``@@`` tempts the planner into a
# sequential scan that stops at a LIMIT — but evaluating it reads each row's document out of line,
# and a broad query then reads tens of thousands of them; the GIN bitmap reads only the hits.
_INDEXES_FIRST = "set local enable_seqscan = off"

_PAGE_SQL = {text: _page_sql(text) for text in (True, False)}
_FACETS_SQL = {text: _facets_sql(text) for text in (True, False)}


def _parameters(reader: Reader, text: str | None, filters: LibraryFilters) -> list[Any]:
    has_query = bool(text and text.strip())
    query, prefix, joined_by_or = tsquery_parts(text or "") if has_query else ("", None, False)
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
    parameters = _parameters(reader, text, filters)
    await conn.execute(_INDEXES_FIRST)
    rows: list[asyncpg.Record] = await conn.fetch(
        _PAGE_SQL[parameters[6] is not None], *parameters, limit, offset
    )
    return rows


async def facets(
    conn: asyncpg.Connection, reader: Reader, text: str | None, filters: LibraryFilters
) -> dict[str, list[tuple[str, int]]]:
    """``{facet: [(value, count), ...]}`` over the hits the reader may see (up to ``FACET_CAP``
    of their tenant's and as many commons copies), largest first; facets: ``kind``, ``field``,
    ``level``, ``visibility``, ``network``."""
    found: dict[str, list[tuple[str, int]]] = {
        f: [] for f in ("kind", "field", "level", "visibility", "network")
    }
    parameters = _parameters(reader, text, filters)
    await conn.execute(_INDEXES_FIRST)
    for row in await conn.fetch(_FACETS_SQL[parameters[6] is not None], *parameters):
        found[row["facet"]].append((row["value"], row["count"]))
    for counts in found.values():
        counts.sort(key=lambda vc: (-vc[1], vc[0]))
    return found

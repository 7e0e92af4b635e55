"""The library: full-text search with facets over 100,000 artefacts, at 1 and 20 clients.

What is measured is one ``library`` request's database work, exactly as the API does it: the
ranked page (20 hits with ``ts_headline`` snippets) and the facet counts, each in its own
read transaction of the app role (forced row-level security, the tenant set), for a reader who is
not an admin (so the visibility rule does real work: their school, group and two networks),
through ``clc_knowledge.readmodels.library_search``. The GraphQL layer on top is the same for
every query and is measured by the http benches.

Seeding: 100,000 library rows of one tenant and 2,000 commons copies of another are written with
``COPY`` (PostgreSQL computes each row's search document as it is copied in), not by 100,000
commands through the event store and projector: the bench measures reading, and the write path
has its own benches. Texts are drawn from a Zipf-like distribution over a vocabulary of
education words and a long tail of rarer ones, so common words match tens of thousands of
artefacts and rare ones a handful, like a real library.

Baselines, measured in the same run over the same rows and queries:

* *without facets* — the same search, page only: what the facet counts cost;
* *naive ILIKE* — what one would write without full-text search: ``title ilike '%…%' or body
  ilike '%…%'`` under the same visibility rule, newest first, with the same facets (a sequential
  scan; fewer requests, as each takes long).
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import asyncpg
from clc_knowledge.domain import Reader
from clc_knowledge.readmodels import ALL_TABLES
from clc_knowledge.readmodels.library_search import LibraryFilters, facets, search
from clc_knowledge.readmodels.visibility import reader_parameters, visible_sql
from clc_knowledge.service import MIGRATIONS
from devstack.databases import create_database
from eventkit.migrations import migrate
from eventkit.pg import connect
from servicekit.roles import ensure_app_role
from servicekit.settings import with_credentials

from bench.report import Timer, latency_line, percentile, progress

ARTEFACTS = 100_000
COMMONS = 2_000
TENANT, OTHER = "tenant-a", "tenant-b"
APP_ROLE, APP_PASSWORD = "bench_knowledge_app", "bench-knowledge-password"

_WORDS = (
    "learning enquiry group school network leadership practice teacher pupil reflection trust"
    " climate audit ground rules protocol coaching feedback curriculum assessment lesson study"
    " observation dialogue facilitator session evidence impact wellbeing inclusion literacy"
    " numeracy mentoring collaboration peer review research findings case discussion paper"
    " behaviour attendance transition mathematics science reading writing oracy questioning"
    " metacognition planning marking homework parents community governors budget timetable"
    " induction retention workload professional development action plan data tracking"
    " intervention tutoring disadvantage vocabulary phonics fluency comprehension play"
    " outdoor garden music art sport relationships listening voice agency belonging culture"
)
WORDS = _WORDS.split()
TAIL = [f"term{n}" for n in range(8_000)]
_KINDS = (
    "start_up_guideline ground_rules_template reflective_exercise discussion_paper"
    " climate_audit_tool case_study protocol research_summary enquiry_findings"
)
KINDS = _KINDS.split()
FIELDS = ("practitioner", "public", "co_constructed")
LEVELS = ("pupil", "adult", "leadership", "school_wide", "school_to_school", "network_to_network")
VISIBILITIES = ("group", "school", "network", "network", "tenant", "tenant", "tenant")

LIBRARY_COLUMNS = (
    "tenant_id artefact_id kind knowledge_field levels status visibility in_commons group_id"
    " school_id network_id contributor_ids title summary body attachment_text updated_at"
    " stream_version"
)
COMMONS_COLUMNS = (
    "tenant_id artefact_id version kind knowledge_field levels title summary body attribution"
    " published_at"
)

READER = Reader(
    tenant_id=TENANT,
    person_id="p-reader",
    school_id="s3",
    group_ids=frozenset({"g5"}),
    network_ids=frozenset({"n1", "n2"}),
)

QUERIES = [
    "ground rules",
    "climate audit",
    "reflective coaching",
    '"lesson study"',
    "pupil voice",
    "trust",
    "metacogn",  # a prefix being typed
    "reading or writing",
    "term7012",  # rare
    "peer review -mathematics",
    "wellbeing belonging",
    "learning",  # the broadest: about 12% of artefacts
]


PHRASES = ["ground rules", "lesson study", "climate audit", "pupil voice", "peer review"]


def _document_frequencies() -> list[tuple[str, float]]:
    """Each domain word or phrase, with the share of artefacts that use it: from 12% down to
    0.2%, log-uniformly (the first listed are the most common)."""
    units = PHRASES + WORDS
    top, bottom = 0.12, 0.002
    return [(unit, top * (bottom / top) ** (i / (len(units) - 1))) for i, unit in enumerate(units)]


def _body(rng: random.Random, frequencies: list[tuple[str, float]], weights: list[float]) -> str:
    """Filler from a Zipf-like tail, with each domain word or phrase in by its frequency."""
    tokens = rng.choices(TAIL, weights=weights, k=rng.randint(60, 220))
    for unit, share in frequencies:
        if rng.random() < share:
            tokens.insert(rng.randrange(len(tokens) + 1), unit)
    return " ".join(tokens)


def _title(rng: random.Random, frequencies: list[tuple[str, float]]) -> str:
    units = [u for u, _ in frequencies]
    chosen = rng.choices(units, weights=[f for _, f in frequencies], k=rng.randint(1, 3))
    return " ".join([*chosen, *rng.choices(TAIL[:500], k=rng.randint(1, 3))]).capitalize()


def _rows(rng: random.Random) -> list[tuple[object, ...]]:
    frequencies = _document_frequencies()
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(TAIL))]
    now = datetime.now(UTC)
    rows = []
    for i in range(ARTEFACTS):
        status = "published" if rng.random() < 0.9 else rng.choice(("draft", "retired"))
        rows.append(
            (
                TENANT,
                str(uuid.UUID(int=rng.getrandbits(128))),
                rng.choice(KINDS),
                rng.choice(FIELDS),
                rng.sample(LEVELS, rng.randint(1, 2)),
                status,
                rng.choice(VISIBILITIES),
                rng.random() < 0.02,
                f"g{rng.randrange(400)}",
                f"s{rng.randrange(60)}",
                f"n{rng.randrange(12)}",
                [f"p{rng.randrange(5_000)}"],
                _title(rng, frequencies),
                None,
                _body(rng, frequencies, weights),
                "",
                now - timedelta(minutes=i),
                1,
            )
        )
    return rows


async def seed(admin_dsn: str) -> str:
    """A knowledge database with the library seeded; the app role's DSN."""
    dsn = await create_database(admin_dsn, "bench_library")
    conn = await connect(dsn)
    try:
        await migrate(conn, MIGRATIONS)
        await ensure_app_role(conn, APP_ROLE, APP_PASSWORD, ALL_TABLES)
        rng = random.Random(20261125)
        progress(f"library: generating {ARTEFACTS:,} artefacts")
        rows = _rows(rng)
        progress("library: COPY into kn_library (search documents computed on the way in)")
        with Timer() as t:
            await conn.copy_records_to_table(
                "kn_library",
                records=rows,
                columns=LIBRARY_COLUMNS.split(),
            )
            commons = [
                (OTHER, r[1], 1, r[2], r[3], r[4], r[12], None, r[14], "Network B", r[16])
                for r in rows[:COMMONS]
            ]
            await conn.copy_records_to_table(
                "kn_library_commons",
                records=commons,
                columns=COMMONS_COLUMNS.split(),
            )
            await conn.execute("analyze kn_library; analyze kn_library_commons")
        progress(f"library: seeded in {t.seconds:.1f} s")
    finally:
        await conn.close()
    return with_credentials(dsn, APP_ROLE, APP_PASSWORD)


Request = Callable[[asyncpg.Pool, str], Awaitable[None]]


async def _read(
    pool: asyncpg.Pool, work: Callable[[asyncpg.Connection], Awaitable[object]]
) -> None:
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("select set_config('app.tenant_id', $1, true)", TENANT)
        await work(conn)


async def with_facets(pool: asyncpg.Pool, text: str) -> None:
    filters = LibraryFilters()
    await _read(pool, lambda c: search(c, READER, text, filters, limit=21, offset=0))
    await _read(pool, lambda c: facets(c, READER, text, filters))


async def without_facets(pool: asyncpg.Pool, text: str) -> None:
    filters = LibraryFilters()
    await _read(pool, lambda c: search(c, READER, text, filters, limit=21, offset=0))


_ILIKE_WHERE = (
    f"from kn_library l where {visible_sql(1, 'l')} and l.status = 'published'"
    " and (l.title ilike $7 or l.body ilike $7)"
)
_ILIKE_PAGE = (
    f"select l.artefact_id, l.title, l.summary {_ILIKE_WHERE} order by l.updated_at desc limit 21"
)
_ILIKE_FACETS = (
    "select f.facet, f.value, count(*) from (select l.kind, l.knowledge_field, l.levels,"
    f" l.visibility, l.network_id {_ILIKE_WHERE}) h, lateral (select 'kind', h.kind union all"
    " select 'field', h.knowledge_field union all select 'visibility', h.visibility union all"
    " select 'network', h.network_id union all select 'level', unnest(h.levels)) f(facet, value)"
    " group by 1, 2"
)


async def naive_ilike(pool: asyncpg.Pool, text: str) -> None:
    pattern = "%" + text.strip('"').split(" -")[0].replace(" or ", " ") + "%"
    args = [*reader_parameters(READER), pattern]
    await _read(pool, lambda c: c.fetch(_ILIKE_PAGE, *args))
    await _read(pool, lambda c: c.fetch(_ILIKE_FACETS, *args))


async def measure(pool: asyncpg.Pool, request: Request, clients: int, total: int) -> list[float]:
    """``total`` requests over ``clients`` concurrent clients, cycling through ``QUERIES``."""
    latencies: list[float] = []
    counter = iter(range(total))

    async def client() -> None:
        for n in counter:
            started = time.perf_counter()
            await request(pool, QUERIES[n % len(QUERIES)])
            latencies.append(time.perf_counter() - started)

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies


async def run(admin_dsn: str) -> list[str]:
    app_dsn = await seed(admin_dsn)
    pool = await asyncpg.create_pool(app_dsn, min_size=20, max_size=20)
    lines: list[str] = []
    try:
        await measure(pool, with_facets, 4, 48)  # warm the cache
        plans = (
            ("search + facets", with_facets, {1: 120, 20: 600}),
            ("baseline: search without facets", without_facets, {1: 120, 20: 600}),
            ("baseline: naive ILIKE + facets", naive_ilike, {1: 24, 20: 40}),
        )
        for clients in (1, 20):
            for name, request, totals in plans:
                progress(f"library: {name}, {clients} client(s)")
                with Timer() as t:
                    latencies = await measure(pool, request, clients, totals[clients])
                rate = len(latencies) / t.seconds
                lines.append(
                    f"{latency_line(f'{name}, {clients} client(s)', latencies)}  {rate:.0f} req/s"
                )
                if name == "search + facets" and clients == 20:
                    p99 = percentile([s * 1000 for s in latencies], 0.99)
                    verdict = "met" if p99 < 50 else "NOT met"
                    lines.append(f"{'':<46} aim p99 < 50 ms at 20 clients: {verdict}")
    finally:
        await pool.close()
    return lines

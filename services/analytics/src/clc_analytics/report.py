"""``clc analytics report``: the views as one self-contained HTML page of SVG charts.

Nothing in the page is fetched: the charts are drawn here (``charts``), the style is inline and
there is no script, so it opens offline, from a mail attachment or a file share.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from html import escape
from pathlib import Path
from typing import Any

import duckdb

from .charts import bar_chart, heat_map, line_chart
from .views import create_views

__all__ = ["DEPTHS", "LEVELS", "render_report", "write_report"]

LEVELS = ("pupil", "adult", "leadership", "school_wide", "school_to_school", "network_to_network")
DEPTHS = ("shallow", "deep", "profound")
FIELDS = ("practitioner", "public", "co_constructed")

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;color:#222;padding:0 1rem}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2.2rem}
.small-multiples{display:flex;flex-wrap:wrap;gap:1rem}.note{color:#555;font-size:.9rem}
figure{margin:0}figcaption{font-size:.9rem;color:#444}
"""


class _Report:
    def __init__(self, db: duckdb.DuckDBPyConnection, tenant: str | None) -> None:
        self.db, self.tenant = db, tenant

    def rows(self, query: str) -> list[tuple[Any, ...]]:
        where = "where tenant_id = ?" if self.tenant else ""
        return self.db.execute(
            query.format(where=where), [self.tenant] if self.tenant else []
        ).fetchall()

    def matrix(self) -> list[str]:
        rows = self.rows(
            "select month, level, depth, sum(validated)::bigint from learning_matrix_over_time"
            " {where} group by all order by month"
        )
        months = sorted({m for m, *_ in rows})
        total: dict[tuple[str, str], int] = {}
        for _, level, depth, n in rows:
            total[(level, depth)] = total.get((level, depth), 0) + n
        charts = [
            heat_map(total, LEVELS, DEPTHS, "Validated learning claims to date, by level and depth")
        ]
        for month in months[-6:]:
            cells = {(lv, dp): n for m, lv, dp, n in rows if m == month}
            charts.append(heat_map(cells, LEVELS, DEPTHS, f"Validated in {month:%B %Y}"))
        return charts

    def weekly(self, query: str, names: Sequence[str]) -> tuple[list[str], dict[str, list[float]]]:
        found = {week: values for week, *values in self.rows(query)}
        weeks = _weeks(found)
        series = {
            n: [float(found.get(w, [0] * len(names))[i] or 0) for w in weeks]
            for i, n in enumerate(names)
        }
        return [f"{w:%d %b}" for w in weeks], series

    def balance(self) -> list[tuple[str, float, str]]:
        counted = dict(
            self.rows(
                "select knowledge_field, sum(ideas)::bigint from knowledge_balance {where}"
                " group by all"
            )
        )
        total = sum(counted.values()) or 1
        return [
            (
                f,
                counted.get(f, 0),
                f"{counted.get(f, 0)} ideas, {100 * counted.get(f, 0) / total:.0f}%",
            )
            for f in FIELDS
        ]


def _weeks(found: Iterable[date]) -> list[date]:
    known = sorted(found)
    if not known:
        return []
    weeks, week = [], known[0]
    while week <= known[-1]:
        weeks.append(week)
        week += timedelta(days=7)
    return weeks


def render_report(db: duckdb.DuckDBPyConnection, tenant: str | None = None) -> str:
    r = _Report(db, tenant)
    participation = r.weekly(
        "select week, sum(sessions_held), sum(attendances) from participation_over_time {where}"
        " group by week order by week",
        ["sessions held", "attendances"],
    )
    claims = r.weekly(
        "select week, sum(claimed), sum(validated), sum(challenged) from claims_over_time {where}"
        " group by week order by week",
        ["claimed", "validated", "challenged"],
    )
    activity = r.weekly(
        "select date_trunc('week', day)::date as week, sum(events), max(people_active)"
        " from network_activity {where} group by week order by week",
        ["events", "peak people a day"],
    )
    scope = f"tenant {escape(tenant)}" if tenant else "every tenant"
    sections = [
        (
            "Learning matrix",
            "Validated learning claims by level of learning and depth.",
            '<div class="small-multiples">' + "".join(r.matrix()) + "</div>",
        ),
        (
            "Participation over time",
            "Sessions held and attendances, per week.",
            line_chart(*participation, "Participation per week"),
        ),
        (
            "Learning claims over time",
            "Claims made, validated and challenged, per week.",
            line_chart(*claims, "Learning claims per week"),
        ),
        (
            "Knowledge balance",
            "Ideas proposed in enquiries, by field of knowledge.",
            bar_chart(r.balance(), "Ideas by field of knowledge"),
        ),
        ("Network activity", "Events landed per week.", line_chart(*activity, "Activity per week")),
    ]
    body = "".join(
        f"<section><h2>{escape(title)}</h2><p class=note>{escape(note)}</p>"
        f"<figure>{chart}</figure></section>"
        for title, note, chart in sections
    )
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width, initial-scale=1'>"
        f"<title>Learning communities — analytics</title><style>{_STYLE}</style></head><body>"
        f"<h1>Learning communities — analytics</h1><p class=note>{scope}; made {made} from the"
        " pseudonymised analytics lake (aggregates only).</p>"
        f"{body}</body></html>"
    )


def write_report(lake_dir: Path, out: Path, tenant: str | None = None) -> None:
    with duckdb.connect() as db:
        create_views(db, lake_dir)
        out.write_text(render_report(db, tenant), encoding="utf-8")

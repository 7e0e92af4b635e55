"""The lake, its views and the report over a known history (no broker: rows straight from
records as the relays publish them)."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest
from clc_analytics.lake import Lake
from clc_analytics.pseudonyms import Pseudonyms
from clc_analytics.report import render_report
from clc_analytics.rows import Row, row_of
from clc_analytics.views import create_views

from tests.support.analytics import found_in
from tests.support.analytics_world import EMAIL, FAMILY, NAME, history

PSEUDONYMS = Pseudonyms("unit-key")


def rows(records: list[tuple[str, tuple[bytes, bytes, list[tuple[str, bytes]]]]]) -> list[Row]:
    return [
        row_of(topic, 0, offset, value, headers, PSEUDONYMS)
        for offset, (topic, (_key, value, headers)) in enumerate(records)
    ]


@pytest.fixture
def lake(tmp_path: Path) -> Lake:
    lake = Lake(tmp_path / "lake")
    lake.prepare(0)
    everything = rows(history())
    lake.write(1, everything[:10])
    lake.write(2, everything[10:])
    return lake


@pytest.fixture
def db(lake: Lake) -> duckdb.DuckDBPyConnection:
    db = duckdb.connect()
    create_views(db, lake.root)
    return db


def test_files_are_partitioned_by_topic_and_date(lake: Lake) -> None:
    names = {str(p.relative_to(lake.root).parent) for p in lake.files()}
    assert "topic=clc.groups.events/date=2026-10-05" in names
    assert "topic=clc.enquiry.events/date=2026-11-14" in names


def test_nothing_personal_is_landed(lake: Lake) -> None:
    assert found_in(lake.root, [NAME, FAMILY, EMAIL, "'qq'", '"qq"']) == {}


def test_the_views(db: duckdb.DuckDBPyConnection) -> None:
    participation = db.execute(
        "select week, sessions_held, attendances, distinct_attendees from participation_over_time"
        " order by week"
    ).fetchall()
    assert [r[1:] for r in participation] == [(1, 2, 2), (1, 3, 3), (1, 2, 2)]
    matrix = db.execute(
        "select month, level, depth, validated, validated_to_date from learning_matrix_over_time"
        " order by month, level"
    ).fetchall()
    assert [r[1:] for r in matrix] == [
        ("adult", "shallow", 1, 1),
        ("pupil", "deep", 1, 1),
        ("pupil", "deep", 1, 2),
    ]
    claims = db.execute(
        "select sum(claimed), sum(validated), sum(challenged) from claims_over_time"
    )
    assert claims.fetchone() == (3, 3, 1)
    balance = dict(db.execute("select knowledge_field, share from knowledge_balance").fetchall())
    assert balance == {"public": 0.25, "practitioner": 0.5, "co_constructed": 0.25}
    activity = db.execute(
        "select network_id, sum(events) from network_activity group by all order by 1"
    ).fetchall()
    assert activity == [("n1", 16), (None, 3)]  # the registrations belong to no network


def test_a_recorded_event_landed_twice_counts_once(
    lake: Lake, db: duckdb.DuckDBPyConnection
) -> None:
    once = rows(history(tenant="t3"))
    lake.write(3, once)
    lake.write(4, once[:10])
    assert db.execute("select count(*) from events where tenant_id = 't3'").fetchone() == (19,)


def test_uncommitted_files_are_discarded(lake: Lake) -> None:
    removed = lake.discard_uncommitted(1)
    assert removed and all(p.name == "part-00000002.parquet" for p in removed)
    assert {p.name for p in lake.files()} <= {"part-00000000.parquet", "part-00000001.parquet"}


def test_erasure_replaces_the_pseudonym_everywhere_and_keeps_the_aggregates(
    lake: Lake, db: duckdb.DuckDBPyConnection
) -> None:
    qq = PSEUDONYMS.of("t1", "qq")
    before = db.execute("select * from participation_over_time order by week").fetchall()
    assert found_in(lake.root, [qq]) != {}  # the scan does find it while it is there
    holding = lake.holding(qq)
    assert lake.erase(qq) == len(holding) > 0
    assert found_in(lake.root, [qq]) == {}
    assert db.execute("select * from participation_over_time order by week").fetchall() == before
    tokens = db.execute("select distinct actor from events where actor like 'erased_%'").fetchall()
    assert len(tokens) == 1  # one erased person stays one participant
    assert lake.erase(qq) == 0  # idempotent


def test_the_report_draws_every_chart(db: duckdb.DuckDBPyConnection) -> None:
    page = render_report(db)
    assert page.count('class="chart heat-map"') == 3  # to date, and each of two months
    assert page.count('class="cell"') == 3 * 18
    assert len(re.findall(r'class="point" data-series="attendances"', page)) == 3
    assert len(re.findall(r'class="point" data-series="validated"', page)) >= 2
    assert page.count('class="bar"') == 3
    assert "<script" not in page and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )


def test_the_report_for_one_tenant(lake: Lake, db: duckdb.DuckDBPyConnection) -> None:
    other = rows(history(tenant="t2"))
    lake.write(4, other[:5])
    page = render_report(db, "t2")
    assert 'data-value="3"' not in page.split('class="chart heat-map"')[1]  # no claims in t2


def test_an_empty_lake_still_renders(tmp_path: Path) -> None:
    Lake(tmp_path / "lake").prepare(0)
    db = duckdb.connect()
    create_views(db, tmp_path / "lake")
    page = render_report(db)
    assert page.count('class="cell" data-value="0"') == 18  # the matrix, all zero
    assert db.execute("select count(*) from events").fetchone() == (0,)

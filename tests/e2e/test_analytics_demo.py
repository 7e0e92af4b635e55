"""``make run``'s pieces end to end: the services as processes, the analytics sink as
``devstack.analytics`` starts it, the demo seeded as ``make run`` seeds it (with the learning
story the report draws) — then ``clc analytics report`` over what the sink landed has a learning
matrix, participation and a knowledge balance, and no demo person's name is in the lake."""

from __future__ import annotations

import re
import time
import urllib.request
from pathlib import Path

import pytest
from clc_cli.main import app
from devstack.analytics import start_analytics
from devstack.demo import DEMO_TENANT, STAFF, seed_enquiry, seed_groups
from devstack.demo_learning import seed_learning
from devstack.services import DEV_JWT_SECRET
from typer.testing import CliRunner

from tests.support.analytics import found_in

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


def landed(url: str) -> float:
    with urllib.request.urlopen(f"{url}/metrics", timeout=5) as answer:
        text = answer.read().decode()
    return next(float(x.split()[1]) for x in text.splitlines() if x.startswith("analytics_rec"))


def test_the_demo_lands_and_the_report_draws_it(
    services: dict[str, str], kafka_bootstrap: str, tmp_path: Path
) -> None:
    sink = start_analytics(
        {"KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap},
        free_port=True,
        data_dir=tmp_path,
        settings={"ANALYTICS_BATCH_MAX_SECONDS": "0.5"},
    )
    assert sink is not None
    try:
        seed_groups(services["groups"], DEV_JWT_SECRET)
        seed_enquiry(services["enquiry"], DEV_JWT_SECRET)
        seed_learning(services["groups"], services["enquiry"], DEV_JWT_SECRET)
        deadline, last, steady = time.monotonic() + 90, -1.0, 0
        while steady < 4:  # until nothing new lands for two seconds
            assert time.monotonic() < deadline, "the sink did not settle"
            time.sleep(0.5)
            now = landed(sink.service.url)
            steady, last = (steady + 1, now) if now == last and now > 0 else (0, now)
    finally:
        sink.stop()
    out = tmp_path / "report.html"
    args = [
        "analytics",
        "report",
        "--data-dir",
        str(tmp_path),
        "--out",
        str(out),
        "--tenant",
        DEMO_TENANT,
    ]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    page = out.read_text()
    to_date = page.split('class="chart heat-map"')[1]
    assert sum(int(v) for v in re.findall(r'class="cell" data-value="(\d+)"', to_date)) >= 2
    assert 'data-series="attendances" data-value="4"' in page
    assert len(re.findall(r'class="bar" data-value="[1-9]', page)) == 3  # ideas from each field
    names = [n for _, _, given, family, _ in STAFF for n in (given, family)]
    assert found_in(tmp_path / "lake", names) == {}

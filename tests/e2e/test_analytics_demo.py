"""``make run``'s pieces end to end: the services as processes, the analytics sink as
``devstack.analytics`` starts it, the demo seeded as ``make run`` seeds it (with the learning
story the report draws) — then ``clc analytics report`` over what the sink landed has a learning
matrix, participation and a knowledge balance, and no demo person's name is in the lake."""

from __future__ import annotations

import json
import os
import re
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from clc_cli.main import app
from devstack.analytics import start_analytics
from devstack.demo import STAFF, seed_enquiry, seed_groups
from devstack.demo_learning import seed_learning
from devstack.services import DEV_JWT_SECRET, RunningService, start_services
from typer.testing import CliRunner

from tests.support.analytics import found_in
from tests.support.isolation import own_topics

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


def landed(url: str) -> float:
    with urllib.request.urlopen(f"{url}/metrics", timeout=5) as answer:
        text = answer.read().decode()
    return next(float(x.split()[1]) for x in text.splitlines() if x.startswith("analytics_rec"))


@contextmanager
def topics_of_its_own(suffix: str) -> Iterator[list[str]]:
    """Topics, consumer groups and databases apart from the package's shared stack: the learning
    story changes the demo's enquiry, which other tests read as the core demo leaves it."""
    knowledge = {
        "KNOWLEDGE_TOPIC": f"clc.knowledge.{suffix}",
        "KNOWLEDGE_DEAD_LETTER_TOPIC": f"clc.knowledge.{suffix}.dlq",
        "KNOWLEDGE_PROJECTOR_NAME": f"knowledge-{suffix}",
        "KNOWLEDGE_GROUPS_TOPIC": f"clc.groups.{suffix}",
        "KNOWLEDGE_ENQUIRY_TOPIC": f"clc.enquiry.{suffix}",
    }
    before = {name: os.environ.get(name) for name in knowledge}
    os.environ.update(knowledge)
    try:
        with own_topics(suffix):
            yield [f"clc.{s}.{suffix}" for s in ("groups", "enquiry", "knowledge")]
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def test_the_demo_lands_and_the_report_draws_it(
    postgres_admin_dsn: str, kafka_bootstrap: str, tmp_path: Path
) -> None:
    env = {"DATABASE_URL": postgres_admin_dsn, "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap}
    suffix = f"analytics_{uuid.uuid4().hex[:8]}"
    started: list[RunningService] = []
    try:
        with topics_of_its_own(suffix) as topics:
            started += start_services(env, free_ports=True, database_suffix=f"_{suffix}")
        urls = {s.service.name: s.service.url for s in started}
        sink = start_analytics(
            env,
            free_port=True,
            data_dir=tmp_path,
            settings={"ANALYTICS_TOPICS": json.dumps(topics), "ANALYTICS_BATCH_MAX_SECONDS": "0.5"},
        )
        assert sink is not None
        started.append(sink)
        seed_groups(urls["groups"], DEV_JWT_SECRET)
        seed_enquiry(urls["enquiry"], DEV_JWT_SECRET)
        seed_learning(urls["groups"], urls["enquiry"], DEV_JWT_SECRET)
        deadline, last, steady = time.monotonic() + 120, -1.0, 0
        while steady < 4:  # until nothing new lands for two seconds
            assert time.monotonic() < deadline, "the sink did not settle"
            time.sleep(0.5)
            now = landed(sink.service.url)
            steady, last = (steady + 1, now) if now == last and now > 0 else (0, now)
    finally:
        for running in reversed(started):
            running.stop()
    out = tmp_path / "report.html"
    args = ["analytics", "report", "--data-dir", str(tmp_path), "--out", str(out)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    page = out.read_text()
    to_date = page.split('class="chart heat-map"')[1]
    assert sum(int(v) for v in re.findall(r'class="cell" data-value="(\d+)"', to_date)) == 2
    assert 'data-series="attendances" data-value="4"' in page
    assert page.count('class="bar" data-value="1"') == 3  # one idea from each field
    names = [n for _, _, given, family, _ in STAFF for n in (given, family)]
    assert found_in(tmp_path / "lake", names) == {}

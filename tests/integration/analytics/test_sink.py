"""The analytics sink against a real Kafka broker: every domain topic landed in batches, a
restart (and a crash's leftovers) neither loses nor duplicates a record, and an erasure removes
the person's pseudonym from every file while names and emails were never there."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import duckdb
import pytest
from clc_analytics.pseudonyms import Pseudonyms
from clc_analytics.settings import AnalyticsSettings
from clc_analytics.sink import Sink
from eventkit.cloudevents import KafkaRecord

from tests.support.analytics import found_in, record
from tests.support.analytics_world import EMAIL, FAMILY, NAME, day, erasure, history
from tests.support.kafka import create_topics, started_producer, unique_topic

pytestmark = pytest.mark.integration

SECRET = "integration-pseudonym-key"
RUNNING: dict[Sink, asyncio.Task[None]] = {}


@pytest.fixture
async def topics(kafka_bootstrap: str) -> dict[str, str]:
    names = {t: unique_topic(t) for t in ("clc.groups.events", "clc.enquiry.events")}
    await create_topics(kafka_bootstrap, *names.values())
    return names


def settings(kafka: str, topics: dict[str, str], data_dir: Path) -> AnalyticsSettings:
    return AnalyticsSettings(
        kafka_bootstrap_servers=kafka,
        topics=list(topics.values()),
        data_dir=data_dir,
        pseudonym_secret=SECRET,
        batch_max_records=7,
        batch_max_seconds=0.3,
    )


async def publish(
    kafka: str, topics: dict[str, str], records: Sequence[tuple[str, KafkaRecord]]
) -> None:
    producer = await started_producer(kafka)
    try:
        for topic, (key, value, headers) in records:
            await producer.send_and_wait(topics[topic], value, key=key, headers=headers)
    finally:
        await producer.stop()


@contextlib.asynccontextmanager
async def running(s: AnalyticsSettings) -> AsyncIterator[Sink]:
    sink = Sink(s)
    task = asyncio.create_task(sink.run())
    RUNNING[sink] = task
    try:
        yield sink
    finally:
        sink.stop()
        await asyncio.wait_for(task, 30)


async def until_landed(sink: Sink, records: int, within_s: float = 60) -> None:
    async with asyncio.timeout(within_s):
        while sink.stats.records < records:
            if RUNNING[sink].done():
                RUNNING[sink].result()  # raises what stopped it
                raise AssertionError("the sink stopped")
            await asyncio.sleep(0.1)


def landed(data_dir: Path) -> tuple[int, int]:
    """(rows, distinct event ids) in the files, read raw (no view de-duplicating)."""
    with duckdb.connect() as db:
        row = db.execute(
            "select count(*), count(distinct event_id) from read_parquet("
            f"'{data_dir}/lake/topic=clc.*/date=*/*.parquet', union_by_name = true)"
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


async def test_a_restart_neither_loses_nor_duplicates(
    kafka_bootstrap: str, topics: dict[str, str], tmp_path: Path
) -> None:
    s = settings(kafka_bootstrap, topics, tmp_path)
    events = history()
    await publish(kafka_bootstrap, topics, events[:12])
    async with running(s) as sink:
        await until_landed(sink, 12)
        assert sink.stats.batches < 12  # landed in batches, not one file per event
    await publish(kafka_bootstrap, topics, events[12:])
    # a crash after writing a batch's files but before committing it leaves files numbered above
    # the committed batch: the next start removes them and reads those records again
    crashed = next((tmp_path / "lake").glob("topic=clc.*/date=*/*.parquet"))
    crashed.with_name("part-00000999.parquet").write_bytes(crashed.read_bytes())
    async with running(s) as sink:
        await until_landed(sink, len(events) - 12)
        await asyncio.sleep(1.0)  # nothing more arrives
        assert sink.stats.records == len(events) - 12
    assert landed(tmp_path) == (len(events), len(events))
    assert (tmp_path / "analytics.duckdb").is_file()


async def test_erasure_reaches_the_lake(
    kafka_bootstrap: str, topics: dict[str, str], tmp_path: Path
) -> None:
    s = settings(kafka_bootstrap, topics, tmp_path)
    pseudonyms = Pseudonyms(SECRET)
    qq, rb = pseudonyms.of("t1", "qq"), pseudonyms.of("t1", "rb")
    events = history()
    await publish(kafka_bootstrap, topics, events)
    async with running(s) as sink:
        await until_landed(sink, len(events))
        assert set(found_in(tmp_path, [qq, rb])) == {qq, rb}  # the scan finds what is there
        assert found_in(tmp_path, [NAME, FAMILY, EMAIL]) == {}  # and no name was ever landed
        late = record(
            "enquiry",
            "ActionPlanned",
            {"action_id": "a1", "author_id": "qq", "owner_id": "qq", "description": NAME},
            at=day(51),
            actor="qq",
        )
        await publish(kafka_bootstrap, topics, [erasure("qq")])
        await until_landed(sink, len(events) + 1)
        await publish(kafka_bootstrap, topics, [("clc.enquiry.events", late)])
        await until_landed(sink, len(events) + 2)
        assert sink.stats.erasures == 1
    assert found_in(tmp_path, [qq, NAME, FAMILY, EMAIL]) == {}
    assert set(found_in(tmp_path, [rb])) == {rb}  # one person's erasure leaves others intact
    with duckdb.connect() as db:
        from clc_analytics.views import create_views

        create_views(db, tmp_path / "lake")
        after = db.execute("select actor from events where event_type = 'ActionPlanned'").fetchone()
        sessions = db.execute("select sum(distinct_attendees) from participation_over_time")
        assert after == ("erased",)  # an event about the person arriving after the erasure
        assert sessions.fetchone() == (7,)  # the group's history is kept, counted as before

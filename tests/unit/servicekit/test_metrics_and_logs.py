"""Prometheus exposition text and one-JSON-object-per-line logs."""

from __future__ import annotations

import json
import logging
import sys

from eventkit.envelope import NewEvent, StreamRef
from eventkit.store.memory import InMemoryEventStore
from servicekit.logs import JsonFormatter
from servicekit.metrics import CountingStore, prometheus_text


def test_counters_render_as_prometheus_text() -> None:
    text = prometheus_text(
        {"shop_events_appended_total": ("Events appended", 3), "b_total": ("B", 0)}
    )
    assert text == (
        "# HELP shop_events_appended_total Events appended\n"
        "# TYPE shop_events_appended_total counter\n"
        "shop_events_appended_total 3\n"
        "# HELP b_total B\n"
        "# TYPE b_total counter\n"
        "b_total 0\n"
    )


async def test_the_counting_store_counts_appended_events_but_not_duplicates() -> None:
    store = CountingStore(InMemoryEventStore())
    stream = StreamRef(stream_id="s1", stream_type="Shop", tenant_id="t1")
    events = [NewEvent(event_type="Opened", data={}), NewEvent(event_type="Renamed", data={})]
    await store.append(stream, events, expected_version=0, command_id="c1")
    await store.append(stream, events, expected_version=0, command_id="c1")
    assert store.appended == 2
    assert len(await store.read_stream("s1", tenant_id="t1")) == 2


def test_a_log_record_becomes_one_json_line_with_its_extras() -> None:
    record = logging.LogRecord("shop", logging.WARNING, __file__, 1, "ready %s", ("now",), None)
    record.projector = "shop"
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert (entry["message"], entry["level"], entry["logger"]) == ("ready now", "WARNING", "shop")
    assert entry["projector"] == "shop"
    assert "time" in entry and "args" not in entry and "exception" not in entry


def test_an_exception_is_logged_with_its_traceback() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("shop", logging.ERROR, __file__, 1, "failed", None, exc_info)
    entry = json.loads(JsonFormatter().format(record))
    assert "ValueError: boom" in entry["exception"]

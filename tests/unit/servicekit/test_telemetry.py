"""Metrics per app (prometheus_client, own registry) and W3C trace context through a request."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
from eventkit.projector import ProjectorStats
from eventkit.relay import RelayStats
from opentelemetry import trace
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from servicekit.commands import command_context
from servicekit.telemetry import MAX_OPERATIONS, ServiceMetrics, dead_letters_by_reason

from tests.unit.servicekit.harness import bearer, client, recorded_spans, shop_app
from tests.unit.servicekit.test_commands_and_context import ALICE


@dataclass
class StubPool:
    def get_size(self) -> int:
        return 7

    def get_idle_size(self) -> int:
        return 2

    def get_max_size(self) -> int:
        return 10


@dataclass
class Stats:
    published: int = 0


@dataclass
class StubRuntime:
    store: Any = field(default_factory=lambda: type("S", (), {"appended": 5})())
    relay: Any = field(default_factory=lambda: type("R", (), {"stats": RelayStats()})())
    runner: Any = field(default_factory=lambda: type("P", (), {"stats": ProjectorStats()})())
    pool: StubPool = field(default_factory=StubPool)


def sample(metrics: ServiceMetrics, name: str, **labels: str) -> float | None:
    return metrics.registry.get_sample_value(name, labels)


def test_two_apps_in_one_process_keep_separate_metrics() -> None:
    first, second = ServiceMetrics("shop"), ServiceMetrics("shop")
    first.observe_request("Schools", "ok", 0.01)
    assert (
        sample(
            first, "shop_graphql_request_duration_seconds_count", operation="Schools", outcome="ok"
        )
        == 1
    )
    assert (
        sample(
            second, "shop_graphql_request_duration_seconds_count", operation="Schools", outcome="ok"
        )
        is None
    )


async def test_hooks_report_relay_and_projector_and_counters_are_read_at_scrape() -> None:
    metrics, runtime = ServiceMetrics("shop"), StubRuntime()
    metrics.attach(runtime)
    runtime.relay.stats.record_lag(0.02)
    runtime.relay.stats.published = 3
    event = type("E", (), {"recorded_at": datetime.fromtimestamp(time.time() - 0.5, UTC)})()
    runtime.runner.stats.observe_batch([event, event], 0.004)
    runtime.runner.stats.dead_lettered = 2
    runtime.runner.stats.dead_lettered_by_reason.update({"DataError": 2})
    await metrics.exposition()
    assert sample(metrics, "shop_relay_publish_lag_seconds_count") == 1
    assert sample(metrics, "shop_projector_lag_seconds_count") == 2
    assert sample(metrics, "shop_projector_lag_seconds_sum") == pytest.approx(1.0, abs=0.2)
    assert sample(metrics, "shop_projector_batch_apply_seconds_count") == 1
    assert sample(metrics, "shop_events_appended_total") == 5
    assert sample(metrics, "shop_relay_published_total") == 3
    assert sample(metrics, "shop_dead_letters_total", reason="DataError") == 2
    assert sample(metrics, "shop_dead_letters_unhandled", reason="unrecorded") == 2
    assert sample(metrics, "shop_pool_connections_in_use") == 5
    assert sample(metrics, "shop_pool_connections_max") == 10


async def test_unhandled_dead_letters_come_fresh_from_the_runtime() -> None:
    runtime = StubRuntime()

    async def refresh() -> dict[str, int]:
        return {"DataError": 4}

    runtime.refresh_dead_letters = refresh  # type: ignore[attr-defined]
    assert await dead_letters_by_reason(runtime) == {"DataError": 4}


def test_operation_names_are_bounded_labels() -> None:
    metrics = ServiceMetrics("shop")
    for i in range(MAX_OPERATIONS + 5):
        metrics.observe_request(f"Op{i}", "ok", 0.001)
    metrics.observe_request("not a name!", "ok", 0.001)
    other = sample(
        metrics, "shop_graphql_request_duration_seconds_count", operation="other", outcome="ok"
    )
    assert other == 6


async def test_request_latency_is_recorded_per_operation_and_outcome() -> None:
    app = shop_app()
    async with client(app) as http:
        await http.post("/graphql", json={"query": "query Who { whoami }"}, headers=bearer())
        await http.post("/graphql", json={"query": "{ whoami }"})
        text = (await http.get("/metrics")).text
    assert 'shop_graphql_request_duration_seconds_count{operation="Who",outcome="ok"} 1.0' in text
    assert 'outcome="unauthenticated"' in text


@pytest.fixture
def spans() -> Iterator[InMemorySpanExporter]:
    with recorded_spans() as exporter:
        yield exporter


async def test_a_request_continues_the_callers_trace_and_the_command_carries_it(
    spans: InMemorySpanExporter,
) -> None:
    caller = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    async with client(shop_app()) as http:
        response = await http.post(
            "/graphql",
            json={"query": "query Who { whoami }"},
            headers={**bearer(), "traceparent": caller},
        )
    assert response.json()["data"] == {"whoami": "alice"}
    server = next(s for s in spans.get_finished_spans() if s.name == "graphql Who")
    assert format(server.context.trace_id, "032x") == "0af7651916cd43dd8448eb211c80319c"
    assert server.parent is not None and format(server.parent.span_id, "016x") == "b7ad6b7169203331"
    with trace.get_tracer("test").start_as_current_span("command") as span:
        carried = command_context(ALICE, "c1").traceparent
    assert carried is not None
    assert carried.split("-")[1] == format(span.get_span_context().trace_id, "032x")


async def test_applying_an_event_joins_the_trace_of_the_request_that_wrote_it(
    spans: InMemorySpanExporter,
) -> None:
    from types import SimpleNamespace

    from eventkit.envelope import EventMetadata
    from servicekit.telemetry import TracedProjection, command_span

    applied: list[str] = []

    class Tally:
        name = "tally"

        async def apply(self, conn: Any, event: Any) -> None:
            applied.append(event.event_type)

        async def reset(self, conn: Any) -> None:
            applied.clear()

    with trace.get_tracer("test").start_as_current_span("request"), command_span("Open", "s1"):
        carried = command_context(ALICE, "c2").traceparent
    event = SimpleNamespace(
        event_type="Opened", event_id="e1", metadata=EventMetadata(traceparent=carried)
    )
    await TracedProjection(Tally()).apply(None, event)  # type: ignore[arg-type]
    assert applied == ["Opened"]
    finished = {s.name: s for s in spans.get_finished_spans()}
    project, command = finished["project Opened"], finished["command Open"]
    assert project.context.trace_id == command.context.trace_id
    assert project.parent is not None and project.parent.span_id == command.context.span_id


async def test_the_relays_publish_joins_the_trace_stored_with_the_event(
    spans: InMemorySpanExporter,
) -> None:
    from types import SimpleNamespace

    from eventkit.envelope import EventMetadata

    metrics, runtime = ServiceMetrics("shop"), StubRuntime()
    metrics.attach(runtime)
    with trace.get_tracer("test").start_as_current_span("request") as request:
        carried = command_context(ALICE, "c3").traceparent
    committed = datetime.fromtimestamp(time.time() - 0.05, UTC)
    event = SimpleNamespace(
        event_type="Published",
        event_id="e3",
        recorded_at=committed,
        metadata=EventMetadata(traceparent=carried),
    )
    for observe in runtime.relay.stats.batch_observers:
        observe([event], time.time())
    publish = next(s for s in spans.get_finished_spans() if s.name == "publish Published")
    assert publish.context.trace_id == request.get_span_context().trace_id
    assert publish.end_time is not None and publish.start_time is not None
    assert 0.03 < (publish.end_time - publish.start_time) / 1e9 < 5

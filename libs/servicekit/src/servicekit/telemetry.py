"""Metrics (prometheus_client) and traces (OpenTelemetry) of one service.

Every app has its own ``CollectorRegistry``, so several apps in one process (tests) never share
or collide on a metric. Three kinds of figure:

- observed as they happen: GraphQL request latency per operation name and outcome, the relay's
  publish lag (commit → broker acknowledgement), the projector's lag (commit → applied) and its
  batch apply time — eventkit's relay and projector report these through hooks on their stats;
- read at scrape time from what the runtime already counts: events appended, published, applied,
  dead-lettered (by reason; and the unhandled ones, see ``dead_letters_by_reason``), and the
  pool's saturation;
- traces: a server span per GraphQL request, continuing the caller's W3C ``traceparent``; the
  command handler stores the active span's ``traceparent`` in each event's metadata (see
  ``current_traceparent``), so the relay's CloudEvents carry it on to every consumer.

Operation names come from clients, so at most ``MAX_OPERATIONS`` distinct names are labelled;
later ones (and names that are not GraphQL names) count as ``other``.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventkit.envelope import RecordedEvent
from eventkit.projection import Projection, ProjectionConnection
from fastapi import Request
from opentelemetry import trace
from opentelemetry.propagate import extract
from opentelemetry.trace import SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from prometheus_client import CollectorRegistry, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

__all__ = [
    "MAX_OPERATIONS",
    "ServiceMetrics",
    "TracedProjection",
    "command_span",
    "current_traceparent",
    "dead_letters_by_reason",
    "publish_spans",
    "request_span",
]

MAX_OPERATIONS = 200
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
_LATENCY_BUCKETS = (0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_LAG_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)

tracer = trace.get_tracer("servicekit")


class ServiceMetrics:
    """The metrics of one service (``name`` prefixes every metric, e.g. ``groups_``)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Histogram(
            f"{name}_graphql_request_duration_seconds",
            "GraphQL requests by operation name and outcome",
            ["operation", "outcome"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.relay_lag = Histogram(
            f"{name}_relay_publish_lag_seconds",
            "From an event's commit to the broker's acknowledgement of it",
            buckets=_LAG_BUCKETS,
            registry=self.registry,
        )
        self.projector_lag = Histogram(
            f"{name}_projector_lag_seconds",
            "From an event's commit to its application to the read models",
            buckets=_LAG_BUCKETS,
            registry=self.registry,
        )
        self.projector_apply = Histogram(
            f"{name}_projector_batch_apply_seconds",
            "Time to apply one batch of events (one read-model transaction)",
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self._operations: set[str] = set()
        self._children: dict[tuple[str, str], Any] = {}
        self.dead_letters: dict[str, int] = {}
        self._runtime: Any = None
        self.registry.register(_RuntimeCollector(self))

    # -- requests --------------------------------------------------------------------------

    def observe_request(self, operation: str, outcome: str, seconds: float) -> None:
        # ``labels()`` costs tens of microseconds; the children are few, so keep them.
        child = self._children.get((operation, outcome))
        if child is None:
            child = self._children[(operation, outcome)] = self.requests.labels(
                self._label(operation), outcome
            )
        child.observe(seconds)

    def _label(self, operation: str) -> str:
        if operation in self._operations or operation in ("-", "anonymous"):
            return operation
        if not _NAME.match(operation) or len(self._operations) >= MAX_OPERATIONS:
            return "other"
        self._operations.add(operation)
        return operation

    # -- the running service ---------------------------------------------------------------

    def attach(self, runtime: Any) -> None:
        """Observe ``runtime``'s relay and projector from now on; read its counters at scrape."""
        self._runtime = runtime
        relay_stats = getattr(getattr(runtime, "relay", None), "stats", None)
        if relay_stats is not None and hasattr(relay_stats, "lag_observers"):
            relay_stats.lag_observers.append(self.relay_lag.observe)
        if relay_stats is not None and hasattr(relay_stats, "batch_observers"):
            relay_stats.batch_observers.append(publish_spans)
        runner_stats = getattr(getattr(runtime, "runner", None), "stats", None)
        if runner_stats is not None and hasattr(runner_stats, "batch_observers"):
            runner_stats.batch_observers.append(self._projector_batch)

    def _projector_batch(self, recorded_at: Sequence[float], seconds: float) -> None:
        self.projector_apply.observe(seconds)
        now = time.time()
        for at in recorded_at:
            self.projector_lag.observe(now - at)

    async def exposition(self) -> bytes:
        """The text Prometheus scrapes; reads what needs awaiting first."""
        if self._runtime is not None:
            self.dead_letters = await dead_letters_by_reason(self._runtime)
        return generate_latest(self.registry)


class _RuntimeCollector(Collector):
    """Counters and gauges read from the runtime when Prometheus scrapes."""

    def __init__(self, metrics: ServiceMetrics) -> None:
        self._metrics = metrics

    def collect(self) -> Iterable[Metric]:
        runtime, name = self._metrics._runtime, self._metrics.name
        if runtime is None:
            return
        yield _counter(f"{name}_events_appended", "Events appended", runtime.store.appended)
        yield _counter(f"{name}_relay_published", "Events published", runtime.relay.stats.published)
        yield _counter(f"{name}_projector_applied", "Events applied", runtime.runner.stats.applied)
        yield _counter(
            f"{name}_projector_dead_lettered",
            "Events dead-lettered",
            runtime.runner.stats.dead_lettered,
        )
        set_aside = CounterMetricFamily(
            f"{name}_dead_letters",
            "Events this process dead-lettered, by reason",
            labels=["reason"],
        )
        for reason, count in getattr(runtime.runner.stats, "dead_lettered_by_reason", {}).items():
            set_aside.add_metric([reason], count)
        yield set_aside
        unhandled = GaugeMetricFamily(
            f"{name}_dead_letters_unhandled",
            "Dead letters not yet replayed or skipped (any process), by reason",
            labels=["reason"],
        )
        for reason, count in self._metrics.dead_letters.items():
            unhandled.add_metric([reason], count)
        yield unhandled
        yield from _pool_gauges(name, runtime.pool)


def _counter(name: str, help_text: str, value: float) -> CounterMetricFamily:
    return CounterMetricFamily(name, help_text, value=value)


def _pool_gauges(name: str, pool: Any) -> Iterator[Metric]:
    size, idle, most = pool.get_size(), pool.get_idle_size(), pool.get_max_size()
    yield GaugeMetricFamily(f"{name}_pool_connections", "Open pool connections", value=size)
    yield GaugeMetricFamily(
        f"{name}_pool_connections_in_use", "Pool connections in use", value=size - idle
    )
    yield GaugeMetricFamily(f"{name}_pool_connections_max", "Pool size limit", value=most)


async def dead_letters_by_reason(runtime: Any) -> dict[str, int]:
    """Unhandled dead letters per reason, read fresh from the database (what ``/readyz`` calls
    degraded); a runtime without dead-letter storage reports this process's count as one."""
    refresh = getattr(runtime, "refresh_dead_letters", None)
    if callable(refresh):
        found = await refresh()
        return {str(k): int(v) for k, v in found.items()}
    return {"unrecorded": int(runtime.runner.stats.dead_lettered)}


# -- traces ----------------------------------------------------------------------------------


@contextmanager
def request_span(request: Request, operation: str) -> Iterator[None]:
    """A server span for one GraphQL operation, child of the caller's ``traceparent`` if any.

    Without a configured tracer provider and without an incoming ``traceparent`` there is
    nothing to record or carry on, so the (measurable) span machinery is skipped.
    """
    if "traceparent" not in request.headers and not _tracing_configured():
        yield
        return
    parent = extract(dict(request.headers))
    with tracer.start_as_current_span(
        f"graphql {operation}",
        context=parent,
        kind=SpanKind.SERVER,
        attributes={"graphql.operation.name": operation},
    ):
        yield


_PROPAGATOR = TraceContextTextMapPropagator()


def _tracing_configured() -> bool:
    return not isinstance(
        trace.get_tracer_provider(), trace.ProxyTracerProvider | trace.NoOpTracerProvider
    )


def current_traceparent() -> str | None:
    """The W3C ``traceparent`` of the active span (None without a recording tracer)."""
    carrier: dict[str, str] = {}
    _PROPAGATOR.inject(carrier)
    return carrier.get("traceparent")


@contextmanager
def command_span(command: str, stream_id: str) -> Iterator[None]:
    """A span around handling one command (load, decide, append), inside the request's span."""
    if not _tracing_configured():
        yield
        return
    with tracer.start_as_current_span(
        f"command {command}", attributes={"clc.command": command, "clc.stream_id": stream_id}
    ):
        yield


def publish_spans(events: Sequence[RecordedEvent], acknowledged: float) -> None:
    """A ``publish <EventType>`` span per event the relay published, from its commit to the
    broker's acknowledgement, in the trace stored with the event (recorded after the fact, from
    the relay's batch hook, so the relay itself carries no tracing code)."""
    if not _tracing_configured():
        return
    end = int(acknowledged * 1e9)
    for event in events:
        traceparent = event.metadata.traceparent
        parent = _PROPAGATOR.extract({"traceparent": traceparent}) if traceparent else None
        span = tracer.start_span(
            f"publish {event.event_type}",
            context=parent,
            kind=SpanKind.PRODUCER,
            start_time=int(event.recorded_at.timestamp() * 1e9),
            attributes={"clc.event_id": str(event.event_id)},
        )
        span.end(end_time=end)


class TracedProjection:
    """A projection whose ``apply`` runs in a span continuing the trace stored with the event.

    The request's ``traceparent`` is stored in each event's metadata (``command_context``) and
    travels in the CloudEvent's ``traceparent`` header, so the span applying the event joins the
    trace of the request that wrote it: one trace shows a write becoming readable.
    """

    def __init__(self, inner: Projection) -> None:
        self._inner = inner
        self.name = inner.name

    async def apply(self, conn: ProjectionConnection, event: RecordedEvent) -> None:
        traceparent = event.metadata.traceparent
        if not _tracing_configured():
            await self._inner.apply(conn, event)
            return
        parent = _PROPAGATOR.extract({"traceparent": traceparent}) if traceparent else None
        with tracer.start_as_current_span(
            f"project {event.event_type}",
            context=parent,
            kind=SpanKind.CONSUMER,
            attributes={"clc.projection": self.name, "clc.event_id": str(event.event_id)},
        ):
            await self._inner.apply(conn, event)

    async def reset(self, conn: ProjectionConnection) -> None:
        await self._inner.reset(conn)

"""Prometheus metrics of one gateway app, in a registry of its own (several apps in one test
process must not share, or collide in, the global registry).

- ``gateway_request_duration_seconds{operation, outcome}``: every POST /graphql. ``operation`` is
  the client's operation name, but only the first ``MAX_OPERATIONS`` distinct names get a label of
  their own (the rest are ``other``; no name is ``anonymous``): a client can send any name, and an
  unbounded label set would grow the registry without limit.
- ``gateway_subgraph_fetch_duration_seconds{subgraph, outcome}``: every HTTP request actually sent
  to a subgraph (its ``_count`` is the number of fetches).
- ``gateway_subgraph_fetches_deduplicated_total{subgraph}``: fetches answered by an identical one
  already in flight.
- ``gateway_plan_cache_total{result}``: ``hit`` / ``miss`` lookups of the plan cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, Metric
from prometheus_client.registry import Collector

from clc_gateway.execution.engine import Engine

__all__ = ["CONTENT_TYPE", "MAX_OPERATIONS", "GatewayMetrics"]

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
MAX_OPERATIONS = 100
_LONGEST_NAME = 100

# a gateway answers in milliseconds to seconds; subgraph fetches are a share of that
_BUCKETS = (0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class _PlanCache(Collector):
    """Read at scrape time from the engine's own counters: no work on the request path."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def collect(self) -> Iterator[Metric]:
        family = CounterMetricFamily(
            "gateway_plan_cache", "Plan cache lookups by result", labels=["result"]
        )
        family.add_metric(["hit"], self._engine.plan_hits)
        family.add_metric(["miss"], self._engine.plans_built)
        yield family


class GatewayMetrics:
    """The gateway's metrics; also the subgraph client's ``FetchObserver``."""

    def __init__(self, engine: Engine) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self._subgraph_of: Callable[[], Mapping[str, list[str]]] = lambda: engine.subgraph_urls
        self._names: dict[str, str] = {}
        self._operations: set[str] = set()
        self.requests = Histogram(
            "gateway_request_duration_seconds",
            "Client requests to /graphql by operation name and outcome",
            ["operation", "outcome"],
            buckets=_BUCKETS,
            registry=self.registry,
        )
        self.fetches = Histogram(
            "gateway_subgraph_fetch_duration_seconds",
            "HTTP requests sent to subgraphs, by subgraph and outcome",
            ["subgraph", "outcome"],
            buckets=_BUCKETS,
            registry=self.registry,
        )
        self.deduplicated_fetches = Counter(
            "gateway_subgraph_fetches_deduplicated",
            "Subgraph fetches answered by an identical request already in flight",
            ["subgraph"],
            registry=self.registry,
        )
        self.registry.register(_PlanCache(engine))

    def operation_label(self, name: object) -> str:
        if not isinstance(name, str) or not name:
            return "anonymous"
        if name in self._operations:
            return name
        if len(self._operations) >= MAX_OPERATIONS or len(name) > _LONGEST_NAME:
            return "other"
        self._operations.add(name)
        return name

    def request(self, operation: str, outcome: str, seconds: float) -> None:
        self.requests.labels(operation, outcome).observe(seconds)

    def _subgraph(self, url: str) -> str:
        name = self._names.get(url)
        if name is None:
            # rebuilt on a miss: a reloaded supergraph may move or add subgraphs; URLs come from
            # the supergraph and the replica settings, so this stays small
            self._names = {u: n for n, urls in self._subgraph_of().items() for u in urls}
            name = self._names.get(url, "unknown")
        return name

    def fetched(self, url: str, seconds: float, ok: bool) -> None:
        self.fetches.labels(self._subgraph(url), "ok" if ok else "error").observe(seconds)

    def deduplicated(self, url: str) -> None:
        self.deduplicated_fetches.labels(self._subgraph(url)).inc()

    def exposition(self) -> bytes:
        return generate_latest(self.registry)

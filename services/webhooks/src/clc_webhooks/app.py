"""The webhooks FastAPI application: servicekit's app over the webhooks subgraph, plus the
delivery worker, which runs wherever the projector runs (roles ``projector`` and ``all``): it is
the other half of the same job, turning scheduled deliveries into HTTP requests.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator

from fastapi import FastAPI
from prometheus_client.core import CounterMetricFamily, Metric
from prometheus_client.registry import Collector
from servicekit.app import create_app as create_service_app

from .api import WebhooksContext, build_schema
from .application.secrets import PgSecrets
from .delivery.kafka import KafkaRecords
from .delivery.worker import DeliveryWorker, WorkerStats
from .service import WEBHOOKS, secret_box
from .settings import WebhooksSettings

__all__ = ["create_app"]


def create_app(settings: WebhooksSettings | None = None) -> FastAPI:
    settings = settings or WebhooksSettings()
    app = create_service_app(settings, WEBHOOKS, build_schema(), context_class=WebhooksContext)
    service_lifespan = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_lifespan(app):
            runtime = app.state.runtime
            stop = asyncio.Event()
            task: asyncio.Task[None] | None = None
            if settings.runs("projector"):
                records = KafkaRecords(
                    settings.kafka_bootstrap_servers, settings.kafka_client_options()
                )
                secrets = PgSecrets(runtime.pool, secret_box(settings))
                worker = DeliveryWorker(runtime.pool, settings, secrets, records)
                app.state.worker = worker
                _metrics(app, worker.stats)
                task = asyncio.create_task(worker.run(stop))
                runtime.tasks.append(task)  # /readyz says not ready should it end
            try:
                yield
            finally:
                stop.set()
                if task is not None:
                    await asyncio.gather(task, return_exceptions=True)

    app.router.lifespan_context = lifespan
    return app


_COUNTERS = (
    ("delivered", "Webhook deliveries accepted by the endpoint (2xx)"),
    ("failed_attempts", "Webhook delivery attempts that failed (to be retried or dead)"),
    ("dead_lettered", "Webhook deliveries dead-lettered after the last attempt"),
    ("replays", "Deliveries scheduled by replays"),
    ("rebuilt_from_topic", "Delivery bodies read again from the topic"),
)


class _WorkerCollector(Collector):
    """The worker's counters, read at scrape time."""

    def __init__(self, stats: WorkerStats) -> None:
        self._stats = stats

    def collect(self) -> Iterator[Metric]:
        for field, help_text in _COUNTERS:
            yield CounterMetricFamily(
                f"webhooks_{field}", help_text, value=float(getattr(self._stats, field))
            )


def _metrics(app: FastAPI, stats: WorkerStats) -> None:
    """The worker's counters on the service's ``/metrics`` (once per app)."""
    if getattr(app.state, "worker_metrics", False):
        return
    app.state.metrics.registry.register(_WorkerCollector(stats))
    app.state.worker_metrics = True

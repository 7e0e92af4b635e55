"""The sink's HTTP face: ``/healthz`` (the process is up), ``/readyz`` (its partitions are
assigned and it is consuming), ``/metrics`` (Prometheus counters)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import JSONResponse, PlainTextResponse
from servicekit.metrics import CONTENT_TYPE, prometheus_text

from .sink import Sink

__all__ = ["create_app"]


def create_app(sink: Sink) -> FastAPI:
    app = FastAPI(title="clc-analytics", docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/healthz")
    async def healthz() -> JSONResponse:
        return JSONResponse({"status": "ok"})

    @app.get("/readyz")
    async def readyz() -> JSONResponse:
        body = {"ready": sink.ready, "topics": sink.settings.topics}
        return JSONResponse(body, status_code=200 if sink.ready else 503)

    @app.get("/metrics")
    async def metrics() -> PlainTextResponse:
        s = sink.stats
        text = prometheus_text(
            {
                "analytics_records_landed_total": ("records landed as rows", s.records),
                "analytics_batches_total": ("batches landed", s.batches),
                "analytics_files_written_total": ("Parquet files written", s.files),
                "analytics_erasures_total": ("PractitionerErased applied", s.erasures),
                "analytics_files_rewritten_total": (
                    "files rewritten by erasure",
                    s.files_rewritten,
                ),
                "analytics_unreadable_records_total": ("records skipped", s.unreadable),
            }
        )
        return PlainTextResponse(text, media_type=CONTENT_TYPE)

    return app

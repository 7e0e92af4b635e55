"""The composition root: topics, the translator, the LRS forwarder, ``/healthz`` ``/readyz``
``/metrics``. Nothing connects before the app's lifespan starts."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from eventkit.topics import create_topics
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from servicekit.metrics import CONTENT_TYPE, prometheus_text
from servicekit.runtime import DEAD_LETTER_RETENTION

from .lrs import LrsClient, LrsStats, run_forwarder
from .settings import XapiSettings
from .translator import TranslatorStats, run_translator

__all__ = ["STATEMENTS_RETENTION", "Feed", "create_app"]

log = logging.getLogger("clc_xapi")

#: the statements topic keeps everything, like the event topics: a new LRS (or a data team)
#: can load every statement from offset 0; never compacted (keys are actors, not statements)
STATEMENTS_RETENTION = {"retention.ms": "-1", "cleanup.policy": "delete"}
RESTART_DELAY_S = 2.0


@dataclass
class Feed:
    """What the feed is doing, for readiness and metrics."""

    translator: TranslatorStats = field(default_factory=TranslatorStats)
    lrs: LrsStats = field(default_factory=LrsStats)
    lrs_enabled: bool = False
    restarts: int = 0


async def _supervised(
    name: str, run: Callable[[], Awaitable[None]], feed: Feed, stop: asyncio.Event
) -> None:
    """Run a loop until ``stop``; after a failure (broker gone, transaction aborted) start it
    again: a new consumer resumes from the committed offsets, so nothing is skipped."""
    while not stop.is_set():
        try:
            await run()
        except asyncio.CancelledError:
            raise
        except Exception:
            feed.restarts += 1
            log.exception("loop failed; restarting", extra={"loop": name})
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), RESTART_DELAY_S)


async def ensure_topics(settings: XapiSettings) -> None:
    if not settings.create_topics:
        return
    bootstrap, partitions = settings.kafka_bootstrap_servers, settings.topic_partitions
    await create_topics(
        bootstrap, [settings.statements_topic], partitions, config=STATEMENTS_RETENTION
    )
    await create_topics(
        bootstrap, [settings.dead_letter_topic], partitions, config=DEAD_LETTER_RETENTION
    )


@asynccontextmanager
async def running(settings: XapiSettings, feed: Feed) -> AsyncIterator[None]:
    await ensure_topics(settings)
    stop = asyncio.Event()
    bootstrap = settings.kafka_bootstrap_servers

    def translator() -> Awaitable[None]:
        return run_translator(
            bootstrap=bootstrap,
            topics=settings.source_topics,
            statements_topic=settings.statements_topic,
            group=settings.translator_group,
            transactional_id=settings.transactional_id,
            policy=settings.policy(),
            stats=feed.translator,
            stop=stop,
        )

    tasks = [asyncio.create_task(_supervised("translator", translator, feed, stop))]
    client: LrsClient | None = None
    if settings.lrs_url:
        feed.lrs_enabled = True
        client = LrsClient(
            settings.lrs_url,
            username=settings.lrs_username,
            password=settings.lrs_password,
            timeout_s=settings.lrs_timeout_s,
        )
        lrs = client

        def forwarder() -> Awaitable[None]:
            return run_forwarder(
                bootstrap=bootstrap,
                statements_topic=settings.statements_topic,
                dead_letter_topic=settings.dead_letter_topic,
                group=settings.lrs_group,
                client=lrs,
                stats=feed.lrs,
                stop=stop,
                max_attempts=settings.lrs_max_attempts,
                backoff_s=settings.lrs_backoff_s,
                backoff_max_s=settings.lrs_backoff_max_s,
            )

        tasks.append(asyncio.create_task(_supervised("lrs", forwarder, feed, stop)))
    try:
        yield
    finally:
        stop.set()
        await asyncio.gather(*tasks, return_exceptions=True)
        if client is not None:
            await client.close()


def metrics_text(feed: Feed) -> str:
    t, lrs = feed.translator, feed.lrs
    counters = {
        "clc_xapi_events_total": ("events read from the event topics", t.events),
        "clc_xapi_statements_total": ("statements written to the statements topic", t.statements),
        "clc_xapi_lrs_stored_total": ("statements the LRS stored", lrs.stored),
        "clc_xapi_lrs_already_stored_total": (
            "statements the LRS held already (409)",
            lrs.already_stored,
        ),
        "clc_xapi_lrs_retries_total": ("retried LRS requests", lrs.retries),
        "clc_xapi_lrs_dead_lettered_total": ("statements dead-lettered", lrs.dead_lettered),
        "clc_xapi_loop_restarts_total": (
            "translator/forwarder restarts after a failure",
            feed.restarts,
        ),
    }
    for reason, count in sorted(t.skipped.items()):
        name = f"clc_xapi_events_skipped_{reason.replace('-', '_')}_total"
        counters[name] = (f"events that made no statement: {reason}", count)
    return prometheus_text(counters)


def create_app(settings: XapiSettings | None = None) -> FastAPI:
    settings = settings or XapiSettings()
    feed = Feed()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with running(settings, feed):
            yield

    app = FastAPI(
        title="clc xapi", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None
    )
    app.state.feed = feed

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz")
    async def readyz() -> Response:
        ready = feed.translator.running and (feed.lrs.running or not feed.lrs_enabled)
        body = {
            "status": "ready" if ready else "starting",
            "translator": feed.translator.running,
            "lrs": feed.lrs.running if feed.lrs_enabled else "off",
            "deadLettered": feed.lrs.dead_lettered,
        }
        return JSONResponse(body, status_code=200 if ready else 503)

    @app.get("/metrics")
    async def metrics(request: Request) -> Response:
        token = settings.metrics_token
        given = request.headers.get("authorization", "")
        if token and not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            return Response(status_code=401)
        return PlainTextResponse(metrics_text(feed), media_type=CONTENT_TYPE)

    return app

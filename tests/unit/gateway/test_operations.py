"""Operability: Prometheus metrics per operation and per subgraph fetch, one JSON log line per
request with its correlation id."""

from __future__ import annotations

import asyncio
import logging

import orjson
import pytest
from clc_gateway.http.metrics import MAX_OPERATIONS
from clc_gateway.logs import JsonFormatter

from .test_http import client_for, post
from .test_router import Subgraphs


def sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus exposition text (0 when absent)."""
    want = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        key, _, value = line.rpartition(" ")
        metric, _, rest = key.partition("{")
        got = ",".join(sorted(rest.rstrip("}").split(","))) if rest else ""
        if metric == name and got == want:
            return float(value)
    return 0.0


async def test_metrics_count_requests_fetches_deduplication_and_the_plan_cache() -> None:
    query = "query Teams { groups { name enquiries { title } } }"
    async with client_for(Subgraphs(delay=0.05), None) as c:
        await asyncio.gather(*(post(c, query) for _ in range(3)))  # identical, in flight together
        await post(c, "{ nope }")
        text = (await c.get("/metrics")).text
    assert (
        sample(text, "gateway_request_duration_seconds_count", operation="Teams", outcome="ok") == 3
    )
    assert (
        sample(
            text, "gateway_request_duration_seconds_count", operation="anonymous", outcome="error"
        )
        == 1
    )
    # 3 requests, but each level's fetch went out once: the others shared it
    fetches = {
        g: sample(text, "gateway_subgraph_fetch_duration_seconds_count", subgraph=g, outcome="ok")
        for g in ("groups", "enquiry")
    }
    assert fetches == {"groups": 1, "enquiry": 1}
    assert sample(text, "gateway_subgraph_fetches_deduplicated_total", subgraph="groups") == 2
    assert sample(text, "gateway_plan_cache_total", result="miss") == 1
    assert sample(text, "gateway_plan_cache_total", result="hit") == 2


async def test_operation_names_are_a_bounded_label_set() -> None:
    async with client_for(Subgraphs(), None) as c:
        for i in range(MAX_OPERATIONS + 5):
            await post(c, f"query Op{i} {{ groups {{ id }} }}")
        text = (await c.get("/metrics")).text
    assert (
        sample(text, "gateway_request_duration_seconds_count", operation="other", outcome="ok") == 5
    )
    assert (
        sample(text, "gateway_request_duration_seconds_count", operation="Op0", outcome="ok") == 1
    )


async def test_one_json_log_line_per_request_with_its_correlation_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="clc_gateway.request")
    async with client_for(Subgraphs(), None) as c:
        resp = await post(
            c,
            "query Teams { groups { name enquiries { title } } }",
            **{"x-correlation-id": "abc-1"},
        )
        other = await post(c, "{ groups { id } }")
    assert resp.headers["x-correlation-id"] == "abc-1"
    assert other.headers["x-correlation-id"] != "abc-1"
    records = [r for r in caplog.records if r.name == "clc_gateway.request"]
    assert len(records) == 2
    line = orjson.loads(JsonFormatter().format(records[0]))
    assert line["message"] == "request"
    assert line["operation"] == "Teams"
    assert line["outcome"] == "ok"
    assert line["subgraph_fetches"] == 2
    assert line["correlation_id"] == "abc-1"
    assert line["duration_ms"] >= 0
    assert {"time", "level", "logger"} <= set(line)


async def test_a_refused_token_is_counted_as_unauthenticated() -> None:
    from eventkit.principal import JwtVerifier

    async with client_for(Subgraphs(), JwtVerifier(hs256_secret="s" * 32)) as c:
        await post(c, "{ groups { id } }")
        text = (await c.get("/metrics")).text
    assert (
        sample(
            text,
            "gateway_request_duration_seconds_count",
            operation="anonymous",
            outcome="unauthenticated",
        )
        == 1
    )

"""HTTP to subgraphs: one pooled keep-alive client, identical in-flight queries sent once.

Deduplication is keyed by URL, forwarded headers and the exact request body, and applies to
queries only: a mutation is never shared between callers.

Every request sent is reported to an optional ``FetchObserver`` (the Prometheus metrics) and
counted in the calling request's ``RequestStats`` (the per-request log line), found through a
context variable so the planner and executor need not carry it.
"""

from __future__ import annotations

import asyncio
import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

import httpx
import orjson

from .http11 import Http11Pool, ProtocolError
from .multipart import Multipart, carrying_uploads, split_uploads

__all__ = ["FetchObserver", "RequestStats", "SubgraphClient", "SubgraphError", "request_stats"]


_TRACE = frozenset({"traceparent", "tracestate"})


class SubgraphError(Exception):
    pass


class FetchObserver(Protocol):
    def fetched(self, url: str, seconds: float, ok: bool) -> None: ...

    def deduplicated(self, url: str) -> None: ...


@dataclass
class RequestStats:
    """What one client request cost downstream (tasks copy the context, so all share this)."""

    fetches: int = 0
    deduplicated: int = 0
    operation: str | None = None
    """The operation's name as the document gives it (clients often send no operationName)."""


request_stats: ContextVar[RequestStats | None] = ContextVar("gateway_request_stats", default=None)


class SubgraphClient:
    def __init__(
        self,
        *,
        timeout_s: float = 30.0,
        max_connections: int = 200,
        transport: httpx.AsyncBaseTransport | None = None,
        observer: FetchObserver | None = None,
    ) -> None:
        self.observer = observer
        # plain-http subgraphs go through the lean pool; a given transport (tests) or https
        # through httpx
        self._pool = Http11Pool(timeout_s=timeout_s) if transport is None else None
        self._http = httpx.AsyncClient(
            timeout=timeout_s,
            transport=transport,
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
        )
        self._inflight: dict[
            tuple[str, bytes, tuple[tuple[str, str], ...]], asyncio.Future[Any]
        ] = {}
        self.requests = 0
        """Requests actually sent (after deduplication); tests and benchmarks read it."""

    async def close(self) -> None:
        await self._http.aclose()
        if self._pool is not None:
            await self._pool.close()

    async def ping(self, url: str, timeout_s: float = 2.0) -> bool:
        try:
            resp = await self._http.post(url, json={"query": "{ __typename }"}, timeout=timeout_s)
        except httpx.HTTPError:
            return False
        return resp.status_code < 500

    async def post(
        self,
        url: str,
        query: str,
        variables: dict[str, Any] | None,
        headers: dict[str, str],
        *,
        dedupe: bool,
    ) -> dict[str, Any]:
        if carrying_uploads.get() and (files := split_uploads(query, variables)) is not None:
            return _parse(await self._send_files(url, files, headers))
        payload: dict[str, Any] = {"query": query}
        if variables:
            payload["variables"] = variables
        body = orjson.dumps(payload)
        if not dedupe:
            return _parse(await self._send(url, body, headers))
        # the credentials are part of the key; trace context is not (a shared request carries the
        # first caller's trace, otherwise no two requests would ever be shared)
        key = (url, body, tuple(sorted((h, v) for h, v in headers.items() if h not in _TRACE)))
        pending = self._inflight.get(key)
        if pending is not None:
            self._deduplicated(url)
            # each caller parses its own copy: the merge writes into the objects it gets
            return _parse(await asyncio.shield(pending))
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._inflight[key] = fut
        try:
            raw = await self._send(url, body, headers)
            fut.set_result(raw)
        except BaseException as exc:
            fut.set_exception(exc)
            fut.exception()  # retrieved: a failure nobody else awaited is not "never retrieved"
            raise
        finally:
            del self._inflight[key]
        return _parse(raw)

    def _deduplicated(self, url: str) -> None:
        stats = request_stats.get()
        if stats is not None:
            stats.deduplicated += 1
        if self.observer is not None:
            self.observer.deduplicated(url)

    async def _send(self, url: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        self.requests += 1
        stats = request_stats.get()
        if stats is not None:
            stats.fetches += 1
        h = {"content-type": "application/json", "accept": "application/json", **headers}
        started = time.perf_counter()
        if self._pool is not None and url.startswith("http://"):
            try:
                answer = await self._pool.post(url, body, h)
            except (OSError, TimeoutError, asyncio.IncompleteReadError, ProtocolError) as exc:
                self._observe(url, started, ok=False)
                raise SubgraphError(f"subgraph unreachable: {type(exc).__name__}") from None
            self._observe(url, started, ok=answer[0] < 400)
            return answer
        try:
            resp = await self._http.post(url, content=body, headers=h)
        except httpx.HTTPError as exc:
            self._observe(url, started, ok=False)
            raise SubgraphError(f"subgraph unreachable: {type(exc).__name__}") from None
        self._observe(url, started, ok=resp.status_code < 400)
        return resp.status_code, resp.content

    async def _send_files(
        self, url: str, files: Multipart, headers: dict[str, str]
    ) -> tuple[int, bytes]:
        """A fetch with files (``multipart.py``), streamed from the spool files over httpx."""
        self.requests += 1
        stats = request_stats.get()
        if stats is not None:
            stats.fetches += 1
        h = {
            "content-type": files.content_type,
            "content-length": str(files.length),
            "accept": "application/json",
            **headers,
        }
        started = time.perf_counter()
        try:
            resp = await self._http.post(url, content=files.stream(), headers=h)
        except httpx.HTTPError as exc:
            self._observe(url, started, ok=False)
            raise SubgraphError(f"subgraph unreachable: {type(exc).__name__}") from None
        self._observe(url, started, ok=resp.status_code < 400)
        return resp.status_code, resp.content

    def _observe(self, url: str, started: float, *, ok: bool) -> None:
        if self.observer is not None:
            self.observer.fetched(url, time.perf_counter() - started, ok)


def _parse(answer: tuple[int, bytes]) -> dict[str, Any]:
    status, content = answer
    try:
        data = orjson.loads(content)
    except orjson.JSONDecodeError:
        raise SubgraphError(f"subgraph answered HTTP {status} without JSON") from None
    if not isinstance(data, dict):
        raise SubgraphError("subgraph answered with something other than a JSON object")
    return data

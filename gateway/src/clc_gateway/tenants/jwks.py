"""Signing keys of the tenants' identity providers, fetched and cached off the request path.

Every JWKS URL in the registry is fetched at start and again in the background when its copy
gets old: after the ``max-age`` its ``Cache-Control`` gives (kept between ``min_refetch_s`` and
``refresh_s``), or ``refresh_s`` without one. A request only reads the cache. A token whose ``kid``
is not in the cache (the IdP rotated its keys) makes one fetch, awaited by that request and shared
with every request waiting for the same URL, and at most one per ``min_refetch_s`` per URL: a
flood of made-up kids costs the IdP one request per interval, not one per token.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from dataclasses import dataclass

import httpx
import jwt

__all__ = ["JwksCache"]

log = logging.getLogger("clc_gateway.tenants")

_MAX_AGE = re.compile(r"max-age\s*=\s*(\d+)")


@dataclass
class _Entry:
    keys: list[jwt.PyJWK]
    fetched_at: float  # monotonic; -inf before the first attempt
    refresh_at: float


class JwksCache:
    def __init__(
        self,
        client: httpx.AsyncClient | None = None,
        *,
        refresh_s: float = 300.0,
        min_refetch_s: float = 30.0,
    ) -> None:
        self._client = client or httpx.AsyncClient(timeout=10.0)
        self._refresh = refresh_s
        self._min_refetch = min_refetch_s
        self._entries: dict[str, _Entry] = {}
        self._inflight: dict[str, asyncio.Task[None]] = {}
        self.fetches = 0
        """JWKS requests sent (tests and metrics)."""

    def track(self, urls: frozenset[str]) -> None:
        """The URLs the registry names now; keys of URLs no longer named are dropped."""
        for url in list(self._entries):
            if url not in urls:
                del self._entries[url]
        for url in urls:
            self._entries.setdefault(url, _Entry([], float("-inf"), float("-inf")))

    async def refresh_due(self) -> None:
        """Fetch every URL whose copy is due (all of them at start)."""
        now = time.monotonic()
        due = [url for url, e in self._entries.items() if e.refresh_at <= now]
        await asyncio.gather(*(self._fetch(url) for url in due))

    async def run(self, tick_s: float = 1.0) -> None:
        while True:
            await self.refresh_due()
            await asyncio.sleep(tick_s)

    async def key(self, url: str, kid: str | None, key_type: str) -> jwt.PyJWK | None:
        """The key ``kid`` of the JWKS at ``url`` (the only one of ``key_type`` if the token names
        no kid); ``None`` if there is none, even after the one refetch allowed."""
        entry = self._entries.get(url)
        if entry is None:
            return None
        found = _pick(entry.keys, kid, key_type)
        if found is None and time.monotonic() - entry.fetched_at >= self._min_refetch:
            await self._fetch(url)
            found = _pick(entry.keys, kid, key_type)
        return found

    def _fetch(self, url: str) -> asyncio.Task[None]:
        task = self._inflight.get(url)
        if task is None:
            task = asyncio.ensure_future(self._download(url))
            self._inflight[url] = task
            task.add_done_callback(lambda _: self._inflight.pop(url, None))
        return task

    async def _download(self, url: str) -> None:
        entry = self._entries.get(url)
        if entry is None:
            return
        now = time.monotonic()
        entry.fetched_at = now
        entry.refresh_at = now + self._min_refetch  # a failure is retried after this
        self.fetches += 1
        try:
            answer = await self._client.get(url)
            answer.raise_for_status()
            keys = jwt.PyJWKSet.from_dict(answer.json()).keys
        except Exception as exc:
            log.warning("fetching the JWKS at %s failed (%s); keeping the keys we had", url, exc)
            return
        entry.keys = list(keys)
        entry.refresh_at = now + self._lifetime(answer.headers.get("cache-control"))

    def _lifetime(self, cache_control: str | None) -> float:
        found = _MAX_AGE.search(cache_control or "")
        if found is None:
            return self._refresh
        return min(max(float(found.group(1)), self._min_refetch), self._refresh)

    async def close(self) -> None:
        await self._client.aclose()


def _pick(keys: list[jwt.PyJWK], kid: str | None, key_type: str) -> jwt.PyJWK | None:
    # only keys of the kind the token's algorithm needs: another kind would make PyJWT fail
    # with a TypeError rather than a clean refusal
    candidates = [k for k in keys if k.key_type == key_type]
    if kid is None:
        return candidates[0] if len(candidates) == 1 else None
    return next((k for k in candidates if k.key_id == kid), None)

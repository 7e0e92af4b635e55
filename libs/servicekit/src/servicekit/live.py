"""Live updates: a projection announces a change, subscribers of this process hear of it.

A projection calls ``announce`` in the projector's transaction: PostgreSQL ``NOTIFY`` is delivered
only when that transaction commits, so a subscriber never hears of a change before the read model
shows it, and never of one rolled back. ``Listener`` holds **one** connection per process that
``LISTEN``s, and fans each notification out to the in-process subscribers of its channel and
tenant (a subscriber per connection would exhaust PostgreSQL's connections). It connects on the
first subscription, not at start-up.

Notifications carry only ids (PostgreSQL caps a payload at 8,000 bytes): a subscription resolver
reads the read model, as its subscriber, for what to deliver, and checks again that the
subscriber may see it. A subscriber that falls ``queue_size`` notifications behind is ended (its
client may subscribe again) rather than letting memory grow.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import orjson
from eventkit.projection import ProjectionConnection
from graphql import GraphQLError

__all__ = ["Listener", "ListenerLost", "SubscriberTooSlow", "SubscriptionEnded", "announce"]

log = logging.getLogger("servicekit.live")


class SubscriptionEnded(GraphQLError):
    """A live subscription ended on the server's side; the client may subscribe again."""

    def __init__(self, message: str) -> None:
        super().__init__(message, extensions={"code": "SUBSCRIPTION_ENDED"})


class SubscriberTooSlow(SubscriptionEnded):
    pass


async def announce(conn: ProjectionConnection, channel: str, tenant_id: str, **ids: Any) -> None:
    """Queue a notification on ``channel`` (sent when the projector's transaction commits)."""
    payload = orjson.dumps({"tenant": tenant_id, **ids}).decode()
    await conn.execute("select pg_notify($1, $2)", channel, payload)


class ListenerLost(SubscriptionEnded):
    pass


class _Subscriber:
    def __init__(self, tenant: str, size: int) -> None:
        self.tenant = tenant
        self.queue: asyncio.Queue[dict[str, Any] | None] = asyncio.Queue(size)
        self.overflowed = False
        self.lost = False


class Listener:
    """One LISTEN connection per process, fanning notifications out to subscribers."""

    def __init__(self, dsn: str, *, queue_size: int = 256) -> None:
        self._dsn = dsn
        self._size = queue_size
        self._conn: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()
        self._subscribers: dict[str, set[_Subscriber]] = {}
        self._listened: set[str] = set()

    @property
    def subscribers(self) -> int:
        return sum(len(s) for s in self._subscribers.values())

    @property
    def listening(self) -> set[str]:
        """The channels the one connection LISTENs on (empty until the first subscription)."""
        return set(self._listened) if self._conn is not None else set()

    async def close(self) -> None:
        for subscribers in self._subscribers.values():
            for s in subscribers:
                with contextlib.suppress(asyncio.QueueFull):
                    s.queue.put_nowait(None)
        if self._conn is not None:
            with contextlib.suppress(Exception):
                await self._conn.close()
            self._conn = None

    async def _listening(self, channel: str) -> None:
        async with self._lock:
            if self._conn is None or self._conn.is_closed():
                self._conn = await asyncpg.connect(self._dsn)
                self._conn.add_termination_listener(self._lost)
                self._listened = set()
            if channel not in self._listened:
                await self._conn.add_listener(channel, self._heard)
                self._listened.add(channel)

    def _lost(self, _: object) -> None:
        log.warning("the LISTEN connection was lost; live subscriptions end")
        self._conn = None
        for subscribers in self._subscribers.values():
            for s in subscribers:
                s.lost = True
                with contextlib.suppress(asyncio.QueueFull):
                    s.queue.put_nowait(None)

    def _heard(self, _conn: object, _pid: int, channel: str, payload: str) -> None:
        try:
            note = orjson.loads(payload)
        except orjson.JSONDecodeError:
            log.warning("undecodable notification", extra={"channel": channel})
            return
        for s in self._subscribers.get(channel, ()):
            if s.tenant != note.get("tenant"):
                continue  # another tenant's change is never even queued
            try:
                s.queue.put_nowait(note)
            except asyncio.QueueFull:
                s.overflowed = True

    async def notes(self, channel: str, tenant: str) -> AsyncIterator[dict[str, Any]]:
        """The notifications of ``tenant`` on ``channel`` from now on, until the caller stops."""
        me = _Subscriber(tenant, self._size)
        self._subscribers.setdefault(channel, set()).add(me)
        try:
            await self._listening(channel)
            while True:
                note = await me.queue.get()
                if me.overflowed:
                    raise SubscriberTooSlow("the subscriber fell too far behind; subscribe again")
                if me.lost:
                    raise ListenerLost("live updates were interrupted; subscribe again")
                if note is None:
                    return
                yield note
        finally:
            self._subscribers[channel].discard(me)

"""One active leader among a service's replicas: a PostgreSQL session-level advisory lock.

Every replica that may lead (the ``relay`` and ``all`` roles) opens one dedicated connection and
polls ``pg_try_advisory_lock`` on it. The lock belongs to that session: it is released when the
leader closes the connection, when its process dies (the server sees the socket close), and when
the server loses the session for any reason. So *losing the connection is losing leadership*:
the leader checks its connection every ``check_s`` and stops leading the moment a check fails,
and a standby polling every ``poll_s`` takes over as soon as the server has released the lock.

Whoever leads does its durable bookkeeping through :class:`LeaderSession`, i.e. on the very
connection that holds the lock: a statement that succeeds there proves the lock was still held
when it ran. A leader cut off from the database can therefore keep nothing it does after the
cut — the relay's checkpoint cannot move under a successor (``eventkit.relay``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import asyncpg
from eventkit.pg import connect

__all__ = ["LeaderSession", "Leadership"]

log = logging.getLogger("servicekit.leadership")

#: how long one statement on the leader's connection may take before the session is given up
STATEMENT_TIMEOUT_S = 5.0


class LeaderSession:
    """The leader's connection, shared by the leader's work and the liveness check (one
    statement at a time: an asyncpg connection runs one operation at once)."""

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()

    async def fetchrow(self, query: str, *args: Any) -> Any:
        async with self._lock:
            return await self._conn.fetchrow(query, *args, timeout=STATEMENT_TIMEOUT_S)

    async def execute(self, query: str, *args: Any) -> str:
        async with self._lock:
            result: str = await self._conn.execute(query, *args, timeout=STATEMENT_TIMEOUT_S)
            return result


Lead = Callable[[asyncio.Event, LeaderSession], Coroutine[Any, Any, None]]


class Leadership:
    """Runs ``lead(stop, session)`` only while this process holds the lock named ``name``."""

    def __init__(
        self,
        dsn: str,
        name: str,
        *,
        poll_s: float = 1.0,
        check_s: float = 1.0,
        retry_s: float = 1.0,
    ) -> None:
        self._dsn = dsn
        self.name = name
        self._poll_s = poll_s
        self._check_s = check_s
        self._retry_s = retry_s
        self.is_leader = False
        self.terms = 0
        """How many times this process has become leader (tests and metrics)."""

    async def run(self, stop: asyncio.Event, lead: Lead) -> None:
        """Campaign, lead, and campaign again after losing the lock, until ``stop``."""
        while not stop.is_set():
            conn: asyncpg.Connection | None = None
            try:
                async with asyncio.timeout(STATEMENT_TIMEOUT_S):
                    conn = await connect(self._dsn)
                if await self._acquire(conn, stop):
                    await self._lead(LeaderSession(conn), stop, lead)
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError):
                log.warning("leadership connection failed", extra={"lock": self.name})
            except Exception:
                # The led work crashed: give the lock up (another replica may do better) and
                # campaign again after a pause, like a restarted process would.
                log.exception("leader's work failed", extra={"lock": self.name})
            finally:
                if self.is_leader:
                    log.info("leadership given up", extra={"lock": self.name})
                self.is_leader = False
                if conn is not None:
                    conn.terminate()  # no goodbye needed: closing the socket frees the lock
            await _sleep_unless(stop, self._retry_s)

    async def _acquire(self, conn: asyncpg.Connection, stop: asyncio.Event) -> bool:
        while not stop.is_set():
            got = await conn.fetchval(
                "select pg_try_advisory_lock(hashtextextended($1, 0))",
                self.name,
                timeout=STATEMENT_TIMEOUT_S,
            )
            if got:
                self.is_leader = True
                self.terms += 1
                log.info("leadership taken", extra={"lock": self.name})
                return True
            await _sleep_unless(stop, self._poll_s)
        return False

    async def _lead(self, session: LeaderSession, stop: asyncio.Event, lead: Lead) -> None:
        """Run the work beside a liveness check; whichever ends first ends the other."""
        work = asyncio.create_task(lead(stop, session))
        watch = asyncio.create_task(self._watch(session, stop))
        try:
            done, _ = await asyncio.wait({work, watch}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (work, watch):
                task.cancel()
            await asyncio.gather(work, watch, return_exceptions=True)
        for task in done:
            task.result()  # re-raise what ended it (a lost connection, a crash)

    async def _watch(self, session: LeaderSession, stop: asyncio.Event) -> None:
        # Ends only by failing: on ``stop`` the work ends by itself, and then this is cancelled.
        while True:
            await session.execute("select 1")
            await _sleep_unless(stop, self._check_s)


async def _sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    # Not ``wait_for(stop.wait(), …)``: cancelled before it starts, that leaves a coroutine
    # never awaited (a RuntimeWarning, an error under the test suite's filterwarnings).
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await stop.wait()

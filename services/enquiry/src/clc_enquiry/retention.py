"""Retention of evidence that contains pupil data: kept for the tenant's period, then shredded.

Such evidence is sealed with a key of its own (``application.sealing``), created when it is
attached. The sweeper, run by the projector process every ``retention_sweep_s``, destroys each
key older than its tenant's period (``pupil_data_retention_s``, default a year) and, in the same
transaction, replaces the evidence in the read model (the enquiry journal) by the neutral
``EXPIRED_EVIDENCE``: its title, reference and description are then unreadable in the store, on
the topic and in any copy, and a rebuild projects the same label. Running it twice, or from two
projector processes at once, destroys nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

import asyncpg
from eventkit.pg import tenant_transaction
from servicekit.crypto import KEY_TABLE, destroy_key

from .application.sealing import EVIDENCE, EXPIRED_EVIDENCE
from .settings import EnquirySettings

__all__ = ["retention_sweeper", "sweep_expired_evidence"]

log = logging.getLogger("clc_enquiry.retention")


async def sweep_expired_evidence(pool: asyncpg.Pool, settings: EnquirySettings) -> int:
    """Destroy every pupil-data evidence key past its tenant's period; the number destroyed."""
    tenants = await pool.fetch(
        f"select distinct tenant_id from {KEY_TABLE}"
        " where subject like $1 and wrapped_key is not null",
        f"{EVIDENCE}%",
    )
    destroyed = 0
    for row in tenants:
        tenant = row["tenant_id"]
        async with tenant_transaction(pool, tenant) as conn:
            expired = await conn.fetch(
                f"select subject from {KEY_TABLE} where tenant_id = $1 and subject like $2"
                " and wrapped_key is not null"
                " and created_at < now() - make_interval(secs => $3)"
                " for update skip locked",
                tenant,
                f"{EVIDENCE}%",
                float(settings.retention_of(tenant)),
            )
            for found in expired:
                enquiry_id, _, entry_id = found["subject"][len(EVIDENCE) :].rpartition(":")
                await destroy_key(conn, tenant, found["subject"])
                await conn.execute(
                    "update enq_journal set body = $4, details = details - 'reference'"
                    " - 'description' where tenant_id = $1 and enquiry_id = $2"
                    " and entry_id = $3 and kind = 'evidence'",
                    tenant,
                    enquiry_id,
                    entry_id,
                    EXPIRED_EVIDENCE,
                )
                destroyed += 1
    return destroyed


def retention_sweeper(
    settings: EnquirySettings, pool: asyncpg.Pool
) -> Callable[[asyncio.Event], Coroutine[Any, Any, None]]:
    """The periodic job the projector process runs until ``stop``."""

    async def run(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                if done := await sweep_expired_evidence(pool, settings):
                    log.info("pupil-data evidence expired", extra={"keys_destroyed": done})
            except Exception:  # a failed sweep is retried at the next tick
                log.exception("retention sweep failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), settings.retention_sweep_s)

    return run

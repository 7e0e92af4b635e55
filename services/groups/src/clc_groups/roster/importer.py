"""The roster import: all or nothing.

1. Only a tenant admin may import (``NotTenantAdmin`` otherwise, before anything is read).
2. Every file and every row is checked; any problem rejects the whole import and the report lists
   every problem found. Nothing has been written at that point.
3. The streams the roster names are loaded, and ``plan`` decides each row's command through the
   domain. A refused command rejects the import too, still before anything is written.
4. All decided events are appended in **one** ``append_batch``: one transaction, so either the
   whole roster is in the event store or none of it is. A concurrent write to one of the streams
   makes the batch fail as a whole; the import then starts again from step 3 (a few times).

A re-import of the same roster decides no events and writes nothing.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from eventkit.envelope import StreamRef
from eventkit.errors import WrongExpectedVersion
from eventkit.handling import CommandContext, CommandHandler
from eventkit.idempotency import CommandFingerprint
from eventkit.principal import Principal
from eventkit.registry import EventRegistry
from eventkit.store.base import AppendRequest, EventStore

from clc_groups.application import ConcurrentChange, Handlers, registry
from clc_groups.domain import TENANT_ADMIN, NotTenantAdmin

from .csvfiles import read_roster_files
from .model import Roster
from .plan import Existing, Plan, Step, plan_import, stream_id
from .report import ImportReport, RowIssue
from .validate import parse_roster

__all__ = ["Progress", "RosterImporter", "parse_sources"]

Progress = Callable[[str, int, int], None]
"""``progress(phase, done, total)``; phases: ``reading``, ``checking``, ``writing``, ``done``."""

S = TypeVar("S")

#: the fingerprint's actor for every import: re-imports by any admin are the same request
ROSTER_IMPORT = "roster-import"


def _quiet(phase: str, done: int, total: int) -> None:
    return None


def parse_sources(sources: Mapping[str, bytes | str]) -> tuple[Roster | None, list[RowIssue]]:
    """The roster in ``sources`` (file name -> content), or None and every problem found."""
    files, issues = read_roster_files(sources)
    if files is None:
        return None, issues
    return parse_roster(files)


def _fingerprint(step: Step) -> CommandFingerprint:
    """What an import's command id answers, for the command log.

    An import's command ids are derived from content (``plan.command_id``), so the id is itself
    a digest of the payload and needs no keyed HMAC, and any admin re-importing the same rows
    asks the same thing. Recording it still matters: a client that sends such a derived id
    with a mutation is told the key is taken (``IDEMPOTENCY_KEY_REUSED``) rather than handed
    the import's result."""
    return CommandFingerprint(
        actor=ROSTER_IMPORT,
        stream_id=step.stream_id,
        command_type=f"RosterImport:{step.action}",
        payload_hmac=step.command_id,
    )


class RosterImporter:
    def __init__(
        self,
        store: EventStore,
        events: EventRegistry | None = None,
        *,
        concurrency: int = 8,
        attempts: int = 3,
    ) -> None:
        self._store = store
        self._events = events or registry()
        self._handlers = Handlers.over(store, self._events)
        self._concurrency = concurrency
        self._attempts = attempts

    async def import_files(
        self,
        principal: Principal,
        sources: Mapping[str, bytes | str],
        *,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Imports the roster in ``sources`` (file name -> content) for the principal's tenant."""
        if not principal.has_role(TENANT_ADMIN):
            raise NotTenantAdmin()
        roster, issues = parse_sources(sources)
        if roster is None:
            return ImportReport(principal.tenant_id).reject(issues)
        return await self.import_roster(principal, roster, progress=progress)

    async def import_roster(
        self, principal: Principal, roster: Roster, *, progress: Progress | None = None
    ) -> ImportReport:
        """Imports an already parsed roster (see ``parse_sources``, which a server runs in a
        worker thread: parsing a large roster would otherwise stall its event loop)."""
        if not principal.has_role(TENANT_ADMIN):
            raise NotTenantAdmin()
        tell = progress or _quiet
        for attempt in range(1, self._attempts + 1):
            existing = await self._existing(roster, principal, tell)
            # Planning is pure CPU work over every row: off the event loop, like parsing.
            plan = await asyncio.to_thread(plan_import, roster, existing, principal)
            if plan.report.rejected:
                return plan.report.reject([])
            try:
                await self._write(plan, principal, tell)
            except WrongExpectedVersion:
                if attempt == self._attempts:
                    raise ConcurrentChange() from None
                continue
            tell("done", 1, 1)
            return plan.report
        raise AssertionError("unreachable")

    async def _existing(self, roster: Roster, principal: Principal, tell: Progress) -> Existing:
        tenant = principal.tenant_id
        school_ids = [stream_id(tenant, "school", o.source_id) for o in roster.schools]
        org_ids = [stream_id(tenant, "organisation", o.source_id) for o in roster.organisations]
        person_ids = [stream_id(tenant, "practitioner", m.source_id) for m in roster.staff]
        total, done = len(school_ids) + len(org_ids) + len(person_ids), 0
        gate = asyncio.Semaphore(self._concurrency)

        async def load(handler: CommandHandler[S], sid: str) -> tuple[S, int]:
            nonlocal done
            async with gate:
                loaded = await handler.load(sid, tenant)
            done += 1
            tell("reading", done, total)
            return loaded

        tell("reading", 0, total)
        schools = await asyncio.gather(*(load(self._handlers.schools, s) for s in school_ids))
        orgs = await asyncio.gather(*(load(self._handlers.organisations, o) for o in org_ids))
        people = await asyncio.gather(*(load(self._handlers.practitioners, p) for p in person_ids))
        return Existing(dict(zip(school_ids, schools, strict=True)),
                        dict(zip(person_ids, people, strict=True)),
                        dict(zip(org_ids, orgs, strict=True)))  # fmt: skip

    async def _write(self, plan: Plan, principal: Principal, tell: Progress) -> None:
        if not plan.steps:
            return
        correlation = str(uuid.uuid4())
        requests: list[AppendRequest] = []
        for step in plan.steps:
            context = CommandContext(
                tenant_id=principal.tenant_id,
                actor=principal.person_id,
                command_id=step.command_id,
                correlation_id=correlation,
            )
            metadata = context.metadata()
            requests.append(
                AppendRequest(
                    StreamRef(stream_id=step.stream_id, stream_type=step.stream_type,
                              tenant_id=principal.tenant_id),
                    [self._events.to_new_event(e, metadata) for e in step.events],
                    expected_version=step.expected_version,
                    command_id=step.command_id,
                    fingerprint=_fingerprint(step),
                )
            )  # fmt: skip
        tell("writing", 0, len(requests))
        results = await self._store.append_batch(requests)
        written: Sequence[Any] = [r for r in results if not r.duplicate]
        plan.report.events_written = sum(len(r.events) for r in written)
        plan.report.consistency_token = max((r.position for r in results), default=0)
        tell("writing", len(requests), len(requests))

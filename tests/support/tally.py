"""A tiny read model used to test the projector: per stream, how many events and their sum."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import asyncpg
from eventkit.envelope import RecordedEvent
from eventkit.migrations import Migration
from eventkit.projection import ProjectionConnection

TALLY_MIGRATION = Migration(
    "test_tally",
    """
    create table tally (
        tenant_id text not null,
        stream_id text not null,
        events int not null,
        total bigint not null,
        primary key (tenant_id, stream_id)
    );
    """,
)


class Crash(BaseException):
    """Stands in for the process dying: not an Exception, so nothing in the runner catches it."""


class Poison(Exception):
    pass


class TallyProjection:
    name = "tally"

    def __init__(
        self, crash_after: int | None = None, *, write_before_failing: bool = False
    ) -> None:
        self.crash_after = crash_after
        self.applied = 0
        # ``accept_poison``: the "fix" that lets a dead letter be replayed.
        self.accept_poison = False
        self.write_before_failing = write_before_failing

    async def apply(self, conn: ProjectionConnection, event: RecordedEvent) -> None:
        poison = event.data.get("poison") and not self.accept_poison
        if poison and not self.write_before_failing:
            raise Poison(f"cannot apply {event.event_id}")
        await conn.execute(
            "insert into tally (tenant_id, stream_id, events, total) values ($1, $2, 1, $3)"
            " on conflict (tenant_id, stream_id) do update"
            " set events = tally.events + 1, total = tally.total + excluded.total",
            event.tenant_id,
            event.stream_id,
            event.data["n"],
        )
        if poison:
            raise Poison(f"cannot apply {event.event_id} (after queueing a write)")
        self.applied += 1
        if self.crash_after is not None and self.applied >= self.crash_after:
            raise Crash

    async def reset(self, conn: ProjectionConnection) -> None:
        await conn.execute("delete from tally")


def fold(events: Iterable[RecordedEvent]) -> dict[tuple[str, str], tuple[int, int]]:
    """What the tally must hold: computed straight from the events, with no database."""
    out: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for e in events:
        if e.data.get("poison"):
            continue
        row = out[(e.tenant_id, e.stream_id)]
        row[0] += 1
        row[1] += e.data["n"]
    return {k: (v[0], v[1]) for k, v in out.items()}


async def read_tally(pool: asyncpg.Pool) -> dict[tuple[str, str], tuple[int, int]]:
    rows = await pool.fetch("select tenant_id, stream_id, events, total from tally")
    return {(r["tenant_id"], r["stream_id"]): (r["events"], r["total"]) for r in rows}

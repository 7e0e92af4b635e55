"""Personal reflective logs: ``ReflectiveLogEntry``, the caller's own log, what a group was shared.

Who reads an entry is decided in the queries (``readmodels.reflective_logs``): its writer, and the
members of a group it is shared with while the share stands. The groups an entry is shared with
are shown to its writer only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
from servicekit.pagination import Connection, page_size

from clc_enquiry.readmodels import reflective_logs

from .base import Ctx, canonical, page, time_id_after
from .enquiries import PractitionerRef, practitioner

__all__ = ["ReflectiveLogEntry", "group_shared_log", "load_log_entry", "my_log"]


@strawberry.type
class ReflectiveLogEntry:
    """One entry of a practitioner's personal reflective log."""

    id: strawberry.ID
    text: str
    written_at: datetime | None
    recorded_at: datetime
    shared_with_group_ids: list[strawberry.ID] = strawberry.field(
        description="The groups it is shared with: shown to its writer only (empty to others)"
    )
    author_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: Any) -> ReflectiveLogEntry:
        return cls(
            id=strawberry.ID(row["entry_id"]),
            text=row["text"],
            written_at=row["written_at"],
            recorded_at=row["recorded_at"],
            shared_with_group_ids=[strawberry.ID(g) for g in row["shared_with"]],
            author_id=row["author_id"],
        )

    @strawberry.field
    def written_by(self) -> PractitionerRef:
        return practitioner(self.author_id)


async def load_log_entry(info: Ctx, entry_id: str) -> ReflectiveLogEntry | None:
    async with info.context.read() as conn:
        row = await reflective_logs.log_entry(
            conn, info.context.tenant_id, info.context.person_id, canonical(entry_id)
        )
    return None if row is None else ReflectiveLogEntry.of(row)


async def my_log(info: Ctx, first: int | None, after: str | None) -> Connection[ReflectiveLogEntry]:
    size = page_size(first)
    async with info.context.read() as conn:
        rows = await reflective_logs.my_log(
            conn,
            info.context.tenant_id,
            info.context.person_id,
            after=time_id_after(after),
            first=size,
        )
    return page(rows, size, ReflectiveLogEntry.of)


async def group_shared_log(
    info: Ctx, group_id: str, first: int | None, after: str | None
) -> Connection[ReflectiveLogEntry]:
    size = page_size(first)
    async with info.context.read() as conn:
        rows = await reflective_logs.shared_with_group(
            conn,
            info.context.tenant_id,
            info.context.person_id,
            group_id,
            after=time_id_after(after),
            first=size,
        )
    return page(rows, size, ReflectiveLogEntry.of)

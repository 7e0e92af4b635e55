"""A group's sessions and activities, and who is in the room to see what is shared there."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import strawberry

from clc_groups.api.context import Ctx
from clc_groups.api.enums import (
    ActivityKind,
    SessionProtocol,
    SessionStatus,
)
from clc_groups.api.loaders import loaders

from .base import ID
from .people import Practitioner, person

__all__ = ["Activity", "Session", "activity_order", "in_the_room", "session_order"]


@strawberry.type
class Session:
    id: strawberry.ID
    group_id: strawberry.ID
    starts_at: datetime
    protocol: SessionProtocol
    artefact_id: ID | None = strawberry.field(
        description="The knowledge artefact (e.g. a protocol) the session uses, if any."
    )
    status: SessionStatus
    protocols: list[SessionProtocol] = strawberry.field(
        description="Every protocol the held session used, as recorded; empty before a record."
    )
    learning_points: list[str] = strawberry.field(
        description="What the session learned, as a member recorded it."
    )
    stored_how_we_worked: strawberry.Private[str | None]
    recorded_by_id: ID | None = strawberry.field(description="Who recorded the session's learning.")

    @classmethod
    def of(cls, row: Any) -> Session:
        return cls(
            id=strawberry.ID(row["session_id"]),
            group_id=strawberry.ID(row["group_id"]),
            starts_at=row["starts_at"],
            protocol=SessionProtocol(row["protocol"]),
            artefact_id=None if row["artefact_id"] is None else ID(row["artefact_id"]),
            status=SessionStatus(row["status"]),
            protocols=[SessionProtocol(p) for p in row["protocols"]],
            learning_points=list(row["learning_points"]),
            stored_how_we_worked=row["how_we_worked"],
            recorded_by_id=None if row["recorded_by"] is None else ID(row["recorded_by"]),
        )

    @strawberry.field
    async def recorded_by(self, info: Ctx) -> Practitioner | None:
        if self.recorded_by_id is None:
            return None
        return await person(info, self.recorded_by_id)

    @strawberry.field
    async def how_we_worked(self, info: Ctx) -> str | None:
        """A short reflection on how the group worked together: it stays in the room (members,
        the network's co-leaders, tenant admins); null for anyone else."""
        if self.stored_how_we_worked is None or not await in_the_room(info, self.group_id):
            return None
        return self.stored_how_we_worked

    @strawberry.field
    async def attendees(self, info: Ctx) -> list[Practitioner] | None:
        """Who attended: for the people in the room (see ``in_the_room``), null for others."""
        if not await in_the_room(info, self.group_id):
            return None
        rows = await loaders(info).session_attendees.load((self.group_id, self.id))
        return [Practitioner.of(r) for r in rows]


@strawberry.type(
    description="Learning together beside sessions: coaching, mentoring, a lesson observation,"
    " a school visit or shadowing, between members of a group and their schools."
)
class Activity:
    id: strawberry.ID
    kind: ActivityKind
    occurred_at: datetime
    participant_ids: list[ID]
    school_ids: list[ID]
    note: str | None
    recorded_by_id: ID

    @classmethod
    def of(cls, row: Any) -> Activity:
        return cls(
            id=strawberry.ID(row["activity_id"]),
            kind=ActivityKind(row["kind"]),
            occurred_at=row["occurred_at"],
            participant_ids=[ID(p) for p in row["participant_ids"]],
            school_ids=[ID(s) for s in row["school_ids"]],
            note=row["note"],
            recorded_by_id=ID(row["recorded_by"]),
        )

    @strawberry.field
    async def recorded_by(self, info: Ctx) -> Practitioner | None:
        return await person(info, self.recorded_by_id)

    @strawberry.field
    async def participants(self, info: Ctx) -> list[Practitioner]:
        found = [await person(info, p) for p in self.participant_ids]
        return [p for p in found if p is not None]


async def in_the_room(info: Ctx, group_id: str) -> bool:
    """Whether the caller may see what is shared in a group: its members (facilitators and
    co-leaders included), its network's co-leaders and tenant admins (``Visibility``)."""
    visibility, viewer = info.context.commands.visibility, info.context.principal
    if visibility.sees_everything(viewer):
        return True  # no read needed
    found = loaders(info)
    members = await found.group_members.load(group_id)
    group = await found.learning_group.load(group_id)
    network_id = None if group is None else group["network_id"]
    co_leaders = [] if network_id is None else await found.co_leaders.load(network_id)
    return visibility.is_in_the_room(
        viewer,
        members={r["practitioner_id"] for r in members},
        network_co_leaders={r["practitioner_id"] for r in co_leaders},
    )


def activity_order(row: Any) -> str:
    occurred: datetime = row["occurred_at"]
    return f"{occurred.astimezone(UTC):%Y-%m-%dT%H:%M:%S.%f}|{row['activity_id']}"


def session_order(row: Any) -> str:
    """The sessions' order (start, then id) as a string that sorts the same way."""
    starts: datetime = row["starts_at"]
    return f"{starts.astimezone(UTC):%Y-%m-%dT%H:%M:%S.%f}|{row['session_id']}"

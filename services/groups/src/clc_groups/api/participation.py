"""A learning group's participation, in aggregate only, shown only when it is about enough people.

Counts come from the participation read model (``readmodels/participation.py``); whether the
figures about people may be shown is the application layer's ``Visibility`` rule (at least
``participation_minimum`` members). Below it the attendance figures are null and ``hiddenReason``
says why; session counts are not about people and are always shown.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import Any

import strawberry

from .context import Ctx
from .loaders import loaders

__all__ = ["HiddenReason", "Participation", "participation"]


@strawberry.enum(description="Why an aggregate about people is not shown.")
class HiddenReason(Enum):
    TOO_FEW_PEOPLE = "too_few_people"


@strawberry.type(
    description="How a learning group meets, in aggregate only: counts and rates, never who."
    " Figures about people (attendance) are shown only for a group of at least `minimumPeople`"
    " members; below it they are null and `hiddenReason` says why."
)
class Participation:
    sessions_scheduled: int = strawberry.field(
        description="Sessions scheduled and neither held nor cancelled yet."
    )
    sessions_held: int
    sessions_cancelled: int
    activities: int = strawberry.field(
        description="Activities recorded between members and schools (coaching, mentoring,"
        " lesson observation, school visit, shadowing): a count of activities, not of people."
    )
    attendances: int | None = strawberry.field(
        description="Attendees summed over the held sessions (one per person per session)."
    )
    average_attendance: float | None = strawberry.field(
        description="Attendees per held session; null before the first one."
    )
    attendance_rate: float | None = strawberry.field(
        description="Share (0..1) of the members at each held session who attended it; null"
        " before the first held session."
    )
    hidden_reason: HiddenReason | None = strawberry.field(
        description="Why the attendance figures are null, if they are hidden."
    )
    minimum_people: int = strawberry.field(
        description="The fewest members a group needs for its attendance figures to be shown."
    )

    @classmethod
    def of(cls, row: Any, minimum: int, shown: Callable[[int], bool]) -> Participation:
        counts = {k: 0 for k in _COUNTERS} if row is None else {k: row[k] for k in _COUNTERS}
        held, attended, expected = (
            counts["sessions_held"],
            counts["attendances"],
            counts["expected_attendances"],
        )
        visible = shown(counts["members"])
        return cls(
            sessions_scheduled=counts["sessions_scheduled"],
            sessions_held=held,
            sessions_cancelled=counts["sessions_cancelled"],
            activities=counts["activities"],
            attendances=attended if visible else None,
            average_attendance=attended / held if held and visible else None,
            attendance_rate=attended / expected if expected and visible else None,
            hidden_reason=None if visible else HiddenReason.TOO_FEW_PEOPLE,
            minimum_people=minimum,
        )


_COUNTERS = (
    "members",
    "sessions_scheduled",
    "sessions_held",
    "sessions_cancelled",
    "attendances",
    "expected_attendances",
    "activities",
)


async def participation(root: Any, info: Ctx) -> Participation:
    visibility = info.context.commands.visibility
    row = await loaders(info).participation.load(root.id)
    return Participation.of(row, visibility.participation_minimum, visibility.shows_participation)

"""The two loops seen from a programme's enquiry: its ideas taken into home groups' enquiries,
with the outcome of each action whose home group consented to share it (its readers only)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from servicekit.pagination import Connection, page_size

from clc_enquiry.readmodels import two_loops

from .base import Ctx, page, time_id_after

if TYPE_CHECKING:
    from .refs import LearningGroup

__all__ = ["IdeaTakenHome", "taken_home"]


@strawberry.type
class IdeaTakenHome:
    """An idea of this enquiry, taken home as a planned action, and what came of it."""

    source_idea_id: strawberry.ID
    home_enquiry_id: strawberry.ID
    action_id: strawberry.ID
    description: str
    completed: bool
    outcome: str | None
    completed_at: datetime | None
    shared_at: datetime
    home_group_id: strawberry.Private[str | None]

    @classmethod
    def of(cls, row: Any) -> IdeaTakenHome:
        return cls(
            source_idea_id=strawberry.ID(row["source_idea_id"]),
            home_enquiry_id=strawberry.ID(row["home_enquiry_id"]),
            action_id=strawberry.ID(row["action_id"]),
            description=row["description"],
            completed=row["completed"],
            outcome=row["outcome"],
            completed_at=row["completed_at"],
            shared_at=row["shared_at"],
            home_group_id=row["home_group_id"],
        )

    @strawberry.field
    def home_group(
        self,
    ) -> Annotated[LearningGroup, strawberry.lazy("clc_enquiry.api.refs")] | None:
        from .refs import LearningGroup

        group_id = self.home_group_id
        return None if group_id is None else LearningGroup(id=strawberry.ID(group_id))


async def taken_home(
    info: Ctx, enquiry_id: str, first: int | None, after: str | None
) -> Connection[IdeaTakenHome]:
    size = page_size(first)
    async with info.context.read() as conn:
        rows = await two_loops.taken_home(
            conn,
            info.context.tenant_id,
            enquiry_id,
            info.context.person_id,
            after=time_id_after(after),
            first=size,
        )
    return page(rows, size, IdeaTakenHome.of)

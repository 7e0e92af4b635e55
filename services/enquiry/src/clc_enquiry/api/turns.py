"""Action learning set turns: each participant's issue, the set's questions, the commitment.

A turn is the group's own work, like its journal: read only by the group's readers
(``readmodels.visibility``); to anyone else an enquiry has no turns.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
from servicekit.pagination import Connection, page_size

from clc_enquiry.readmodels import pages

from .base import Ctx, empty, int_after, page
from .enquiries import PractitionerRef, practitioner

__all__ = ["ActionLearningTurn", "TurnCommitment", "TurnQuestion", "turns_of"]


async def turns_of(
    info: Ctx, group_id: str, enquiry_id: str, first: int | None, after: str | None
) -> Connection[ActionLearningTurn]:
    if not await info.context.reads_group(group_id):
        return empty()
    size = page_size(first)
    async with info.context.read() as conn:
        rows = await pages.turns(
            conn, info.context.tenant_id, enquiry_id, after=int_after(after), first=size
        )
    return page(rows, size, ActionLearningTurn.of)


@strawberry.type
class TurnQuestion:
    """A question the set asked the presenter."""

    id: strawberry.ID
    question: str
    asked_at: datetime
    asker_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: Any) -> TurnQuestion:
        return cls(
            id=strawberry.ID(row["entry_id"]),
            question=row["question"],
            asked_at=row["asked_at"],
            asker_id=row["asked_by"],
        )

    @strawberry.field
    def asked_by(self) -> PractitionerRef:
        return practitioner(self.asker_id)


@strawberry.type
class TurnCommitment:
    """The planned action the presenter committed to, as it stands now."""

    action_id: strawberry.ID
    description: str
    due_date: date | None
    completed: bool
    outcome: str | None
    committed_at: datetime


@strawberry.type
class ActionLearningTurn:
    """A participant's turn in an action learning set, on their own issue."""

    id: strawberry.ID
    cycle_id: strawberry.ID
    issue: str
    taken_at: datetime
    commitment: TurnCommitment | None
    presenter_id: strawberry.Private[str]
    enquiry_id: strawberry.Private[str]

    @classmethod
    def of(cls, row: Any) -> ActionLearningTurn:
        commitment = None
        if row["action_id"] is not None and row["action_description"] is not None:
            commitment = TurnCommitment(
                action_id=strawberry.ID(row["action_id"]),
                description=row["action_description"],
                due_date=row["action_due_date"],
                completed=row["action_completed"],
                outcome=row["action_outcome"],
                committed_at=row["committed_at"],
            )
        return cls(
            id=strawberry.ID(row["turn_id"]),
            cycle_id=strawberry.ID(row["cycle_id"]),
            issue=row["issue"],
            taken_at=row["taken_at"],
            commitment=commitment,
            presenter_id=row["presenter_id"],
            enquiry_id=row["enquiry_id"],
        )

    @strawberry.field
    def presented_by(self) -> PractitionerRef:
        return practitioner(self.presenter_id)

    @strawberry.field
    async def questions(
        self, info: Ctx, first: int | None = 20, after: str | None = None
    ) -> Connection[TurnQuestion]:
        # the turn was read by a group reader (``turns_of``), so its questions are theirs too
        size = page_size(first)
        async with info.context.read() as conn:
            rows = await pages.turn_questions(
                conn,
                info.context.tenant_id,
                self.enquiry_id,
                self.id,
                after=int_after(after),
                first=size,
            )
        return page(rows, size, TurnQuestion.of)

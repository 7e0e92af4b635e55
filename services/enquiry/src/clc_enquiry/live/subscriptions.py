"""The subscription root: ``learningGroupActivity(groupId)`` and ``myActions``.

Each subscription listens to the process's one ``LISTEN`` connection (``servicekit.live``),
filtered to the subscriber's tenant before anything is queued. It starts only if the subscriber
may read the group's work (``readmodels.visibility``: members, the network's co-leaders; nobody
else, and an unknown group is refused the same way), and checks that again for every change, so
someone who leaves the group stops hearing of it. What it delivers is read from the read models as
the subscriber, after the change's transaction committed (the notification is sent on commit).

Every item carries a ``consistencyToken`` (the position of the event it reports): a read passing
it sees everything that event changed, in whichever service.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from enum import Enum
from typing import Any

import strawberry
from graphql import GraphQLError
from servicekit.consistency import token_at

from clc_enquiry.api.base import Ctx, valid_id
from clc_enquiry.api.claims import LearningClaim, load_claim
from clc_enquiry.api.context import today
from clc_enquiry.api.enquiries import Enquiry, JournalEntry, OpenAction, load_enquiry
from clc_enquiry.api.refs import LearningGroup
from clc_enquiry.readmodels import visibility

from . import reads
from .announce import CHANNEL

__all__ = ["Subscription"]

FORBIDDEN = "FORBIDDEN"


@strawberry.enum(description="What happened in a learning group")
class GroupActivityKind(Enum):
    SESSION_SCHEDULED = "SESSION_SCHEDULED"
    SESSION_HELD = "SESSION_HELD"
    REFLECTION_RECORDED = "REFLECTION_RECORDED"
    IDEA_PROPOSED = "IDEA_PROPOSED"
    CLAIM_VALIDATED = "CLAIM_VALIDATED"


@strawberry.enum(description="What happened to one of my actions")
class ActionActivityKind(Enum):
    ACTION_PLANNED = "ACTION_PLANNED"
    ACTION_COMPLETED = "ACTION_COMPLETED"


@strawberry.type(description="One thing that happened in a learning group, as it happened")
class GroupActivity:
    kind: GroupActivityKind
    group_id: strawberry.ID
    consistency_token: str = strawberry.field(
        description="Opaque; a read passing it sees everything this activity changed"
    )
    session_id: strawberry.ID | None = None
    starts_at: datetime | None = None
    entry: JournalEntry | None = strawberry.field(
        default=None, description="The reflection or idea recorded"
    )
    enquiry_id: strawberry.ID | None = None
    claim_id: strawberry.Private[str | None] = None

    @strawberry.field
    def group(self) -> LearningGroup:
        return LearningGroup(id=self.group_id)

    @strawberry.field
    async def enquiry(self, info: Ctx) -> Enquiry | None:
        return None if self.enquiry_id is None else await load_enquiry(info, self.enquiry_id)

    # The learning claim validated
    @strawberry.field
    async def learning_claim(self, info: Ctx) -> LearningClaim | None:
        return None if self.claim_id is None else await load_claim(info, self.claim_id)


@strawberry.type(description="One of my actions was planned or completed")
class ActionActivity:
    kind: ActionActivityKind
    action_id: strawberry.ID
    enquiry_id: strawberry.ID
    consistency_token: str
    action: OpenAction | None = strawberry.field(
        default=None, description="The action while it is open (null once completed)"
    )

    @strawberry.field
    async def enquiry(self, info: Ctx) -> Enquiry | None:
        return await load_enquiry(info, self.enquiry_id)


def _token(note: dict[str, Any]) -> str:
    return token_at(str(note["service"]), int(note["position"])) or ""


async def _may_read(info: Ctx, group_id: str) -> bool:
    context = info.context
    async with context.read() as conn:
        return await visibility.reads_group(conn, context.tenant_id, group_id, context.person_id)


async def _group_item(info: Ctx, note: dict[str, Any]) -> GroupActivity | None:
    kind = GroupActivityKind(note["kind"])
    item = GroupActivity(
        kind=kind, group_id=strawberry.ID(note["group"]), consistency_token=_token(note)
    )
    if kind in (GroupActivityKind.SESSION_SCHEDULED, GroupActivityKind.SESSION_HELD):
        item.session_id = strawberry.ID(note["session"])
        starts = note.get("startsAt")
        item.starts_at = datetime.fromisoformat(starts) if starts else None
    elif kind is GroupActivityKind.CLAIM_VALIDATED:
        item.claim_id = note["claim"]
    else:
        context = info.context
        async with context.read() as conn:
            row = await reads.journal_entry(
                conn, context.tenant_id, note["enquiry"], note["entry"], context.person_id
            )
        if row is None:
            return None
        item.entry = JournalEntry.of(row)
        item.enquiry_id = strawberry.ID(note["enquiry"])
    return item


@strawberry.type
class Subscription:
    # Sessions scheduled and held, reflections, ideas and validated claims of a group whose work
    # I may read (a member, or a co-leader of its network)
    @strawberry.subscription
    async def learning_group_activity(
        self, info: Ctx, group_id: strawberry.ID
    ) -> AsyncGenerator[GroupActivity, None]:
        group = valid_id(group_id, "groupId")
        if not await _may_read(info, group):
            raise GraphQLError(
                "you may not follow this group's activity", extensions={"code": FORBIDDEN}
            )
        listener = info.context.services.listener
        assert listener is not None
        async for note in listener.notes(CHANNEL, info.context.tenant_id):
            if note.get("group") != group or note.get("kind") not in GroupActivityKind.__members__:
                continue
            info.context.forget()  # each change is read afresh, never from an earlier one's cache
            if not await _may_read(info, group):
                continue  # left the group: hears nothing more
            item = await _group_item(info, note)
            if item is not None:
                yield item

    # My actions, as they are planned and completed
    @strawberry.subscription
    async def my_actions(self, info: Ctx) -> AsyncGenerator[ActionActivity, None]:
        listener = info.context.services.listener
        assert listener is not None
        me = info.context.person_id
        async for note in listener.notes(CHANNEL, info.context.tenant_id):
            if note.get("owner") != me or note.get("kind") not in ActionActivityKind.__members__:
                continue
            info.context.forget()
            kind = ActionActivityKind(note["kind"])
            item = ActionActivity(
                kind=kind,
                action_id=strawberry.ID(note["entry"]),
                enquiry_id=strawberry.ID(note["enquiry"]),
                consistency_token=_token(note),
            )
            if kind is ActionActivityKind.ACTION_PLANNED:
                async with info.context.read() as conn:
                    row = await reads.open_action(
                        conn, info.context.tenant_id, note["entry"], me, today()
                    )
                item.action = None if row is None else OpenAction.of(row)
            yield item

"""The groups' request context, its consistency tokens and its id arguments, typed once.

Resolvers take ``info: Ctx``: strawberry's ``Info`` over servicekit's ``ServiceContext`` of the
groups' application layer, so ``info.context.commands.schools`` is typed all the way down.
"""

from __future__ import annotations

from servicekit.consistency import token_at, wait_for_token
from servicekit.context import ServiceContext
from strawberry.types import Info

from clc_groups.application import GroupsCommands

__all__ = ["SERVICE", "Ctx", "GroupsContext", "consistent", "token_of"]

#: this service's name inside a consistency token
SERVICE = "groups"

GroupsContext = ServiceContext[GroupsCommands]
Ctx = Info[GroupsContext, None]


def token_of(position: int | None) -> str | None:
    """The opaque consistency token of a write that reached ``position`` (None: nothing written)."""
    return token_at(SERVICE, position)


async def consistent(info: Ctx, token: str | None) -> None:
    """Wait until the read models include ``token``; ``NOT_YET_CONSISTENT`` if they do not."""
    await wait_for_token(info.context, SERVICE, token)

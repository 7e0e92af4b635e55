"""The artefact and commons queries. Every field takes the (opaque) consistency token and waits
until the read models have it; a read model that has not caught up in time is a
``NOT_YET_CONSISTENT`` error."""

from __future__ import annotations

import strawberry
from servicekit.pagination import Connection

from .artefacts import Artefact, load_artefact
from .base import Ctx, valid_id
from .commons import CommonsArtefact, commons_list, load_commons_by_id

__all__ = ["ArtefactQueries"]


@strawberry.type
class ArtefactQueries:
    # An artefact the caller may see, by id (null otherwise)

    @strawberry.field
    async def artefact(
        self, info: Ctx, id: strawberry.ID, consistency_token: str | None = None
    ) -> Artefact | None:
        await info.context.consistent(consistency_token)
        return await load_artefact(info, valid_id(id))

    # An artefact in the commons, by its commons id (any tenant's)

    @strawberry.field
    async def commons_artefact(
        self, info: Ctx, id: strawberry.ID, consistency_token: str | None = None
    ) -> CommonsArtefact | None:
        await info.context.consistent(consistency_token)
        return await load_commons_by_id(info, valid_id(id))

    # The commons: what every tenant of the installation published, newest first

    @strawberry.field
    async def commons(
        self,
        info: Ctx,
        first: int | None = 20,
        after: str | None = None,
        consistency_token: str | None = None,
    ) -> Connection[CommonsArtefact]:
        await info.context.consistent(consistency_token)
        return await commons_list(info, first, after)

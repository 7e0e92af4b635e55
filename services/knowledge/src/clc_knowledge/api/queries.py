"""The artefact queries. Every field takes the (opaque) consistency token and waits until the read
models have it; a read model that has not caught up in time is a ``NOT_YET_CONSISTENT`` error."""

from __future__ import annotations

import strawberry

from .artefacts import Artefact, load_artefact
from .base import Ctx, valid_id

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

"""The knowledge subgraph's request context: servicekit's, plus loaders, tokens and the reader.

``resolve_reference`` and every field that names an entity load through per-request DataLoaders,
so the ``_entities`` call a gateway makes for N artefacts is one query, not N. Rows are read under
the caller's tenant (row-level security) *and* visibility (``domain.visibility``): the caller as a
``Reader`` is looked up once per request.

The consistency token is servicekit's opaque string (``servicekit.consistency``); reads that can
follow a write take it and wait for it, and a read model that has not reached it in time is a
``NOT_YET_CONSISTENT`` error, never a silent null.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import asyncpg
from eventkit.principal import Principal
from servicekit import consistency
from servicekit.context import ServiceContext
from servicekit.runtime import Services
from strawberry.dataloader import DataLoader

from clc_knowledge.application import KnowledgeService
from clc_knowledge.domain import Reader
from clc_knowledge.readmodels import queries

__all__ = [
    "ENTITY_KEYS",
    "NOT_YET_CONSISTENT",
    "KnowledgeContext",
    "decode_token",
    "encode_token",
]

NOT_YET_CONSISTENT = consistency.NOT_YET_CONSISTENT
SERVICE = "knowledge"

Fetch = Callable[[asyncpg.Connection, Reader, Sequence[str]], Awaitable[list[asyncpg.Record]]]

#: entity -> (how its rows are fetched by id for a reader, the id column); add one per entity
ENTITY_KEYS: dict[str, tuple[Fetch, str]] = {
    "artefact": (queries.artefacts_by_id, "artefact_id"),
}


def encode_token(position: int | None) -> str | None:
    """The opaque consistency token of a write at ``position``."""
    return consistency.token_at(SERVICE, position)


def decode_token(token: str | None) -> int | None:
    """This service's position inside ``token``; ``BAD_CONSISTENCY_TOKEN`` if it is no token."""
    return None if not token else consistency.position_in(token, SERVICE)


class KnowledgeContext(ServiceContext[KnowledgeService]):
    def __init__(
        self,
        services: Services[KnowledgeService],
        principal: Principal | None,
        auth_error: str | None,
    ) -> None:
        super().__init__(services, principal, auth_error)
        self._loaders: dict[str, DataLoader[str, Any]] = {}
        self._reader: Reader | None = None

    @property
    def tenant_id(self) -> str:
        return self.principal.tenant_id

    @property
    def person_id(self) -> str:
        return self.principal.person_id

    async def reader(self) -> Reader:
        """The caller as a reader (school, groups, networks), once per request."""
        if self._reader is None:
            self._reader = await self.commands.standings.reader(self.principal)
        return self._reader

    def loader(self, entity: str) -> DataLoader[str, Any]:
        """The request's loader of ``entity`` rows by id (``None`` where none is visible)."""
        found = self._loaders.get(entity)
        if found is None:
            fetch, key = ENTITY_KEYS[entity]

            async def load(ids: list[str]) -> list[Any]:
                reader = await self.reader()
                async with self.read() as conn:
                    rows = await fetch(conn, reader, ids)
                by_id = {r[key]: r for r in rows}
                return [by_id.get(i) for i in ids]

            found = self._loaders[entity] = DataLoader(load_fn=load)
        return found

    async def row(self, entity: str, entity_id: str, *, fresh: bool = False) -> Any:
        """The row of one entity; ``fresh`` skips the request's cache (after a mutation)."""
        loader = self.loader(entity)
        if fresh and loader.cache_map.get(entity_id) is not None:
            loader.clear(entity_id)
        return await loader.load(entity_id)

    async def consistent(self, token: int | str | None) -> None:
        """Wait until the read models include the write that returned ``token``; else a
        ``NOT_YET_CONSISTENT`` error (the client may retry the read with the same token)."""
        position = token if isinstance(token, int) else decode_token(token)
        if not await self.reached(position):
            raise consistency.not_yet_consistent(str(token))

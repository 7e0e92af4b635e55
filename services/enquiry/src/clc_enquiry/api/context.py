"""The enquiry subgraph's request context: servicekit's, plus loaders, tokens and who may read.

``resolve_reference`` and every field that names an entity load through per-request DataLoaders,
so the ``_entities`` call a gateway makes for N enquiries is one query, not N. Rows are read under
the caller's tenant (row-level security), so another tenant's id finds nothing.

The consistency token is servicekit's opaque string (``servicekit.consistency``: this service's
position among any others', so a gateway can carry several services' positions in one); reads
that can follow a write take it and wait for it, and a read model that has not reached it in time
is a ``NOT_YET_CONSISTENT`` error, never a silent null.

Who may read a group's enquiry work (journal, reflections, open actions) is asked here once per
request and group: see ``readmodels.visibility``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import asyncpg
from eventkit.principal import Principal
from servicekit import consistency
from servicekit.context import ServiceContext
from servicekit.runtime import Services
from strawberry.dataloader import DataLoader

from clc_enquiry.application import EnquiryService
from clc_enquiry.readmodels import queries, visibility

__all__ = [
    "ENTITY_KEYS",
    "NOT_YET_CONSISTENT",
    "EnquiryContext",
    "decode_token",
    "encode_token",
    "today",
]

NOT_YET_CONSISTENT = consistency.NOT_YET_CONSISTENT
SERVICE = "enquiry"

Fetch = Callable[[asyncpg.Connection, str, Sequence[str]], Awaitable[list[asyncpg.Record]]]


def today() -> date:
    """The date "overdue" is decided against."""
    return datetime.now(UTC).date()


def encode_token(position: int | None) -> str | None:
    """The opaque consistency token of a write at ``position``."""
    return consistency.token_at(SERVICE, position)


def decode_token(token: str | None) -> int | None:
    """This service's position inside ``token``; ``BAD_CONSISTENCY_TOKEN`` if it is no token."""
    return None if not token else consistency.position_in(token, SERVICE)


async def _enquiries(
    conn: asyncpg.Connection, tenant: str, ids: Sequence[str]
) -> list[asyncpg.Record]:
    return await queries.enquiries_by_id(conn, tenant, ids, today=today())


# entity -> (how its rows are fetched by id, the id column)
ENTITY_KEYS: dict[str, tuple[Fetch, str]] = {
    "enquiry": (_enquiries, "enquiry_id"),
    "learning_claim": (queries.claims_by_id, "claim_id"),
    "peer_review": (queries.peer_reviews_by_id, "peer_review_id"),
}


class EnquiryContext(ServiceContext[EnquiryService]):
    def __init__(
        self,
        services: Services[EnquiryService],
        principal: Principal | None,
        auth_error: str | None,
    ) -> None:
        super().__init__(services, principal, auth_error)
        self._loaders: dict[str, DataLoader[str, Any]] = {}
        self._readable: dict[str, bool] = {}

    @property
    def tenant_id(self) -> str:
        return self.principal.tenant_id

    @property
    def person_id(self) -> str:
        return self.principal.person_id

    def forget(self) -> None:
        """Drop what this context has read: a subscription's context outlives many changes."""
        self._loaders.clear()
        self._readable.clear()

    def loader(self, entity: str) -> DataLoader[str, Any]:
        """The request's loader of ``entity`` rows by id (``None`` where there is none)."""
        found = self._loaders.get(entity)
        if found is None:
            fetch, key = ENTITY_KEYS[entity]

            async def load(ids: list[str]) -> list[Any]:
                async with self.read() as conn:
                    rows = await fetch(conn, self.tenant_id, ids)
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

    async def reads_group(self, group_id: str) -> bool:
        """May the caller read this group's enquiry work (journal, reflections, actions)?"""
        found = self._readable.get(group_id)
        if found is None:
            async with self.read() as conn:
                found = await visibility.reads_group(conn, self.tenant_id, group_id, self.person_id)
            self._readable[group_id] = found
        return found

    async def consistent(self, token: int | str | None) -> None:
        """Wait until the read models include the write that returned ``token``; else a
        ``NOT_YET_CONSISTENT`` error (the client may retry the read with the same token)."""
        if isinstance(token, str) and token:
            await consistency.wait_for_token(self, SERVICE, token)  # every pair it follows
            return
        position = token if isinstance(token, int) else decode_token(token)
        if not await self.reached(position):
            raise consistency.not_yet_consistent(str(token))

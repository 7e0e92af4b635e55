"""The enquiry subgraph's request context: servicekit's, plus one DataLoader per entity.

``resolve_reference`` and every field that names an entity load through these loaders, so the
``_entities`` call a gateway makes for N enquiries is one query, not N. Rows are read under the
caller's tenant (row-level security), so another tenant's id finds nothing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import asyncpg
from eventkit.principal import Principal
from servicekit.context import ServiceContext
from servicekit.runtime import Services
from strawberry.dataloader import DataLoader

from clc_enquiry.application import EnquiryService
from clc_enquiry.readmodels import queries

__all__ = ["ENTITY_KEYS", "EnquiryContext", "today"]

Fetch = Callable[[asyncpg.Connection, str, Sequence[str]], Awaitable[list[asyncpg.Record]]]


def today() -> date:
    """The date "overdue" is decided against."""
    return datetime.now(UTC).date()


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

    @property
    def tenant_id(self) -> str:
        return self.principal.tenant_id

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

"""The ballot box: answers waiting to be sealed onto their audit's stream, with no person and no
time beside them. ``PgBallotBox`` keeps them in ``kn_climate_ballot_box`` (forced RLS, see
``readmodels.audit_schema``); ``MemoryBallotBox`` serves unit tests.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Protocol

import asyncpg
from eventkit.pg import tenant_transaction

from clc_knowledge.domain.climate_audit import Ballot, ItemScore

__all__ = ["BallotBox", "MemoryBallotBox", "PgBallotBox"]


class BallotBox(Protocol):
    async def put(self, tenant_id: str, audit_id: str, ballot: Ballot) -> None: ...

    async def pending(self, tenant_id: str, audit_id: str) -> list[Ballot]: ...

    async def remove(self, tenant_id: str, audit_id: str, ballot_ids: Sequence[str]) -> None: ...


class MemoryBallotBox:
    def __init__(self) -> None:
        self._box: dict[tuple[str, str], dict[str, Ballot]] = defaultdict(dict)

    async def put(self, tenant_id: str, audit_id: str, ballot: Ballot) -> None:
        self._box[(tenant_id, audit_id)][ballot.ballot_id] = ballot

    async def pending(self, tenant_id: str, audit_id: str) -> list[Ballot]:
        return list(self._box[(tenant_id, audit_id)].values())

    async def remove(self, tenant_id: str, audit_id: str, ballot_ids: Sequence[str]) -> None:
        box = self._box[(tenant_id, audit_id)]
        for b in ballot_ids:
            box.pop(b, None)


class PgBallotBox:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self._pool = pool

    async def put(self, tenant_id: str, audit_id: str, ballot: Ballot) -> None:
        async with tenant_transaction(self._pool, tenant_id) as conn:
            await conn.execute(
                "insert into kn_climate_ballot_box (tenant_id, audit_id, ballot_id, scores)"
                " values ($1, $2, $3, $4) on conflict do nothing",
                tenant_id,
                audit_id,
                ballot.ballot_id,
                [s.model_dump() for s in ballot.scores],
            )

    async def pending(self, tenant_id: str, audit_id: str) -> list[Ballot]:
        async with tenant_transaction(self._pool, tenant_id) as conn:
            rows = await conn.fetch(
                "select ballot_id, scores from kn_climate_ballot_box"
                " where tenant_id = $1 and audit_id = $2",
                tenant_id,
                audit_id,
            )
        return [
            Ballot(
                ballot_id=r["ballot_id"],
                scores=tuple(ItemScore(**s) for s in r["scores"]),
            )
            for r in rows
        ]

    async def remove(self, tenant_id: str, audit_id: str, ballot_ids: Sequence[str]) -> None:
        async with tenant_transaction(self._pool, tenant_id) as conn:
            await conn.execute(
                "delete from kn_climate_ballot_box"
                " where tenant_id = $1 and audit_id = $2 and ballot_id = any($3::text[])",
                tenant_id,
                audit_id,
                list(ballot_ids),
            )

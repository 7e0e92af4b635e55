"""``artefactBalance``: artefacts per field of knowledge for a group or a network, counting only
published artefacts the reader may see (``visibility.visible_sql``) — the same rows the library
would show them. Read straight from ``kn_artefacts`` (its group and network columns are indexed);
the enquiry service keeps owning ``knowledgeBalance`` of ideas."""

from __future__ import annotations

from dataclasses import dataclass

import asyncpg

from clc_knowledge.domain import Reader
from clc_knowledge.domain.values import KnowledgeField

from .visibility import reader_parameters, visible_sql

__all__ = ["FieldShare", "artefact_balance"]


@dataclass(frozen=True)
class FieldShare:
    knowledge_field: KnowledgeField
    artefacts: int
    share: float  # of all counted artefacts, 0..1 (0 when there are none)


async def artefact_balance(
    conn: asyncpg.Connection, reader: Reader, *, group_id: str | None, network_id: str | None
) -> list[FieldShare]:
    """Every field, zeros included, in the enum's order."""
    rows = await conn.fetch(
        "select knowledge_field, count(*)::int as n from kn_artefacts"
        f" where {visible_sql(1)} and status = 'published'"
        " and (group_id = $7 or network_id = $8) group by knowledge_field",
        *reader_parameters(reader),
        group_id,
        network_id,
    )
    counts = {r["knowledge_field"]: r["n"] for r in rows}
    total = sum(counts.values())
    return [
        FieldShare(f, counts.get(f.value, 0), counts.get(f.value, 0) / total if total else 0.0)
        for f in KnowledgeField
    ]

"""The visibility rule of ``clc_knowledge.domain.visibility`` in SQL, for filtering many rows.

``visible_sql(n)`` is a boolean expression over a row with the columns ``tenant_id``, ``status``,
``visibility``, ``group_id``, ``school_id``, ``network_id``, ``contributor_ids`` (text[]) and
``in_commons``, using the positional parameters ``$n`` .. ``$n+5`` that ``reader_parameters``
gives in order. A unit test checks it agrees with ``sees`` on the whole decision table.
"""

from __future__ import annotations

from typing import Any

from clc_knowledge.domain.visibility import Reader

__all__ = ["reader_parameters", "visible_sql"]


def visible_sql(first: int = 1, alias: str = "") -> str:
    """``sees(reader, row)`` in SQL; ``alias`` qualifies the columns (``a`` gives ``a.status``)."""
    t, p, adm, sch, grp, net = (f"${first + i}" for i in range(6))
    c = f"{alias}." if alias else ""
    return (
        f"({c}tenant_id = {t} and ({adm} or {p} = any({c}contributor_ids)"
        f" or {c}group_id = any({grp}::text[])"
        f" or ({c}status <> 'draft' and ({c}visibility = 'tenant' or {c}in_commons"
        f" or ({c}visibility in ('school', 'network') and {c}school_id = {sch})"
        f" or ({c}visibility = 'network' and {c}network_id = any({net}::text[]))))))"
    )


def reader_parameters(reader: Reader) -> list[Any]:
    """The six parameters of ``visible_sql``, in order."""
    return [
        reader.tenant_id,
        reader.person_id,
        reader.admin,
        reader.school_id,
        sorted(reader.group_ids),
        sorted(reader.network_ids),
    ]
